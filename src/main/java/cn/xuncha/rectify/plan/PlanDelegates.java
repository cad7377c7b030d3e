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

	/** After the lead leader's approval: sets signOffRequired, the gateway's choice between waiting and starting. */
	@Bean
	JavaDelegate awaitPlanSignOff(PlanSignOff signOff) {
		return execution -> execution.setVariable("signOffRequired", signOff.leaderApproved(problemKey(execution)));
	}

	// --- the secretary's sign-off of the whole plan, in roundRectification (business key = round key)

	@Bean
	JavaDelegate prepareWholePlan(PlanSignOff signOff, JsonVariables json) {
		return execution -> {
			var plan = signOff.wholePlan(execution.getProcessBusinessKey());
			execution.setVariable("wholePlan", json.json(plan));
			execution.setVariable("problemOptions", json.json(plan.options()));
			execution.setVariable("wholePlanSummary", plan.summary());
			// a new review starts without the previous round's answers
			execution.setVariable("returnedProblems", null);
			execution.setVariable("signOffDecision", null);
			execution.setVariable("signOffComment", null);
		};
	}

	@Bean
	JavaDelegate signOffPlan(PlanSignOff signOff) {
		return execution -> signOff.approve(execution.getProcessBusinessKey());
	}

	@Bean
	JavaDelegate returnPlans(PlanSignOff signOff, JsonVariables json) {
		return execution -> {
			Object comment = execution.getVariable("signOffComment");
			signOff.returnProblems(execution.getProcessBusinessKey(),
					json.readList(execution, "returnedProblems", String.class), comment == null ? null : comment.toString());
		};
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
