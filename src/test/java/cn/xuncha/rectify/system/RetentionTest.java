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

/** The retention is one setting: the engine's default, every process and every decision follow rectify.retention. */
@SpringBootTest(properties = "rectify.retention=P30D")
@ActiveProfiles("test")
class RetentionTest {

	@Autowired
	ProcessEngine engine;

	@Value("${rectify.retention}")
	String retention;

	@Test
	void engineDefaultEveryProcessAndEveryDecisionKeepHistoryForTheRetention() {
		// not the models' P3650D, so what is read is the property
		assertThat(retention).isEqualTo("P30D");
		int days = (int) Duration.parse(retention).toDays();
		var configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
		assertThat(configuration.getHistoryTimeToLive()).isEqualTo(retention);
		assertThat(engine.getRepositoryService().createProcessDefinitionQuery().list()).isNotEmpty()
			.allSatisfy(definition -> assertThat(definition.getHistoryTimeToLive()).as(definition.getKey())
				.isEqualTo(days));
		assertThat(engine.getRepositoryService().createDecisionDefinitionQuery().list()).isNotEmpty()
			.allSatisfy(definition -> assertThat(definition.getHistoryTimeToLive()).as(definition.getKey())
				.isEqualTo(days));
	}
}
