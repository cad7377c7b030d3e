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
		return execution -> execution.setVariable("problemKeys", rounds.assign(execution.getProcessBusinessKey(),
				json.readList(execution, "problems", RoundService.Assignment.class)));
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
