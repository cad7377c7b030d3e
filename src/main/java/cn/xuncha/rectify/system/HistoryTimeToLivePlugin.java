package cn.xuncha.rectify.system;

import java.time.Duration;
import java.util.ArrayList;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionRequirementsGraph;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableInputImpl;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableOutputImpl;
import org.camunda.bpm.dmn.engine.impl.DmnDecisionTableRuleImpl;
import org.camunda.bpm.dmn.engine.impl.spi.transform.DmnTransformListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.dmn.entity.repository.DecisionDefinitionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.model.dmn.instance.Decision;
import org.camunda.bpm.model.dmn.instance.Definitions;
import org.camunda.bpm.model.dmn.instance.Input;
import org.camunda.bpm.model.dmn.instance.Output;
import org.camunda.bpm.model.dmn.instance.Rule;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Rectification records are audit material (DOMAIN: 全程留痕): every process and every decision keeps its history
 * for {@code rectify.retention} (application.yaml: 10 years), whatever its model says.
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

	/** The DMN transformer exists once the engine is built; it runs this listener after reading a decision's own. */
	@Override
	public void postInit(ProcessEngineConfigurationImpl configuration) {
		configuration.getDmnEngineConfiguration().getTransformer().getTransformListeners().add(new DecisionRetention());
	}

	private final class DecisionRetention implements DmnTransformListener {

		@Override
		public void transformDecision(Decision decision, DmnDecision dmnDecision) {
			if (dmnDecision instanceof DecisionDefinitionEntity definition) {
				definition.setHistoryTimeToLive(days);
			}
		}

		@Override
		public void transformDecisionTableInput(Input input, DmnDecisionTableInputImpl dmnInput) {
		}

		@Override
		public void transformDecisionTableOutput(Output output, DmnDecisionTableOutputImpl dmnOutput) {
		}

		@Override
		public void transformDecisionTableRule(Rule rule, DmnDecisionTableRuleImpl dmnRule) {
		}

		@Override
		public void transformDecisionRequirementsGraph(Definitions definitions,
				DmnDecisionRequirementsGraph dmnDecisionRequirementsGraph) {
		}
	}
}
