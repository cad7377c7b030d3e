package cn.xuncha.rectify.audit;

import java.util.ArrayList;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Adds {@link AuditHistoryHandler} to the engine's history event handlers, next to the default one that writes the
 * ACT_HI_ tables. DOMAIN: 全程留痕 — switch it off ({@code rectify.audit.capture-history=false}) only to measure
 * what it costs.
 */
@Component
class AuditHistoryPlugin extends AbstractProcessEnginePlugin {

	private final AuditHistoryHandler handler;
	private final boolean enabled;

	AuditHistoryPlugin(AuditHistoryHandler handler, @Value("${rectify.audit.capture-history:true}") boolean enabled) {
		this.handler = handler;
		this.enabled = enabled;
	}

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		if (!enabled) {
			return;
		}
		if (configuration.getCustomHistoryEventHandlers() == null) {
			configuration.setCustomHistoryEventHandlers(new ArrayList<>());
		}
		if (configuration.getCustomHistoryEventHandlers().stream().noneMatch(AuditHistoryHandler.class::isInstance)) {
			configuration.getCustomHistoryEventHandlers().add(handler);
		}
		// The default handler keeps writing Camunda's own history (Cockpit, HistoryService).
		configuration.setEnableDefaultDbHistoryEventHandler(true);
	}
}
