package cn.xuncha.rectify.plan;

import static cn.xuncha.rectify.testing.Walkthrough.approvePlan;
import static cn.xuncha.rectify.testing.Walkthrough.instance;
import static cn.xuncha.rectify.testing.Walkthrough.opened;
import static cn.xuncha.rectify.testing.Walkthrough.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.processInstanceQuery;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.spin.plugin.variable.SpinValues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import cn.xuncha.rectify.testing.MockedDelegates;

/**
 * DOMAIN: the secretary (第一责任人) approves the plan as a whole — no measure starts until every problem's plan is
 * approved by its lead leader and the secretary has approved the complete 整改方案 in one task; returned problems go
 * back to drafting, their leader and the secretary again. A round registered without sign-off skips the step.
 */
@ExtendWith(ProcessEngineExtension.class)
@Deployment(resources = {"bpmn/round-rectification.bpmn", "bpmn/problem-rectification.bpmn",
		"bpmn/measure-rectification.bpmn", "forms/register-feedback.form", "forms/draft-report.form",
		"forms/sign-report.form", "forms/draft-interim-report.form", "forms/sign-interim-report.form",
		"forms/sign-off-plan.form", "forms/draft-plan.form", "forms/review-plan.form", "forms/execute-measure.form",
		"forms/submit-evidence.html", "forms/verify-evidence.form", "forms/approve-closure.form"})
class PlanSignOffProcessTest {

	private static final String ROUND_KEY = "CGJ-2026";
	private static final String P1 = ROUND_KEY + "-P1";
	private static final String P2 = ROUND_KEY + "-P2";

	private static final String PROBLEMS = """
			[{"problemKey": "CGJ-2026-P1", "categoryTitle": "(一)", "title": "执法案件录入不规范",
			  "department": "dept-law", "leadLeader": "leader1"},
			 {"problemKey": "CGJ-2026-P2", "categoryTitle": "(一)", "title": "小型工程结算滞后",
			  "department": "dept-finance", "leadLeader": "leader2"}]""";

	ProcessEngine processEngine;

	private MockedDelegates delegates;

	@BeforeEach
	void registerDelegates() throws Exception {
		BpmnAwareTests.init(processEngine);
		delegates = MockedDelegates.register().signOff(ROUND_KEY);
	}

	@AfterEach
	void resetMocks() {
		Mocks.reset();
	}

	@Test
	void measuresStartOnlyWhenTheSecretaryApprovesTheWholePlan() throws Exception {
		ProcessInstance round = assigned(true);

		approvePlan(instance("problemRectification", P1), plan("FIXED"));
		assertThat(instance("problemRectification", P1)).isWaitingAt("Gateway_SignOffEvent")
				.hasPassed("Task_AwaitSignOff").hasNotPassed("Task_ApprovePlan");
		assertThat(task("Task_SignOffPlan", round)).as("not before every plan is approved").isNull();

		approvePlan(instance("problemRectification", P2), plan("FIXED", "LONG_TERM"));

		assertThat(round).isWaitingAt("Task_SignOffPlan", "Activity_RectifyProblem");
		assertThat(opened("Task_SignOffPlan", round)).hasCandidateGroup("secretary");
		verify(delegates.bean("prepareWholePlan")).execute(any());
		verify(delegates.bean("approvePlan"), never()).execute(any());

		complete(opened("Task_SignOffPlan", round), withVariables("signOffDecision", "approve"));

		assertThat(round).hasPassed("Task_ReleasePlan").isWaitingAt("Activity_RectifyProblem");
		assertThat(instance("problemRectification", P1)).hasPassed("Event_PlanSignedOff")
				.isWaitingAt("Activity_RectifyMeasure");
		assertThat(instance("problemRectification", P2)).isWaitingAt("Activity_RectifyMeasure");
		assertThat(instance("measureRectification", P2 + "-M2")).isWaitingAt("Task_ExecuteMeasure");
		verify(delegates.bean("approvePlan"), times(2)).execute(any());
	}

	@Test
	void returnedProblemsAreRedraftedReapprovedByTheirLeaderAndGoBackToTheSecretary() throws Exception {
		ProcessInstance round = assigned(true);
		approvePlan(instance("problemRectification", P1), plan("FIXED"));
		approvePlan(instance("problemRectification", P2), plan("FIXED"));

		complete(opened("Task_SignOffPlan", round), withVariables("signOffDecision", "sendBack",
				"returnedProblems", SpinValues.jsonValue("[\"" + P2 + "\"]").create(),
				"signOffComment", "结算措施要有倒排计划"));

		assertThat(round).hasPassed("Task_ReturnPlans").isWaitingAt("Event_WholePlanReady");
		ProcessInstance p2 = instance("problemRectification", P2);
		assertThat(p2).hasPassed("Event_PlanReturned").isWaitingAt("Task_DraftPlan").variables()
				.containsEntry("planComment", "第一责任人退回：结算措施要有倒排计划");
		assertThat(instance("problemRectification", P1)).isWaitingAt("Gateway_SignOffEvent");
		assertThat(task("Task_SignOffPlan", round)).isNull();

		approvePlan(p2, plan("FIXED", "FIXED"));

		assertThat(opened("Task_SignOffPlan", round)).as("the secretary again").hasCandidateGroup("secretary");
		verify(delegates.bean("prepareWholePlan"), times(2)).execute(any());
		complete(opened("Task_SignOffPlan", round), withVariables("signOffDecision", "approve"));
		assertThat(instance("problemRectification", P1)).isWaitingAt("Activity_RectifyMeasure");
		assertThat(instance("problemRectification", P2)).isWaitingAt("Activity_RectifyMeasure");
		assertThat(processInstanceQuery().processDefinitionKey("measureRectification").count()).isEqualTo(3);
	}

	@Test
	void aRoundRegisteredWithoutSignOffStartsEachProblemsMeasuresOnItsLeadersApproval() throws Exception {
		ProcessInstance round = assigned(false);
		approvePlan(instance("problemRectification", P1), plan("FIXED"));

		assertThat(instance("problemRectification", P1)).hasPassed("Task_AwaitSignOff")
				.hasNotPassed("Gateway_SignOffEvent").isWaitingAt("Activity_RectifyMeasure");
		assertThat(round).hasPassed("Gateway_SignOffDone").isWaitingAt("Activity_RectifyProblem");
		assertThat(task("Task_SignOffPlan", round)).isNull();
	}

	private ProcessInstance assigned(boolean signOff) throws Exception {
		if (!signOff) {
			Mocks.reset();
			delegates = MockedDelegates.register();
		}
		ProcessInstance round = runtimeService().startProcessInstanceByKey("roundRectification", ROUND_KEY,
				withVariables("roundKey", ROUND_KEY, "roundTitle", "区城管局党组巡察整改", "planSignOff", signOff,
						"problems", SpinValues.jsonValue(PROBLEMS).create()));
		complete(opened("Task_RegisterFeedback", round),
				withVariables("problems", SpinValues.jsonValue(PROBLEMS).create()));
		return round;
	}
}
