package cn.xuncha.rectify.tasklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import cn.xuncha.rectify.round.Ledger;
import cn.xuncha.rectify.round.Measure;
import cn.xuncha.rectify.round.MeasureStatus;
import cn.xuncha.rectify.round.MeasureType;
import cn.xuncha.rectify.round.RoundDraft;
import cn.xuncha.rectify.round.RoundService;
import cn.xuncha.rectify.system.Now;

/**
 * The plan of one problem drafted and approved in the real Camunda Tasklist, in headless Chromium: staff-law claims
 * 制定整改方案 from 本科室待办 and fills the draftPlan Camunda Form (dynamic list with a date field), leader1 approves
 * it in 审核整改方案 from 我的待办. Everything happens through the UI as those users (so it keeps working with
 * authorization enabled); only the setup and the assertions use the engine.
 *
 * <p>Needs Debian's chromium and chromium-driver. Without them the test is skipped (reported as skipped, with the
 * reason), unless REQUIRE_BROWSER=true (CI), where it fails. Screenshots go to target/screenshots; two of them also to docs/screenshots for the README.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@EnabledIf(value = "browserInstalledOrRequired", disabledReason = TasklistBrowserIT.SKIPPED)
class TasklistBrowserIT {

	static final String INSTALL = "apt-get install -y chromium chromium-driver fonts-noto-cjk";
	/** Shown as the reason of the skip (a skip in @BeforeAll alone would leave no trace in Maven's report). */
	static final String SKIPPED = "Skipped: Tasklist browser test needs /usr/bin/chromium and /usr/bin/chromedriver ("
			+ INSTALL + "); with REQUIRE_BROWSER=true it fails instead";

	static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
	static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");
	static final Duration TIMEOUT = Duration.ofSeconds(30);
	static final String MEASURE_TEXT = "修订执法记录仪使用管理规定，全面开展执法记录仪使用情况检查";

	static final Path BASEDIR = Paths.get(System.getProperty("basedir", System.getProperty("user.dir")));
	static final Path SCREENSHOTS = BASEDIR.resolve("target/screenshots");
	static final Path DOC_SCREENSHOTS = BASEDIR.resolve("docs/screenshots");

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
	WebDriver driver;
	WebDriverWait wait;
	Path userDataDir;

	/** Runs where Chromium and ChromeDriver are installed, or where REQUIRE_BROWSER=true asks for them (CI). */
	static boolean browserInstalledOrRequired() {
		return missingBrowser() == null || browserRequired();
	}

	@BeforeAll
	static void browserInstalled() {
		String missing = missingBrowser();
		if (missing == null) {
			return;
		}
		String message = "Tasklist browser test needs Chromium and ChromeDriver, missing: " + missing + " (" + INSTALL
				+ ")";
		if (browserRequired()) {
			fail(message + "; REQUIRE_BROWSER=true, so this is an error");
		}
		Assumptions.assumeTrue(false, message + "; skipped (set REQUIRE_BROWSER=true to fail instead)");
	}

	private static String missingBrowser() {
		return Stream.of(CHROMIUM, CHROMEDRIVER).filter(p -> !Files.isExecutable(p)).map(Path::toString)
				.reduce((a, b) -> a + ", " + b).orElse(null);
	}

	private static boolean browserRequired() {
		return "true".equalsIgnoreCase(System.getenv("REQUIRE_BROWSER"));
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

		Files.createDirectories(SCREENSHOTS);
		userDataDir = Files.createTempDirectory("tasklist-chromium-");
		driver = chromium(userDataDir);
		wait = new WebDriverWait(driver, TIMEOUT);
		wait.ignoring(StaleElementReferenceException.class); // Tasklist re-renders lists when it refreshes them
	}

	@AfterEach
	void closeBrowser() throws IOException {
		if (driver != null) {
			driver.quit();
		}
		if (userDataDir != null) {
			try (Stream<Path> files = Files.walk(userDataDir)) {
				files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
		}
	}

	@Test
	void departmentDraftsThePlanAndTheLeaderApprovesItInTasklist() {
		try {
			draftPlanAsDepartment();
			approvePlanAsLeader();
		}
		catch (RuntimeException | AssertionError e) {
			evidence("failure");
			throw e;
		}
	}

	private void draftPlanAsDepartment() {
		Task draftPlan = tasks.createTaskQuery().processInstanceBusinessKey(problemKey)
				.taskDefinitionKey("Task_DraftPlan").singleResult();
		assertThat(draftPlan).as("Task_DraftPlan of %s", problemKey).isNotNull();

		login("staff-law", "demo");
		screenshot("01-login-staff-law");
		openFilter("本科室待办");
		openTask(draftPlan.getId());
		assertThat(text(By.cssSelector("section.task-card h2.task"))).isEqualTo("制定整改方案");
		screenshot("02-draft-plan-unclaimed");

		claim();
		WebElement form = camundaForm();
		assertThat(fieldInput(form, "Field_ProblemTitle").getAttribute("value")).isEqualTo(problemTitle);
		assertThat(fieldInput(form, "Field_CategoryTitle").getAttribute("value")).isEqualTo("依法行政有差距");

		// measures is [] (the import had none): add one item to the dynamic list
		assertThat(form.findElements(By.cssSelector(".fjs-repeat-row-container"))).isEmpty();
		click(form.findElement(By.cssSelector("button.fjs-repeat-render-add")));
		WebElement row = wait.until(d -> visible(form, By.cssSelector(".fjs-repeat-row-container")));

		LocalDate deadline = measureDeadline();
		type(fieldInput(row, "Field_MeasureText"), MEASURE_TEXT);
		type(fieldInput(row, "Field_MeasureResponsiblePerson"), "黄立");
		typeDate(fieldInput(row, "Field_MeasureDeadline"), deadline);
		choose(row, "Field_MeasureType", "限期整改");
		type(fieldInput(row, "Field_MeasureFigureTotal"), "12", Keys.TAB);
		readyToComplete();
		unfocus();
		screenshot("03-draft-plan-filled");
		copyToDocs("03-draft-plan-filled", "tasklist-draft-plan.png");

		click(completeButton());
		HistoricTaskInstance drafted = finished(draftPlan.getId());
		assertThat(drafted.getAssignee()).isEqualTo("staff-law");
		assertThat(drafted.getDeleteReason()).isEqualTo("completed");
		wait.until(ExpectedConditions.invisibilityOfElementLocated(taskLink(draftPlan.getId())));
		screenshot("04-draft-plan-completed");

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
		logout();
	}

	private static LocalDate measureDeadline() {
		return Now.today().plusDays(45);
	}

	private void approvePlanAsLeader() {
		Task review = tasks.createTaskQuery().processInstanceBusinessKey(problemKey)
				.taskDefinitionKey("Task_ReviewPlan").singleResult();

		login("leader1", "demo");
		openFilter("我的待办");
		openTask(review.getId());
		assertThat(text(By.cssSelector("section.task-card h2.task"))).isEqualTo("审核整改方案");
		WebElement form = camundaForm();
		assertThat(fieldInput(form, "Field_ProblemTitle").getAttribute("value")).isEqualTo(problemTitle);
		// the plan as a read-only table (FEEL maps the type to its label)
		WebElement table = wait.until(d -> visible(form, By.cssSelector(".fjs-form-field-table table.fjs-table")));
		assertThat(table.findElements(By.cssSelector("tbody tr.fjs-table-tr"))).singleElement()
				.satisfies(tr -> assertThat(tr.findElements(By.cssSelector("td.fjs-table-td")))
						.extracting(td -> td.getText().strip()).containsExactly(
								MEASURE_TEXT, "黄立", measureDeadline().toString(), "限期整改", "12"));
		choose(form, "Field_PlanDecision", "通过");
		type(fieldInput(form, "Field_PlanComment"), "同意，按期推进。", Keys.TAB);
		completeEnabled(); // no dynamic list in this form: no 保存 needed
		unfocus();
		screenshot("05-review-plan-filled");
		copyToDocs("05-review-plan-filled", "tasklist-review-plan.png");

		click(completeButton());
		HistoricTaskInstance reviewed = finished(review.getId());
		assertThat(reviewed.getAssignee()).isEqualTo("leader1");
		wait.until(ExpectedConditions.invisibilityOfElementLocated(taskLink(review.getId())));
		screenshot("06-review-plan-completed");

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
	// Tasklist

	private void login(String user, String password) {
		driver.get(base() + "/camunda/app/tasklist/");
		WebElement username = wait.until(ExpectedConditions
				.elementToBeClickable(By.cssSelector("form[name='signinForm'] input[ng-model='username']")));
		username.sendKeys(user);
		driver.findElement(By.cssSelector("form[name='signinForm'] input[ng-model='password']")).sendKeys(password);
		driver.findElement(By.cssSelector("form[name='signinForm'] button[type='submit']")).click();
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".task-filters .task-filter")));
	}

	private String base() {
		return "http://localhost:" + port;
	}

	private void logout() {
		clickWhenReady(By.cssSelector("li.account a.dropdown-toggle"));
		clickWhenReady(By.cssSelector("li.account li.logout a"));
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form[name='signinForm']")));
	}

	/** Filters are data (the names TaskFilters creates), so they are found by name. */
	private void openFilter(String name) {
		wait.until(d -> {
			var link = d.findElements(By.cssSelector(".task-filters .task-filter h4.name a")).stream()
					.filter(a -> a.getText().strip().startsWith(name)).findFirst();
			link.ifPresent(this::click);
			return link.isPresent();
		});
		wait.until(d -> d.findElements(By.cssSelector(".task-filters .task-filter.active h4.name a")).stream()
				.anyMatch(a -> a.getText().strip().startsWith(name)));
	}

	private static By taskLink(String taskId) {
		return By.cssSelector(".tasks-list li.task h4.task a[href*='task=" + taskId + "']");
	}

	private void openTask(String taskId) {
		clickWhenReady(taskLink(taskId));
		wait.until(d -> d.getCurrentUrl().contains("task=" + taskId));
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("section.task-card h2.task")));
	}

	private void claim() {
		clickWhenReady(By.cssSelector("section.task-card button.claim"));
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("section.task-card button.unclaim")));
	}

	/** The rendered Camunda Form (form-js), once it is enabled for the current user. */
	private WebElement camundaForm() {
		return wait.until(d -> {
			var forms = d.findElements(By.cssSelector("[cam-tasklist-form-camunda] form.fjs-form"));
			if (forms.isEmpty() || !forms.get(0).isDisplayed()) {
				return null;
			}
			var disabled = d.findElements(By.cssSelector("[cam-tasklist-form] .disabled-form"));
			return disabled.isEmpty() ? forms.get(0) : null;
		});
	}

	private WebElement completeButton() {
		return driver.findElement(By.cssSelector("[cam-tasklist-form] .form-actions button[ng-click='complete()']"));
	}

	/**
	 * 完成 enabled. Camunda 7.24 Tasklist needs 保存 first for forms with a filled dynamic list (see saveUntilValid),
	 * unless the Tasklist loads the fix for that, scripts/camunda-forms-validity.js: then 完成 must be enabled as is.
	 */
	private void readyToComplete() {
		if (tasklistLoadsFormValidityFix()) {
			completeEnabled();
		}
		else {
			saveUntilValid();
		}
	}

	private boolean tasklistLoadsFormValidityFix() {
		try {
			var config = HttpClient.newHttpClient().send(
					HttpRequest.newBuilder(URI.create(base() + "/camunda/app/tasklist/scripts/config.js")).build(),
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
		new FluentWait<>(driver).withTimeout(TIMEOUT).pollingEvery(Duration.ofMillis(700))
				.ignoring(StaleElementReferenceException.class).withMessage("完成 enabled after 保存").until(d -> {
					WebElement button = d.findElement(save);
					if (button.isEnabled()) {
						click(button);
						return false;
					}
					return completeButton().isEnabled();
				});
	}

	/** 完成 enabled and staying so once form-js applied the last debounced input. */
	private void completeEnabled() {
		new FluentWait<>(driver).withTimeout(TIMEOUT).pollingEvery(Duration.ofMillis(700))
				.withMessage("完成 enabled").until(new Function<WebDriver, Boolean>() {
					int enabledPolls;

					@Override
					public Boolean apply(WebDriver d) {
						enabledPolls = completeButton().isEnabled() ? enabledPolls + 1 : 0;
						return enabledPolls >= 2;
					}
				});
	}

	private HistoricTaskInstance finished(String taskId) {
		return new FluentWait<>(history).withTimeout(TIMEOUT).pollingEvery(Duration.ofMillis(200))
				.withMessage("task " + taskId + " completed")
				.until(h -> h.createHistoricTaskInstanceQuery().taskId(taskId).finished().singleResult());
	}

	// ---------------------------------------------------------------------------------------------------------------
	// form-js

	/** The input of a form-js field by its id in the form schema (form-js puts it into the DOM ids). */
	private WebElement fieldInput(WebElement scope, String fieldId) {
		return wait.until(d -> scope.findElements(By.cssSelector("[id*='" + fieldId + "']")).stream()
				.filter(e -> List.of("input", "textarea").contains(e.getTagName())).findFirst().orElse(null));
	}

	private void type(WebElement input, CharSequence... keys) {
		input.clear();
		input.sendKeys(keys);
	}

	/** The datetime field (flatpickr with allowInput): typed in the browser's locale format, taken on Enter. */
	private void typeDate(WebElement input, LocalDate date) {
		String localized = (String) ((JavascriptExecutor) driver).executeScript(
				"return new Intl.DateTimeFormat().format(new Date(arguments[0], arguments[1] - 1, arguments[2]));",
				date.getYear(), date.getMonthValue(), date.getDayOfMonth());
		input.click();
		input.sendKeys(Keys.chord(Keys.CONTROL, "a"), localized, Keys.ENTER);
	}

	/** A select (form-js dropdown) or a radio group, by the label of the option. */
	private void choose(WebElement scope, String fieldId, String optionLabel) {
		WebElement field = wait.until(d -> visible(scope,
				By.cssSelector(".fjs-form-field:is(.fjs-form-field-select, .fjs-form-field-radio):has([id*='" + fieldId
						+ "'])")));
		var display = field.findElements(By.cssSelector(".fjs-select-display"));
		if (!display.isEmpty()) {
			click(display.get(0));
			WebElement option = wait.until(d -> field.findElements(By.cssSelector(".fjs-dropdownlist-item")).stream()
					.filter(o -> o.isDisplayed() && o.getText().strip().equals(optionLabel)).findFirst().orElse(null));
			click(option);
			wait.until(d -> field.findElement(By.cssSelector(".fjs-select-display")).getText().strip()
					.equals(optionLabel));
			return;
		}
		WebElement radio = wait.until(d -> field.findElements(By.cssSelector("input[type='radio']")).stream()
				.filter(r -> r.findElement(By.xpath("./ancestor::label[1]")).getText().strip().equals(optionLabel))
				.findFirst().orElse(null));
		click(radio);
		wait.until(d -> radio.isSelected());
	}

	// ---------------------------------------------------------------------------------------------------------------
	// WebDriver helpers

	private static ChromeDriver chromium(Path userDataDir) {
		var options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--user-data-dir=" + userDataDir, "--window-size=1400,1000",
				"--lang=zh-CN");
		options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "zh-CN,zh"));
		options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
		// Tasklist shows dates in the browser's time zone: China's, as the users' (and Now's)
		var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
				.withEnvironment(Map.of("TZ", Now.CHINA.getId())).build();
		var driver = new ChromeDriver(service, options);
		// --lang and Accept-Language make Tasklist Chinese, but headless Chromium keeps en-US as the JavaScript (Intl)
		// locale, which form-js' date field formats and parses with: give the page a Chinese user's locale
		driver.executeCdpCommand("Emulation.setLocaleOverride", Map.of("locale", "zh-CN"));
		driver.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", Now.CHINA.getId()));
		return driver;
	}

	/** Found again on every try: Tasklist re-renders lists and the task card when it refreshes them. */
	private void clickWhenReady(By by) {
		wait.until(d -> {
			WebElement element = ExpectedConditions.elementToBeClickable(by).apply(d);
			if (element != null) {
				click(element);
			}
			return element != null;
		});
	}

	/** No focus ring in the screenshots for the README. */
	private void unfocus() {
		((JavascriptExecutor) driver).executeScript("document.activeElement && document.activeElement.blur();");
	}

	private WebElement visible(WebElement scope, By by) {
		return scope.findElements(by).stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
	}

	private String text(By by) {
		return wait.until(ExpectedConditions.visibilityOfElementLocated(by)).getText().strip();
	}

	private void click(WebElement element) {
		((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
		element.click();
	}

	private void screenshot(String name) {
		try {
			byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
			Files.write(SCREENSHOTS.resolve(name + ".png"), png);
		}
		catch (IOException | WebDriverException e) {
			System.err.println("Screenshot " + name + " failed: " + e);
		}
	}

	private void copyToDocs(String name, String docName) {
		try {
			Files.createDirectories(DOC_SCREENSHOTS);
			Files.copy(SCREENSHOTS.resolve(name + ".png"), DOC_SCREENSHOTS.resolve(docName),
					StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException e) {
			System.err.println("Copy of " + name + " to docs failed: " + e);
		}
	}

	/** On failure: a screenshot and the page's DOM, to see what the browser saw. */
	private void evidence(String name) {
		if (driver == null) {
			return;
		}
		screenshot(name);
		try {
			Files.writeString(SCREENSHOTS.resolve(name + ".html"), driver.getPageSource());
			var console = new StringBuilder();
			driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER)
					.forEach(entry -> console.append(entry).append('\n'));
			Files.writeString(SCREENSHOTS.resolve(name + "-console.log"), console);
		}
		catch (IOException | WebDriverException e) {
			System.err.println("Page source dump failed: " + e);
		}
	}
}
