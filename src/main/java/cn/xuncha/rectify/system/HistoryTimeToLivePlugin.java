package cn.xuncha.rectify.system;

import java.time.Duration;
import java.util.ArrayList;

import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Rectification records are audit material (DOMAIN: 全程留痕): every process keeps its history for
 * {@code rectify.retention} (application.yaml: 10 years), whatever its model says.
 */
@Component
class HistoryTimeToLivePlugin extends AbstractProcessEnginePlugin {

	private final int days;

	HistoryTimeToLivePlugin(@Value("${rectify.retention}") String timeToLive) {
		this.days = (int) Duration.parse(timeToLive).toDays();
	}

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		if (configuration.getCustomPreBPMNParseListeners() == null) {
			configuration.setCustomPreBPMNParseListeners(new ArrayList<>());
		}
		configuration.getCustomPreBPMNParseListeners().add(new AbstractBpmnParseListener() {
			@Override
			public void parseProcess(Element processElement, ProcessDefinitionEntity definition) {
				definition.setHistoryTimeToLive(days);
			}
		});
	}
}
