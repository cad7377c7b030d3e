package cn.xuncha.rectify.plan;

import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import cn.xuncha.rectify.system.JsonVariables;

/** The service tasks of problemRectification (问题整改): each reads variables and calls {@link PlanService}. */
@Configuration(proxyBeanMethods = false)
class PlanDelegates {

	@Bean
	JavaDelegate loadProblem(PlanService plans, JsonVariables json) {
		return execution -> {
			var problem = plans.load(problemKey(execution));
			execution.setVariable("problemTitle", problem.problemTitle());
			execution.setVariable("categoryTitle", problem.categoryTitle());
			execution.setVariable("measures", json.json(problem.measures()));
		};
	}

	@Bean
	JavaDelegate savePlan(PlanService plans, JsonVariables json) {
		return execution -> execution.setVariable("measureKeys",
				plans.save(problemKey(execution), json.readList(execution, "measures", PlanService.PlanItem.class)));
	}

	@Bean
	JavaDelegate approvePlan(PlanService plans) {
		return execution -> plans.approve(problemKey(execution));
	}

	@Bean
	JavaDelegate closeProblem(PlanService plans) {
		return execution -> plans.close(problemKey(execution));
	}

	/** The problem is the process's business key, never a variable a completion could overwrite. */
	private static String problemKey(org.camunda.bpm.engine.delegate.DelegateExecution execution) {
		return execution.getProcessBusinessKey();
	}
}
