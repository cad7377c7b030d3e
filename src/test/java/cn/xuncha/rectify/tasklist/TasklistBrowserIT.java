package cn.xuncha.rectify.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

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
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import cn.xuncha.rectify.ledger.Ledger;
import cn.xuncha.rectify.ledger.Measure;
import cn.xuncha.rectify.ledger.MeasureStatus;
import cn.xuncha.rectify.ledger.MeasureType;
import cn.xuncha.rectify.ledger.RoundDraft;
import cn.xuncha.rectify.round.RoundService;
import cn.xuncha.rectify.system.Now;

/**
 * The plan of one problem drafted and approved in the real Camunda Tasklist, in headless Chromium: staff-law claims
 * 制定整改方案 from 本科室待办 and fills the draftPlan Camunda Form (dynamic list with a date field), leader1 approves
 * it in 审核整改方案 from 我的待办. Everything happens through the UI as those users (so it keeps working with
 * authorization enabled); only the setup and the assertions use the engine.
 *
 * <p>Needs Debian's chromium and chromium-driver. Without them the test is skipped (reported as skipped, with the
 * reason), unless REQUIRE_BROWSER=true (CI), where it fails (see {@link TasklistBrowser}). Screenshots go to
 * target/screenshots; two of them also to docs/screenshots for the README.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@EnabledIf(value = TasklistBrowser.ENABLED_IF, disabledReason = TasklistBrowser.SKIPPED)
class TasklistBrowserIT {

	static final Duration TIMEOUT = TasklistBrowser.TIMEOUT;
	static final String MEASURE_TEXT = "修订执法记录仪使用管理规定，全面开展执法记录仪使用情况检查";

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

	String roundKey;
	String problemKey;
	String problemTitle;
	TasklistBrowser browser;

	@BeforeAll
	static void browserInstalled() {
		TasklistBrowser.requireBrowser();
	}

	@BeforeEach
	void roundWithOneAssignedProblem() throws IOException {
		roundKey = "TLB-" + Long.toString(System.currentTimeMillis(), 36).toUpperCase();
		problemTitle = "执法记录仪使用不规范（浏览器测试 " + roundKey + "）";
		var draft = new RoundDraft(roundKey, "浏览器测试巡察整改", "测试局", "第一巡察组", Now.today(),
				List.of(new RoundDraft.CategoryDraft("依法行政有差距",
						List.of(new RoundDraft.ProblemDraft(problemTitle, "dept-law", "leader1", List.of())))));
		rounds.create(draft);
		problemKey = roundKey + "-P1";

		Task register = tasks.createTaskQuery().processInstanceBusinessKey(roundKey)
				.taskDefinitionKey("Task_RegisterFeedback").singleResult();
		assertThat(register).as("Task_RegisterFeedback of %s", roundKey).isNotNull();
		// the engine checks authorizations against the authenticated user's groups (整改办 is a candidate group)
		identity.setAuthentication("office",
				identity.createGroupQuery().groupMember("office").list().stream().map(g -> g.getId()).toList());
		try {
			tasks.claim(register.getId(), "office");
			tasks.complete(register.getId());
		}
		finally {
			identity.clearAuthentication();
		}

		browser = TasklistBrowser.open(port);
	}

	@AfterEach
	void closeBrowser() throws IOException {
		if (browser != null) {
			browser.close();
		}
	}

	@Test
	void departmentDraftsThePlanAndTheLeaderApprovesItInTasklist() {
		try {
			draftPlanAsDepartment();
			approvePlanAsLeader();
		}
		catch (RuntimeException | AssertionError e) {
			if (browser != null) {
				browser.evidence("failure");
			}
			throw e;
		}
	}

	/**
	 * 工程建设科 has several 落实整改措施 in the demo. staff-eng lands on 我的待办 (the first filter), sorted by due date,
	 * without the Camunda 8 banner, and picks P1-M5 by the name and key the list shows: one task opened, the right one.
	 */
	@Test
	void staffUserFindsAMeasuresTaskFromTheListByItsName() {
		String measureKey = "HZSW-2020-P1-M5";
		Task wanted = tasks.createTaskQuery().processInstanceBusinessKey(measureKey)
				.taskDefinitionKey("Task_ExecuteMeasure").singleResult();
		assertThat(wanted).as("Task_ExecuteMeasure of %s in the demo", measureKey).isNotNull();
		try {
			browser.login("staff-eng", "demo");
			browser.wait.until(d -> d.findElements(By.cssSelector(".task-filters .task-filter.active h4.name a"))
					.stream().anyMatch(a -> a.getText().strip().startsWith("我的待办")));
			assertThat(browser.driver.findElements(By.cssSelector(".ce-eol-banner")))
					.noneMatch(WebElement::isDisplayed);
			browser.wait.until(d -> d.getCurrentUrl().contains("sorting=") && d.getCurrentUrl().contains("dueDate"));

			List<WebElement> entries = browser.wait.until(d -> {
				var list = d.findElements(By.cssSelector(".tasks-list li.task"));
				return list.size() >= 5 ? list : null;
			});
			assertThat(entries).extracting(e -> e.findElement(By.cssSelector("h4.task")).getText().strip())
					.filteredOn(name -> name.startsWith("落实整改措施 · ")).hasSizeGreaterThanOrEqualTo(5)
					.doesNotHaveDuplicates();
			WebElement entry = entries.stream()
					.filter(e -> e.findElement(By.cssSelector("h4.task")).getText().contains("P1-M5 ")).findFirst()
					.orElseThrow(() -> new AssertionError("no list entry names P1-M5"));
			assertThat(entry.getText()).contains("落实整改措施 · P1-M5 编制开工准备和施工计划", measureKey, "工程建设科");
			browser.unfocus();
			browser.screenshot("07-find-measure-list");
			browser.copyToDocs("07-find-measure-list", "tasklist-find-measure.png");

			browser.click(entry.findElement(By.cssSelector("h4.task a")));
			browser.wait.until(d -> d.getCurrentUrl().contains("task=" + wanted.getId()));
			assertThat(browser.taskName()).startsWith("落实整改措施 · P1-M5 ");
		}
		catch (RuntimeException | AssertionError e) {
			browser.evidence("failure-find-measure");
			throw e;
		}
	}

	private void draftPlanAsDepartment() {
		Task draftPlan = tasks.createTaskQuery().processInstanceBusinessKey(problemKey)
				.taskDefinitionKey("Task_DraftPlan").singleResult();
		assertThat(draftPlan).as("Task_DraftPlan of %s", problemKey).isNotNull();

		browser.login("staff-law", "demo");
		browser.screenshot("01-login-staff-law");
		browser.openFilter("本科室待办");
		browser.openTask(draftPlan.getId());
		assertThat(browser.taskName()).isEqualTo("制定整改方案 · P1 " + TaskMatter.shorten(problemTitle));
		browser.screenshot("02-draft-plan-unclaimed");

		browser.claim();
		WebElement form = camundaForm();
		assertThat(fieldInput(form, "Field_ProblemTitle").getAttribute("value")).isEqualTo(problemTitle);
		assertThat(fieldInput(form, "Field_CategoryTitle").getAttribute("value")).isEqualTo("依法行政有差距");

		// measures is [] (the import had none): add one item to the dynamic list
		assertThat(form.findElements(By.cssSelector(".fjs-repeat-row-container"))).isEmpty();
		browser.click(form.findElement(By.cssSelector("button.fjs-repeat-render-add")));
		WebElement row = browser.wait
				.until(d -> browser.visible(form, By.cssSelector(".fjs-repeat-row-container")));

		LocalDate deadline = measureDeadline();
		type(fieldInput(row, "Field_MeasureText"), MEASURE_TEXT);
		type(fieldInput(row, "Field_MeasureResponsiblePerson"), "黄立");
		typeDate(fieldInput(row, "Field_MeasureDeadline"), deadline);
		choose(row, "Field_MeasureType", "限期整改");
		type(fieldInput(row, "Field_MeasureFigureTotal"), "12", Keys.TAB);
		readyToComplete();
		browser.unfocus();
		browser.screenshot("03-draft-plan-filled");
		browser.copyToDocs("03-draft-plan-filled", "tasklist-draft-plan.png");

		browser.click(browser.completeButton());
		HistoricTaskInstance drafted = TasklistBrowser.finished(history, draftPlan.getId());
		assertThat(drafted.getAssignee()).isEqualTo("staff-law");
		assertThat(drafted.getDeleteReason()).isEqualTo("completed");
		browser.wait
				.until(ExpectedConditions.invisibilityOfElementLocated(TasklistBrowser.taskLink(draftPlan.getId())));
		browser.screenshot("04-draft-plan-completed");

		Task review = tasks.createTaskQuery().processInstanceBusinessKey(problemKey)
				.taskDefinitionKey("Task_ReviewPlan").singleResult();
		assertThat(review).as("Task_ReviewPlan of %s", problemKey).isNotNull();
		assertThat(review.getAssignee()).isEqualTo("leader1");

		List<Measure> measures = ledger.measuresOfProblem(ledger.problem(problemKey).id());
		assertThat(measures).singleElement().satisfies(m -> {
			assertThat(m.key()).isEqualTo(problemKey + "-M1");
			assertThat(m.text()).isEqualTo(MEASURE_TEXT);
			assertThat(m.responsiblePerson()).isEqualTo("黄立");
			assertThat(m.deadline()).isEqualTo(deadline);
			assertThat(m.type()).isEqualTo(MeasureType.FIXED);
			assertThat(m.figureTotal()).isEqualTo(12);
			assertThat(m.department()).isEqualTo("dept-law");
			assertThat(m.status()).isEqualTo(MeasureStatus.PLANNED);
		});
		browser.logout();
	}

	private static LocalDate measureDeadline() {
		return Now.today().plusDays(45);
	}

	private void approvePlanAsLeader() {
		Task review = tasks.createTaskQuery().processInstanceBusinessKey(problemKey)
				.taskDefinitionKey("Task_ReviewPlan").singleResult();

		browser.login("leader1", "demo");
		browser.openFilter("我的待办");
		browser.openTask(review.getId());
		assertThat(browser.taskName()).isEqualTo("审核整改方案 · P1 " + TaskMatter.shorten(problemTitle));
		WebElement form = camundaForm();
		assertThat(fieldInput(form, "Field_ProblemTitle").getAttribute("value")).isEqualTo(problemTitle);
		// the plan as a read-only table (FEEL maps the type to its label)
		WebElement table = browser.wait
				.until(d -> browser.visible(form, By.cssSelector(".fjs-form-field-table table.fjs-table")));
		assertThat(table.findElements(By.cssSelector("tbody tr.fjs-table-tr"))).singleElement()
				.satisfies(tr -> assertThat(tr.findElements(By.cssSelector("td.fjs-table-td")))
						.extracting(td -> td.getText().strip()).containsExactly(
								MEASURE_TEXT, "黄立", measureDeadline().toString(), "限期整改", "12"));
		choose(form, "Field_PlanDecision", "通过");
		type(fieldInput(form, "Field_PlanComment"), "同意，按期推进。", Keys.TAB);
		browser.completeEnabled(); // no dynamic list in this form: no 保存 needed
		browser.unfocus();
		browser.screenshot("05-review-plan-filled");
		browser.copyToDocs("05-review-plan-filled", "tasklist-review-plan.png");

		browser.click(browser.completeButton());
		HistoricTaskInstance reviewed = TasklistBrowser.finished(history, review.getId());
		assertThat(reviewed.getAssignee()).isEqualTo("leader1");
		browser.wait
				.until(ExpectedConditions.invisibilityOfElementLocated(TasklistBrowser.taskLink(review.getId())));
		browser.screenshot("06-review-plan-completed");

		String problemInstance = review.getProcessInstanceId();
		var decision = history.createHistoricVariableInstanceQuery().processInstanceId(problemInstance)
				.variableName("planDecision").singleResult();
		assertThat(decision).isNotNull();
		assertThat(decision.getValue()).isEqualTo("approve");

		String measureKey = problemKey + "-M1";
		assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("measureRectification")
				.processInstanceBusinessKey(measureKey).count()).as("measureRectification of %s", measureKey)
				.isEqualTo(1);
		Task execute = tasks.createTaskQuery().processInstanceBusinessKey(measureKey)
				.taskDefinitionKey("Task_ExecuteMeasure").singleResult();
		assertThat(execute).as("Task_ExecuteMeasure of %s", measureKey).isNotNull();
		assertThat(execute.getAssignee()).isNull();
		assertThat(tasks.getIdentityLinksForTask(execute.getId()))
				.anySatisfy(link -> assertThat(link.getGroupId()).isEqualTo("dept-law"));
		assertThat(ledger.measure(measureKey).status()).isEqualTo(MeasureStatus.IN_PROGRESS);
	}

	// ---------------------------------------------------------------------------------------------------------------
	// Tasklist (the rest is in TasklistBrowser)

	/** The rendered Camunda Form (form-js), once it is enabled for the current user. */
	private WebElement camundaForm() {
		return browser.wait.until(d -> {
			var forms = d.findElements(By.cssSelector("[cam-tasklist-form-camunda] form.fjs-form"));
			if (forms.isEmpty() || !forms.get(0).isDisplayed()) {
				return null;
			}
			var disabled = d.findElements(By.cssSelector("[cam-tasklist-form] .disabled-form"));
			return disabled.isEmpty() ? forms.get(0) : null;
		});
	}

	/**
	 * 完成 enabled. Camunda 7.24 Tasklist needs 保存 first for forms with a filled dynamic list (see saveUntilValid),
	 * unless the Tasklist loads the fix for that, scripts/camunda-forms-validity.js: then 完成 must be enabled as is.
	 */
	private void readyToComplete() {
		if (tasklistLoadsFormValidityFix()) {
			browser.completeEnabled();
		}
		else {
			saveUntilValid();
		}
	}

	private boolean tasklistLoadsFormValidityFix() {
		try {
			var config = HttpClient.newHttpClient().send(
					HttpRequest.newBuilder(URI.create(browser.base() + "/camunda/app/tasklist/scripts/config.js"))
							.build(),
					HttpResponse.BodyHandlers.ofString());
			return config.statusCode() == 200 && config.body().lines().map(String::strip)
					.anyMatch(line -> !line.startsWith("//") && line.contains("camunda-forms-validity"));
		}
		catch (IOException e) {
			return false;
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Camunda 7.24 Tasklist marks a Camunda Form invalid while form-js' error map has any key, and form-js records a
	 * valid edit of a field inside a dynamic list as {@code errors[fieldId] = []} (empty, but a key): 完成 stays
	 * disabled. 保存 (save) runs form-js' full validation, which rebuilds the map without empty entries, so a user
	 * saves, then completes. form-js applies typed text after a debounce, which can make the form dirty (and the map
	 * dirty) again after a save: save until 保存 is disabled (nothing unsaved) and 完成 enabled.
	 */
	private void saveUntilValid() {
		By save = By.cssSelector("[cam-tasklist-form] .form-actions button[ng-click='save($event)']");
		new FluentWait<>(browser.driver).withTimeout(TIMEOUT).pollingEvery(Duration.ofMillis(700))
				.ignoring(StaleElementReferenceException.class).withMessage("完成 enabled after 保存").until(d -> {
					WebElement button = d.findElement(save);
					if (button.isEnabled()) {
						browser.click(button);
						return false;
					}
					return browser.completeButton().isEnabled();
				});
	}

	// ---------------------------------------------------------------------------------------------------------------
	// form-js

	/** The input of a form-js field by its id in the form schema (form-js puts it into the DOM ids). */
	private WebElement fieldInput(WebElement scope, String fieldId) {
		return browser.wait.until(d -> scope.findElements(By.cssSelector("[id*='" + fieldId + "']")).stream()
				.filter(e -> List.of("input", "textarea").contains(e.getTagName())).findFirst().orElse(null));
	}

	private void type(WebElement input, CharSequence... keys) {
		input.clear();
		input.sendKeys(keys);
	}

	/** The datetime field (flatpickr with allowInput): typed in the browser's locale format, taken on Enter. */
	private void typeDate(WebElement input, LocalDate date) {
		String localized = (String) ((JavascriptExecutor) browser.driver).executeScript(
				"return new Intl.DateTimeFormat().format(new Date(arguments[0], arguments[1] - 1, arguments[2]));",
				date.getYear(), date.getMonthValue(), date.getDayOfMonth());
		input.click();
		input.sendKeys(Keys.chord(Keys.CONTROL, "a"), localized, Keys.ENTER);
	}

	/** A select (form-js dropdown) or a radio group, by the label of the option. */
	private void choose(WebElement scope, String fieldId, String optionLabel) {
		WebElement field = browser.wait.until(d -> browser.visible(scope,
				By.cssSelector(".fjs-form-field:is(.fjs-form-field-select, .fjs-form-field-radio):has([id*='" + fieldId
						+ "'])")));
		var display = field.findElements(By.cssSelector(".fjs-select-display"));
		if (!display.isEmpty()) {
			browser.click(display.get(0));
			WebElement option = browser.wait.until(d -> field.findElements(By.cssSelector(".fjs-dropdownlist-item"))
					.stream()
					.filter(o -> o.isDisplayed() && o.getText().strip().equals(optionLabel)).findFirst().orElse(null));
			browser.click(option);
			browser.wait.until(d -> field.findElement(By.cssSelector(".fjs-select-display")).getText().strip()
					.equals(optionLabel));
			return;
		}
		WebElement radio = browser.wait.until(d -> field.findElements(By.cssSelector("input[type='radio']")).stream()
				.filter(r -> r.findElement(By.xpath("./ancestor::label[1]")).getText().strip().equals(optionLabel))
				.findFirst().orElse(null));
		browser.click(radio);
		browser.wait.until(d -> radio.isSelected());
	}
}
