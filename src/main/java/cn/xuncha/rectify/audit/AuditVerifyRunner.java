package cn.xuncha.rectify.audit;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
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
 * Seals what is pending, verifies the whole chain and the ledger against it, and with
 * {@code --rectify.audit.expect-head=seq:hash} (from a notice or a dossier's manifest) whether the chain still holds
 * that head; prints the result (as {@code GET /api/audit/verify} answers it) and exits with status 0 when all holds,
 * 1 otherwise.
 */
@Component
@ConditionalOnProperty(name = AuditVerifyRunner.PROPERTY, havingValue = "true")
class AuditVerifyRunner implements ApplicationRunner {

	static final String PROPERTY = "rectify.audit.verify-and-exit";
	static final String EXPECT_HEAD = "rectify.audit.expect-head";

	private final AuditSeal seal;
	private final ObjectMapper json;
	private final ConfigurableApplicationContext context;
	private final AuditChain.PublishedHead expectedHead;

	AuditVerifyRunner(AuditSeal seal, ObjectMapper json, ConfigurableApplicationContext context,
			@Value("${" + EXPECT_HEAD + ":}") String expectedHead) {
		this.seal = seal;
		this.json = json;
		this.context = context;
		this.expectedHead = expectedHead.isBlank() ? null : AuditChain.PublishedHead.parse(expectedHead);
	}

	@Override
	public void run(ApplicationArguments args) {
		int status = report(new PrintStream(System.out, true, StandardCharsets.UTF_8));
		System.exit(SpringApplication.exit(context, () -> status));
	}

	/** Prints the verification; answers the exit status. */
	int report(PrintStream out) {
		seal.sealNow();
		AuditChain.Verification result = seal.check(expectedHead);
		try {
			out.println(json.writeValueAsString(result));
		}
		catch (JsonProcessingException e) {
			throw new IllegalStateException(e);
		}
		if (result.ok()) {
			out.printf("审计链完整，台账与之相符 (audit chain intact, ledger matches): %d 条记录%s%s%n", result.records(),
					result.head() == null ? "" : "，链头 " + result.head().seq() + " " + result.head().hash(),
					expectedHead == null ? "" : "，含公布的链头 " + expectedHead.seq());
			return 0;
		}
		var broken = result.firstBroken();
		if (broken != null) {
			out.printf("审计链已被破坏 (audit chain broken) 于记录 %d（%s %s）：%s%n", broken.seq(), broken.businessKey(),
					broken.kind(), broken.reason());
		}
		for (var m : result.ledgerMismatches()) {
			out.printf("台账与审计链不符 (ledger differs from the chain): %s %s %s 台账=%s 链=%s%n", m.table(), m.key(),
					m.field() == null ? "(row)" : m.field(), m.ledger(), m.chain());
		}
		if (result.ledgerMismatchCount() != null && result.ledgerMismatchCount() > result.ledgerMismatches().size()) {
			out.printf("……共 %d 处不符 (%d mismatches in all)%n", result.ledgerMismatchCount(),
					result.ledgerMismatchCount());
		}
		if (result.forgedRecords() != null) {
			for (var f : result.forgedRecords()) {
				out.printf("未经系统写入的审计记录 (audit record not appended by the application) id %d（%s %s）%n", f.id(),
						f.businessKey(), f.kind());
			}
		}
		if (result.expectedHead() != null && !result.expectedHead().found()) {
			out.printf("公布的链头 %d 不在链中 (published head not found): %s%n", result.expectedHead().seq(),
					result.expectedHead().reason());
		}
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
