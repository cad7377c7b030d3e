package cn.xuncha.rectify.audit;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The chain's check from the command line, against the database the configuration names (stop the application
 * first when that is an H2 file; PostgreSQL may be shared with running nodes):
 *
 * <pre>
 * java -jar target/rectification-0.1.0-SNAPSHOT.jar --rectify.audit.verify-and-exit=true
 * mvn spring-boot:run -Dspring-boot.run.arguments=--rectify.audit.verify-and-exit=true
 * </pre>
 *
 * Seals what is pending, verifies the whole chain, prints the result (as {@code GET /api/audit/verify} answers it)
 * and exits with status 0 when the chain is whole, 1 when it is broken.
 */
@Component
@ConditionalOnProperty(name = AuditVerifyRunner.PROPERTY, havingValue = "true")
class AuditVerifyRunner implements ApplicationRunner {

	static final String PROPERTY = "rectify.audit.verify-and-exit";

	private final AuditSeal seal;
	private final ObjectMapper json;
	private final ConfigurableApplicationContext context;

	AuditVerifyRunner(AuditSeal seal, ObjectMapper json, ConfigurableApplicationContext context) {
		this.seal = seal;
		this.json = json;
		this.context = context;
	}

	@Override
	public void run(ApplicationArguments args) {
		int status = report(new PrintStream(System.out, true, StandardCharsets.UTF_8));
		System.exit(SpringApplication.exit(context, () -> status));
	}

	/** Prints the verification; answers the exit status. */
	int report(PrintStream out) {
		AuditChain.Verification result = seal.sealAndVerify();
		try {
			out.println(json.writeValueAsString(result));
		}
		catch (JsonProcessingException e) {
			throw new IllegalStateException(e);
		}
		if (result.ok()) {
			out.printf("审计链完整 (audit chain intact): %d 条记录%s%n", result.records(),
					result.head() == null ? "" : "，链头 " + result.head().seq() + " " + result.head().hash());
			return 0;
		}
		var broken = result.firstBroken();
		out.printf("审计链已被破坏 (audit chain broken) 于记录 %d（%s %s）：%s%n", broken.seq(), broken.businessKey(),
				broken.kind(), broken.reason());
		return 1;
	}

	/**
	 * A verification run is not a server: no web server (the port may be taken by the running application), no
	 * job executor, no demo data; and only warnings in the log, so the result stands out. Explicit arguments win.
	 * Registered in META-INF/spring.factories.
	 */
	static class Environment implements EnvironmentPostProcessor {

		private static final String COMMAND_LINE = "commandLineArgs";

		@Override
		public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
			if (!"true".equals(environment.getProperty(PROPERTY))) {
				return;
			}
			Map<String, Object> settings = new HashMap<>();
			settings.put("spring.main.web-application-type", "none");
			settings.put("spring.autoconfigure.exclude",
					"org.camunda.bpm.spring.boot.starter.rest.CamundaBpmRestJerseyAutoConfiguration");
			settings.put("spring.main.banner-mode", "off");
			settings.put("camunda.bpm.job-execution.enabled", "false");
			settings.put("rectify.demo.enabled", "false");
			settings.put("logging.level.root", "WARN");
			var source = new MapPropertySource("rectify-audit-verify", settings);
			var sources = environment.getPropertySources();
			if (sources.contains(COMMAND_LINE)) {
				sources.addAfter(COMMAND_LINE, source);
			}
			else {
				sources.addFirst(source);
			}
		}
	}
}
