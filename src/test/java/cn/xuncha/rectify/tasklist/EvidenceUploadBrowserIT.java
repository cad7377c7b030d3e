package cn.xuncha.rectify.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;

import cn.xuncha.rectify.flow.Walk;
import cn.xuncha.rectify.measure.MeasureEvents;
import cn.xuncha.rectify.measure.MeasureService;
import cn.xuncha.rectify.ledger.Ledger;
import cn.xuncha.rectify.ledger.Measure;
import cn.xuncha.rectify.ledger.MeasureStatus;
import cn.xuncha.rectify.ledger.MeasureType;
import cn.xuncha.rectify.ledger.RoundDraft;
import cn.xuncha.rectify.round.RoundService;
import cn.xuncha.rectify.system.Now;

/**
 * 提交佐证材料申请销号 in the real Camunda Tasklist, in headless Chromium: the one task whose form is an embedded HTML
 * form (forms/submit-evidence.html, {@code embedded:deployment:}) because form-js has no file picker. staff-law claims
 * it from 本科室待办, the form shows the measure, refuses to complete without a file or with one over its 10 MB limit,
 * then takes the closure summary and a real file (a Chinese name and content) as a File variable; {@link MeasureService} stores it with its SHA-256
 * and the office can download the same bytes. The setup (round, plan, execution up to the closure request) goes
 * through the engine as the people who own the tasks ({@link Walk}); only the evidence step is in the browser.
 *
 * <p>Needs Debian's chromium and chromium-driver, as {@link TasklistBrowserIT} (see {@link TasklistBrowser}). The
 * filled form is also saved as docs/screenshots/tasklist-evidence.png for the README.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@EnabledIf(value = TasklistBrowser.ENABLED_IF, disabledReason = TasklistBrowser.SKIPPED)
class EvidenceUploadBrowserIT {

	static final String MEASURE_TEXT = "修订执法记录仪使用管理规定，全面开展执法记录仪使用情况检查";
	static final String CLOSURE_SUMMARY = "已印发《执法记录仪使用管理规定（修订）》，检查执法记录仪 36 台，"
			+ "发现问题 5 个，已全部整改，整改率 100%。";
	static final String FILE_NAME = "整改佐证.txt";
	static final By SUBMIT_EVIDENCE_FORM = By.cssSelector("[cam-tasklist-form] form[name='submitEvidenceForm']");
	static final By FILE_INPUT = By.cssSelector("input[type='file'][cam-variable-name='evidenceFile']");
	/** The form's message about the evidence file (missing, empty, too large). */
	static final By EVIDENCE_ERROR = By.cssSelector("form[name='submitEvidenceForm'] .help-block.evidence-error");

	@LocalServerPort
	int port;
	@Autowired
	RoundService rounds;
	@Autowired
	TaskService tasks;
	@Autowired
	IdentityService identity;
	@Autowired
	RuntimeService runtime;
	@Autowired
	HistoryService history;
	@Autowired
	Ledger ledger;
	@Autowired
	MeasureEvents measureEvents;
	@Autowired
	TestRestTemplate rest;

	String roundKey;
	String problemTitle;
	String measureKey;
	LocalDate deadline;
	Path fileDir;
	Path evidenceFile;
	TasklistBrowser browser;

	@BeforeAll
	static void browserInstalled() {
		TasklistBrowser.requireBrowser();
	}

	/** One problem of dept-law (leader1) with one FIXED measure, driven to 提交佐证材料申请销号 through the engine. */
	@BeforeEach
	void measureWaitingForEvidence() throws IOException {
		roundKey = "EVB-" + Long.toString(System.currentTimeMillis(), 36).toUpperCase();
		problemTitle = "执法记录仪使用不规范（佐证上传测试 " + roundKey + "）";
		deadline = Now.today().plusDays(30);
		var draft = new RoundDraft(roundKey, "佐证上传测试巡察整改", "测试局", "第一巡察组", Now.today(),
				List.of(new RoundDraft.CategoryDraft("依法行政有差距",
						List.of(new RoundDraft.ProblemDraft(problemTitle, "dept-law", "leader1",
								List.of(new RoundDraft.MeasureDraft(MEASURE_TEXT, "dept-law", "黄立", deadline,
										MeasureType.FIXED, null, null)))))));
		rounds.create(draft);
		String problemKey = roundKey + "-P1";
		measureKey = problemKey + "-M1";

		var walk = new Walk(tasks, identity);
		walk.complete(roundKey, "Task_RegisterFeedback", "office", Map.of());
		walk.complete(problemKey, "Task_DraftPlan", "staff-law", Map.of("measures", List.of(Map.of("text",
				MEASURE_TEXT, "responsiblePerson", "黄立", "deadline", deadline.toString(), "type", "FIXED"))));
		walk.complete(problemKey, "Task_ReviewPlan", "leader1", Map.of("planDecision", "approve"));
		walk.complete(measureKey, "Task_ExecuteMeasure", "staff-law",
				Map.of("progressNote", "规定已修订印发，检查已完成", "executionAction", "requestClosure"));

		Task submit = walk.task(measureKey, "Task_SubmitEvidence");
		assertThat(submit.getAssignee()).isNull();
		assertThat(tasks.getIdentityLinksForTask(submit.getId()))
				.anySatisfy(link -> assertThat(link.getGroupId()).isEqualTo("dept-law"));

		// a real file, as a user would pick it: Chinese name and content
		fileDir = Files.createTempDirectory("evidence-upload-");
		evidenceFile = fileDir.resolve(FILE_NAME);
		Files.writeString(evidenceFile, """
				关于执法记录仪使用管理问题的整改佐证
				整改措施：%s
				一、已修订并印发《执法记录仪使用管理规定》。
				二、检查执法记录仪 36 台，发现问题 5 个，已全部整改。
				（%s）
				""".formatted(MEASURE_TEXT, roundKey), StandardCharsets.UTF_8);

		browser = TasklistBrowser.open(port);
	}

	@AfterEach
	void closeBrowser() throws IOException {
		try {
			if (browser != null) {
				browser.close();
			}
		}
		finally {
			if (fileDir != null) {
				try (Stream<Path> files = Files.walk(fileDir)) {
					files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
				}
			}
		}
	}

	@Test
	void departmentUploadsEvidenceThroughTheEmbeddedForm() throws IOException, NoSuchAlgorithmException {
		try {
			submitEvidenceAsDepartment();
		}
		catch (RuntimeException | AssertionError e) {
			if (browser != null) {
				browser.evidence("evidence-failure");
			}
			throw e;
		}
		evidenceStoredAndDownloadable();
	}

	private void submitEvidenceAsDepartment() {
		Task submit = tasks.createTaskQuery().processInstanceBusinessKey(measureKey)
				.taskDefinitionKey("Task_SubmitEvidence").singleResult();

		browser.login("staff-law", "demo");
		browser.openFilter("本科室待办");
		browser.openTask(submit.getId());
		assertThat(browser.taskName()).startsWith("提交佐证材料申请销号 · P1-M1 ");
		browser.claim();

		// the embedded form (embedded:deployment:forms/submit-evidence.html), enabled, with the measure shown
		WebElement form = embeddedForm();
		browser.wait.until(d -> form.getText().contains(MEASURE_TEXT));
		assertThat(form.getText()).contains(problemTitle, MEASURE_TEXT, deadline.toString());
		WebElement summary = form.findElement(By.cssSelector("textarea[cam-variable-name='closureSummary']"));
		WebElement file = form.findElement(FILE_INPUT);
		assertThat(file.getAttribute("cam-variable-type")).isEqualTo("File");
		browser.screenshot("evidence-01-form");

		// nothing filled: the summary is required, 完成 is disabled
		assertThat(browser.completeButton().isEnabled()).as("完成 enabled on an empty form").isFalse();

		// the summary but no file: 完成 is refused with the form's message
		summary.sendKeys(CLOSURE_SUMMARY);
		refused(submit.getId(), "请上传佐证材料");
		browser.screenshot("evidence-02-refused-without-file");

		// a file over the form's limit (cam-max-filesize, 10 MB): refused as well, and 完成 still works after it
		file.sendKeys(tooLargeFile().toAbsolutePath().toString());
		refused(submit.getId(), "超过 10 MB");
		browser.screenshot("evidence-02-refused-too-large");

		// the real file (what choosing it after a click on 选择文件 does): the message goes, 完成 completes
		file.sendKeys(evidenceFile.toAbsolutePath().toString());
		browser.wait.until(d -> FILE_NAME.equals(((JavascriptExecutor) d)
				.executeScript("return arguments[0].files.length === 1 && arguments[0].files[0].name", file)));
		browser.wait.until(ExpectedConditions.invisibilityOfElementLocated(EVIDENCE_ERROR));
		assertThat(summary.getAttribute("value")).isEqualTo(CLOSURE_SUMMARY);
		browser.completeEnabled();
		browser.unfocus();
		browser.screenshot("evidence-03-filled");
		browser.copyToDocs("evidence-03-filled", "tasklist-evidence.png");

		browser.click(browser.completeButton());
		HistoricTaskInstance submitted = TasklistBrowser.finished(history, submit.getId());
		assertThat(submitted.getAssignee()).isEqualTo("staff-law");
		assertThat(submitted.getDeleteReason()).isEqualTo("completed");
		browser.wait.until(ExpectedConditions.invisibilityOfElementLocated(TasklistBrowser.taskLink(submit.getId())));
		browser.screenshot("evidence-04-completed");
	}

	/**
	 * 完成 refused: the form's script stops the submit and says why (a file input cannot be {@code required} in
	 * Tasklist, see forms/submit-evidence.html). The task stays open, nothing is stored, and 完成 can be used again.
	 */
	private void refused(String taskId, String message) {
		browser.completeEnabled(); // the summary is filled: the form is valid as far as Tasklist knows
		browser.click(browser.completeButton());
		assertThat(browser.text(EVIDENCE_ERROR)).contains(message);
		sleep(Duration.ofMillis(1500)); // a submit that went through would have completed the task by now
		assertThat(tasks.createTaskQuery().taskId(taskId).singleResult()).as("task %s still open", taskId)
				.isNotNull();
		assertThat(history.createHistoricTaskInstanceQuery().taskId(taskId).finished().count()).isZero();
		assertThat(measureEvents.evidence(ledger.measure(measureKey).id())).isEmpty();
		assertThat(ledger.measure(measureKey).status()).isEqualTo(MeasureStatus.IN_PROGRESS);
		browser.completeEnabled(); // not stuck in "completing"
	}

	/** Just over the form's cam-max-filesize (10,000,000 bytes), as a scanned PDF easily is. */
	private Path tooLargeFile() {
		try {
			Path file = fileDir.resolve("整改佐证扫描件.pdf");
			byte[] content = new byte[10_000_001];
			Arrays.fill(content, (byte) '%');
			return Files.write(file, content);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private void evidenceStoredAndDownloadable() throws IOException, NoSuchAlgorithmException {
		byte[] content = Files.readAllBytes(evidenceFile);
		String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));

		Task verify = tasks.createTaskQuery().processInstanceBusinessKey(measureKey)
				.taskDefinitionKey("Task_VerifyEvidence").singleResult();
		assertThat(verify).as("Task_VerifyEvidence of %s", measureKey).isNotNull();
		assertThat(verify.getAssignee()).isNull();
		assertThat(tasks.getIdentityLinksForTask(verify.getId()))
				.anySatisfy(link -> assertThat(link.getGroupId()).isEqualTo("office"));

		Measure measure = ledger.measure(measureKey);
		assertThat(measure.status()).isEqualTo(MeasureStatus.CLOSURE_REQUESTED);
		List<MeasureEvents.Evidence> evidence = measureEvents.evidence(measure.id());
		assertThat(evidence).singleElement().satisfies(e -> {
			assertThat(e.fileName()).isEqualTo(FILE_NAME);
			assertThat(e.sizeBytes()).isEqualTo(content.length).isEqualTo(Files.size(evidenceFile));
			assertThat(e.sha256()).isEqualTo(sha256);
			assertThat(e.uploadedBy()).isEqualTo("staff-law");
		});
		assertThat(measureEvents.events(measure.id()))
				.filteredOn(e -> e.kind() == MeasureEvents.Kind.CLOSURE_REQUESTED).singleElement()
				.satisfies(e -> assertThat(e.note()).isEqualTo(CLOSURE_SUMMARY));
		assertThat((String) runtime.getVariable(verify.getProcessInstanceId(), "evidenceInfo")).contains(FILE_NAME,
				sha256, "/api/evidence/" + evidence.get(0).id());

		var download = rest.withBasicAuth("office", "demo").getForEntity("/api/evidence/" + evidence.get(0).id(),
				byte[].class);
		assertThat(download.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(download.getBody()).isEqualTo(content);
		assertThat(ContentDisposition.parse(download.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION))
				.getFilename()).isEqualTo(FILE_NAME);
	}

	/** The embedded form, rendered and enabled for the current user (claimed). */
	private WebElement embeddedForm() {
		return browser.wait.until(d -> {
			var forms = d.findElements(SUBMIT_EVIDENCE_FORM);
			if (forms.isEmpty() || !forms.get(0).isDisplayed()) {
				return null;
			}
			var disabled = d.findElements(By.cssSelector("[cam-tasklist-form] .disabled-form"));
			return disabled.isEmpty() ? forms.get(0) : null;
		});
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
