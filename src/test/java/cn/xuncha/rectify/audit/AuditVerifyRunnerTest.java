package cn.xuncha.rectify.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/** A verification run from the command line starts no server, no jobs and no demo, unless told otherwise. */
class AuditVerifyRunnerTest {

	@Test
	void verificationRunTurnsOffServerJobsAndDemoButExplicitArgumentsWin() {
		var environment = environment("--rectify.audit.verify-and-exit=true", "--logging.level.root=INFO");
		new AuditVerifyRunner.Environment().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.main.web-application-type")).isEqualTo("none");
		assertThat(environment.getProperty("camunda.bpm.job-execution.enabled")).isEqualTo("false");
		assertThat(environment.getProperty("rectify.demo.enabled")).isEqualTo("false");
		assertThat(environment.getProperty("logging.level.root")).isEqualTo("INFO");
	}

	@Test
	void anOrdinaryStartIsLeftAlone() {
		var environment = environment("--server.port=8091");
		new AuditVerifyRunner.Environment().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("camunda.bpm.job-execution.enabled")).isEqualTo("true");
		assertThat(environment.getProperty("spring.main.web-application-type")).isNull();
	}

	private static StandardEnvironment environment(String... args) {
		var environment = new StandardEnvironment();
		// as application.yaml says
		environment.getPropertySources().addLast(new MapPropertySource("application.yaml",
				Map.of("camunda.bpm.job-execution.enabled", "true", "rectify.demo.enabled", "true")));
		environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
		return environment;
	}
}
