package cn.xuncha.rectify.round;

import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import cn.xuncha.rectify.system.JsonVariables;

/** The service tasks of roundRectification (巡察整改): each reads variables and calls {@link RoundService}. */
@Configuration(proxyBeanMethods = false)
class RoundDelegates {

	@Bean
	JavaDelegate assignProblems(RoundService rounds, JsonVariables json) {
		return execution -> {
			Object due = execution.getVariable(RoundService.REPORT_DUE_DATE);
			Object signOff = execution.getVariable(RoundService.PLAN_SIGN_OFF);
			var assigned = rounds.assign(execution.getProcessBusinessKey(),
					json.readList(execution, "problems", RoundService.Assignment.class),
					new RoundService.Settings(due == null ? null : due.toString(),
							signOff == null ? null : Boolean.valueOf(signOff.toString())));
			execution.setVariable("problemKeys", assigned.problemKeys());
			// routing only: the plan's sign-off is read from the ledger where it matters (plan/PlanSignOff)
			execution.setVariable(RoundService.PLAN_SIGN_OFF, assigned.planSignOff());
		};
	}

	@Bean
	JavaDelegate summarizeRound(RoundService rounds) {
		return execution -> execution.setVariable("roundSummary",
				rounds.summarize(execution.getProcessBusinessKey()));
	}

	@Bean
	JavaDelegate closeRound(RoundService rounds) {
		return execution -> rounds.close(execution.getProcessBusinessKey());
	}
}
