package cn.xuncha.rectify.security;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;

import cn.xuncha.rectify.RectificationApplication;

/**
 * The prod profile refuses to start without an admin password from the environment or with a demo password in the
 * directory, and on a clean database creates the admin and enforces the engine's password policy. Each case starts
 * the whole application on its own in-memory H2 database.
 */
class ProductionGuardTest {

	/** Satisfies Camunda's default password policy: 10+ characters, upper, lower, digit, special. */
	static final String STRONG = "Wq7!rZ2#kP9vL4x-Guard";

	static final String AUDIT_KEY = Base64.getEncoder().encodeToString("production-guard-test audit key!".getBytes(UTF_8));

	private final List<String> databases = new ArrayList<>();

	@AfterEach
	void dropDatabases() throws SQLException {
		for (String url : databases) {
			try (var connection = DriverManager.getConnection(url, "sa", ""); var statement = connection.createStatement()) {
				statement.execute("SHUTDOWN");
			}
		}
	}

	@Test
	void refusesToStartWithoutAdminPassword() {
		String url = newDatabase();
		assertThatThrownBy(() -> start("prod", url, "--rectify.admin-password=").close())
				.satisfies(e -> assertThat(messages(e)).contains("RECTIFY_ADMIN_PASSWORD"));
	}

	/** As `java -jar app.jar --spring.profiles.active=prod` on a machine where no RECTIFY_DB_* variable is set. */
	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void refusesToStartWithoutTheDatabaseVariablesNamingThemInOneLine(CapturedOutput output) {
		assumeTrue(System.getenv("RECTIFY_DB_URL") == null && System.getenv("RECTIFY_DB_USER") == null
				&& System.getenv("RECTIFY_DB_PASSWORD") == null, "the RECTIFY_DB_* variables are set here");
		assertThatThrownBy(() -> new SpringApplicationBuilder(RectificationApplication.class).profiles("prod")
				.run("--server.port=0", "--rectify.admin-password=" + STRONG).close())
				.isInstanceOf(ProductionEnvironment.MissingVariables.class)
				.hasMessageContainingAll("RECTIFY_DB_URL", "RECTIFY_DB_USER", "RECTIFY_DB_PASSWORD")
				.hasMessageNotContaining("RECTIFY_ADMIN_PASSWORD")
				.satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
		// Spring Boot's failure report carries the line, not the DataSource's complaint
		assertThat(output).contains("RECTIFY_DB_URL").doesNotContain("must start with");
	}

	@Test
	void refusesToStartWithoutAuditKey(@TempDir Path dir) {
		String url = newDatabase();
		assertThatThrownBy(() -> start("prod", url, "--rectify.admin-password=" + STRONG, "--rectify.audit.key=",
				"--rectify.audit.key-file=" + dir.resolve("audit.key")).close())
				.satisfies(e -> assertThat(messages(e)).contains("RECTIFY_AUDIT_KEY"));
		assertThat(dir.resolve("audit.key")).doesNotExist();
	}

	@Test
	void refusesToStartWhileAUserHasTheDemoPassword() {
		String url = newDatabase();
		// a database the demo ran on (default profile), then switched to prod
		try (var demo = start(null, url, "--rectify.demo.enabled=true")) {
			assertThat(demo.getBean(IdentityService.class).checkPassword("staff-law", "demo")).isTrue();
		}
		assertThatThrownBy(() -> start("prod", url, "--rectify.admin-password=" + STRONG).close())
				.satisfies(e -> assertThat(messages(e)).contains("demo password").contains("staff-law")
						.contains("secretary").contains("inspector"));
	}

	@Test
	void startsOnACleanDatabaseWithTheAdminAndThePasswordPolicy() throws Exception {
		try (var app = start("prod", newDatabase(), "--rectify.admin-password=" + STRONG)) {
			IdentityService identity = app.getBean(IdentityService.class);
			assertThat(identity.createUserQuery().userId("admin").count()).isOne();
			assertThat(identity.checkPassword("admin", STRONG)).isTrue();
			assertThat(identity.createGroupQuery().groupMember("admin").groupId(Roles.ADMIN).count()).isOne();
			assertThat(identity.createUserQuery().count()).isOne();

			var weak = identity.newUser("weak-user");
			weak.setFirstName("弱");
			weak.setLastName("密码");
			weak.setPassword("demo");
			assertThatThrownBy(() -> identity.saveUser(weak)).isInstanceOf(ProcessEngineException.class)
					.hasMessageContaining("policy");
			assertThat(identity.createUserQuery().userId("weak-user").count()).isZero();

			int port = ((WebServerApplicationContext) app).getWebServer().getPort();
			var http = HttpClient.newHttpClient();
			var anonymous = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/rounds")).build(),
					BodyHandlers.ofString(UTF_8));
			assertThat(anonymous.statusCode()).isEqualTo(401);
			var asAdmin = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/rounds"))
					.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + STRONG).getBytes(UTF_8)))
					.build(), BodyHandlers.ofString(UTF_8));
			assertThat(asAdmin.statusCode()).isEqualTo(200);
			assertThat(asAdmin.body()).isEqualTo("[]");
		}
	}

	private String newDatabase() {
		String url = "jdbc:h2:mem:prod-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
		databases.add(url);
		return url;
	}

	/**
	 * Starts the application as {@code java -jar} would, with the profile (null: default) and the database given as
	 * command-line arguments: they outrank application-prod.yaml's ${RECTIFY_DB_URL}.
	 */
	private static ConfigurableApplicationContext start(String profile, String url, String... args) {
		var builder = new SpringApplicationBuilder(RectificationApplication.class)
				.initializers(context -> context.getBeanFactory().registerSingleton(
						TestClassesExcluded.class.getName(), new TestClassesExcluded()));
		if (profile != null) {
			builder.profiles(profile);
		}
		// A key of the test's own: the default profile would otherwise write ./data/audit.key, prod refuse to start.
		List<String> all = new ArrayList<>(List.of("--spring.datasource.url=" + url, "--spring.datasource.username=sa",
				"--spring.datasource.password=", "--server.port=0", "--camunda.bpm.job-execution.enabled=false",
				"--rectify.audit.key=" + AUDIT_KEY));
		all.addAll(List.of(args));
		return builder.run(all.toArray(String[]::new));
	}

	private static String messages(Throwable e) {
		var messages = new StringBuilder();
		for (Throwable t = e; t != null; t = t.getCause()) {
			messages.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
		}
		return messages.toString();
	}

	/**
	 * Outside @SpringBootTest nothing hides the test tree from component scanning: without this filter the embedded
	 * PostgreSQL of the Postgres tests would become the datasource.
	 */
	static final class TestClassesExcluded extends TypeExcludeFilter {

		@Override
		public boolean match(MetadataReader reader, MetadataReaderFactory factory) throws IOException {
			return reader.getAnnotationMetadata().hasAnnotation(TestConfiguration.class.getName())
					|| reader.getResource().getURL().toString().contains("/test-classes/");
		}

		@Override
		public boolean equals(Object other) {
			return other != null && other.getClass() == getClass();
		}

		@Override
		public int hashCode() {
			return getClass().hashCode();
		}
	}
}
