package cn.xuncha.rectify.tasklist;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
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

import cn.xuncha.rectify.system.Now;

/**
 * The real Camunda Tasklist in headless Chromium, for the browser tests of this package: the skip-or-fail rule when
 * Chromium is missing, the browser itself (Chinese locale, China's time zone), and what every Tasklist user does —
 * log in, open a filter and a task, claim it, complete it, log out — plus screenshots and a dump on failure.
 *
 * <p>Needs Debian's chromium and chromium-driver. Without them a test using this is skipped (reported as skipped,
 * with the reason), unless REQUIRE_BROWSER=true (CI), where it fails. Screenshots go to target/screenshots; some of
 * them also to docs/screenshots for the README.
 */
final class TasklistBrowser implements AutoCloseable {

	static final String INSTALL = "apt-get install -y chromium chromium-driver fonts-noto-cjk";
	/** Shown as the reason of the skip (a skip in @BeforeAll alone would leave no trace in Maven's report). */
	static final String SKIPPED = "Skipped: Tasklist browser test needs /usr/bin/chromium and /usr/bin/chromedriver ("
			+ INSTALL + "); with REQUIRE_BROWSER=true it fails instead";
	/** For {@code @EnabledIf}: {@value}. */
	static final String ENABLED_IF = "cn.xuncha.rectify.tasklist.TasklistBrowser#browserInstalledOrRequired";

	static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
	static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");
	static final Duration TIMEOUT = Duration.ofSeconds(30);

	static final Path BASEDIR = Paths.get(System.getProperty("basedir", System.getProperty("user.dir")));
	static final Path SCREENSHOTS = BASEDIR.resolve("target/screenshots");
	static final Path DOC_SCREENSHOTS = BASEDIR.resolve("docs/screenshots");

	final WebDriver driver;
	final WebDriverWait wait;
	private final String base;
	private final Path userDataDir;

	private TasklistBrowser(int port, Path userDataDir, WebDriver driver) {
		this.base = "http://localhost:" + port;
		this.userDataDir = userDataDir;
		this.driver = driver;
		this.wait = new WebDriverWait(driver, TIMEOUT);
		wait.ignoring(StaleElementReferenceException.class); // Tasklist re-renders lists when it refreshes them
	}

	// ---------------------------------------------------------------------------------------------------------------
	// Installed or required

	/** Runs where Chromium and ChromeDriver are installed, or where REQUIRE_BROWSER=true asks for them (CI). */
	static boolean browserInstalledOrRequired() {
		return missingBrowser() == null || browserRequired();
	}

	/** For {@code @BeforeAll}: fails (REQUIRE_BROWSER=true) or skips when Chromium or ChromeDriver is missing. */
	static void requireBrowser() {
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

	// ---------------------------------------------------------------------------------------------------------------
	// The browser

	/** A fresh headless Chromium (its own profile) for the application on this port. */
	static TasklistBrowser open(int port) throws IOException {
		Files.createDirectories(SCREENSHOTS);
		Path userDataDir = Files.createTempDirectory("tasklist-chromium-");
		return new TasklistBrowser(port, userDataDir, chromium(userDataDir));
	}

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

	@Override
	public void close() throws IOException {
		try {
			driver.quit();
		}
		finally {
			try (Stream<Path> files = Files.walk(userDataDir)) {
				files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
		}
	}

	String base() {
		return base;
	}

	// ---------------------------------------------------------------------------------------------------------------
	// Tasklist

	void login(String user, String password) {
		driver.get(base() + "/camunda/app/tasklist/");
		WebElement username = wait.until(ExpectedConditions
				.elementToBeClickable(By.cssSelector("form[name='signinForm'] input[ng-model='username']")));
		username.sendKeys(user);
		driver.findElement(By.cssSelector("form[name='signinForm'] input[ng-model='password']")).sendKeys(password);
		driver.findElement(By.cssSelector("form[name='signinForm'] button[type='submit']")).click();
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".task-filters .task-filter")));
	}

	void logout() {
		clickWhenReady(By.cssSelector("li.account a.dropdown-toggle"));
		clickWhenReady(By.cssSelector("li.account li.logout a"));
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form[name='signinForm']")));
	}

	/** Filters are data (the names TaskFilters creates), so they are found by name. */
	void openFilter(String name) {
		wait.until(d -> {
			var link = d.findElements(By.cssSelector(".task-filters .task-filter h4.name a")).stream()
					.filter(a -> a.getText().strip().startsWith(name)).findFirst();
			link.ifPresent(this::click);
			return link.isPresent();
		});
		wait.until(d -> d.findElements(By.cssSelector(".task-filters .task-filter.active h4.name a")).stream()
				.anyMatch(a -> a.getText().strip().startsWith(name)));
	}

	static By taskLink(String taskId) {
		return By.cssSelector(".tasks-list li.task h4.task a[href*='task=" + taskId + "']");
	}

	void openTask(String taskId) {
		clickWhenReady(taskLink(taskId));
		wait.until(d -> d.getCurrentUrl().contains("task=" + taskId));
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("section.task-card h2.task")));
	}

	/** The name of the open task, as its card shows it. */
	String taskName() {
		return text(By.cssSelector("section.task-card h2.task"));
	}

	void claim() {
		clickWhenReady(By.cssSelector("section.task-card button.claim"));
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("section.task-card button.unclaim")));
	}

	WebElement completeButton() {
		return driver.findElement(By.cssSelector("[cam-tasklist-form] .form-actions button[ng-click='complete()']"));
	}

	/** 完成 enabled and staying so once the form applied the last (debounced) input. */
	void completeEnabled() {
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

	/** The task as history has it once it is completed (or deleted): waits for that. */
	static HistoricTaskInstance finished(HistoryService history, String taskId) {
		return new FluentWait<>(history).withTimeout(TIMEOUT).pollingEvery(Duration.ofMillis(200))
				.withMessage("task " + taskId + " completed")
				.until(h -> h.createHistoricTaskInstanceQuery().taskId(taskId).finished().singleResult());
	}

	// ---------------------------------------------------------------------------------------------------------------
	// WebDriver helpers

	/** Found again on every try: Tasklist re-renders lists and the task card when it refreshes them. */
	void clickWhenReady(By by) {
		wait.until(d -> {
			WebElement element = ExpectedConditions.elementToBeClickable(by).apply(d);
			if (element != null) {
				click(element);
			}
			return element != null;
		});
	}

	/** No focus ring in the screenshots for the README. */
	void unfocus() {
		((JavascriptExecutor) driver).executeScript("document.activeElement && document.activeElement.blur();");
	}

	WebElement visible(WebElement scope, By by) {
		return scope.findElements(by).stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
	}

	String text(By by) {
		return wait.until(ExpectedConditions.visibilityOfElementLocated(by)).getText().strip();
	}

	void click(WebElement element) {
		((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
		element.click();
	}

	void screenshot(String name) {
		try {
			byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
			Files.write(SCREENSHOTS.resolve(name + ".png"), png);
		}
		catch (IOException | WebDriverException e) {
			System.err.println("Screenshot " + name + " failed: " + e);
		}
	}

	void copyToDocs(String name, String docName) {
		try {
			Files.createDirectories(DOC_SCREENSHOTS);
			Files.copy(SCREENSHOTS.resolve(name + ".png"), DOC_SCREENSHOTS.resolve(docName),
					StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException e) {
			System.err.println("Copy of " + name + " to docs failed: " + e);
		}
	}

	/** On failure: a screenshot, the page's DOM and the browser's console, to see what the browser saw. */
	void evidence(String name) {
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
