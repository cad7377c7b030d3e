package cn.xuncha.rectify.system;

import org.camunda.bpm.engine.delegate.DelegateExecution;

/** Who did it: the user authenticated with the engine, or "system" for timers and jobs. */
public final class Actors {

	public static final String SYSTEM = "system";

	private Actors() {
	}

	public static String current(DelegateExecution execution) {
		var auth = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
		return auth == null || auth.getUserId() == null ? SYSTEM : auth.getUserId();
	}
}
