package cn.xuncha.rectify.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** The retention is one setting: the engine's default and every deployed process follow rectify.retention. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class RetentionTest {

	@Autowired
	ProcessEngine engine;

	@Value("${rectify.retention}")
	String retention;

	@Test
	void engineDefaultAndEveryProcessKeepHistoryForTheRetention() {
		assertThat(retention).isEqualTo("P3650D");
		int days = (int) Duration.parse(retention).toDays();
		var configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
		assertThat(configuration.getHistoryTimeToLive()).isEqualTo(retention);
		assertThat(engine.getRepositoryService().createProcessDefinitionQuery().list()).isNotEmpty()
			.allSatisfy(definition -> assertThat(definition.getHistoryTimeToLive()).as(definition.getKey())
				.isEqualTo(days));
	}
}
