package cn.xuncha.rectify.system;

import java.util.concurrent.Callable;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/**
 * Runs engine calls that the product itself makes on a person's behalf (a review opening a supervised matter, a
 * closure ending the talks of a measure) without checking that person's authorizations: the rule decided, not
 * the person.
 */
@Component
public class Privileged {

	private final ProcessEngine engine;

	Privileged(ProcessEngine engine) {
		this.engine = engine;
	}

	public <T> T call(Callable<T> work) {
		var configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
		return configuration.getCommandExecutorTxRequired().execute(context -> context.runWithoutAuthorization(work));
	}

	public void run(Runnable work) {
		call(() -> {
			work.run();
			return null;
		});
	}
}
