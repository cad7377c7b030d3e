package cn.xuncha.rectify.plan;

import static cn.xuncha.rectify.testing.Walkthrough.approvePlan;
import static cn.xuncha.rectify.testing.Walkthrough.closeMeasure;
import static cn.xuncha.rectify.testing.Walkthrough.instance;
import static cn.xuncha.rectify.testing.Walkthrough.opened;
import static cn.xuncha.rectify.testing.Walkthrough.plan;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import cn.xuncha.rectify.testing.MockedDelegates.Problem;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import cn.xuncha.rectify.testing.MockedDelegates;
import cn.xuncha.rectify.testing.Walkthrough;

@ExtendWith(ProcessEngineExtension.class)
@Deployment(resources = {"bpmn/problem-rectification.bpmn", "bpmn/measure-rectification.bpmn",
		"forms/draft-plan.form", "forms/review-plan.form", "forms/execute-measure.form",
		"forms/submit-evidence.html", "forms/verify-evidence.form", "forms/approve-closure.form"})
class ProblemRectificationProcessTest {

	private static final String PROBLEM_KEY = "HZSW-2020-P1";

	ProcessEngine processEngine;

	private MockedDelegates delegates;

	@BeforeEach
	void registerDelegates() throws Exception {
		BpmnAwareTests.init(processEngine);
		delegates = MockedDelegates.register().problem(PROBLEM_KEY,
				new Problem("管水治水存在短板", "(一) 贯彻落实上级重大决策部署有差距", "dept-river", "leader2"));
	}

	@AfterEach
	void resetMocks() {
		Mocks.reset();
	}

	@Test
	void departmentDraftsThePlanAndTheLeadLeaderReviewsIt() {
		ProcessInstance problem = start();

		assertThat(problem).isWaitingAt("Task_DraftPlan").hasPassed("Task_LoadProblem").variables()
				.containsEntry("problemTitle", "管水治水存在短板").containsEntry("roundKey", "HZSW-2020");
		assertThat(opened("Task_DraftPlan", problem)).hasCandidateGroup("dept-river");
		complete(opened("Task_DraftPlan", problem), withVariables("measures", plan("FIXED", "LONG_TERM")));

		assertThat(problem).isWaitingAtExactly("Task_ReviewPlan").hasPassed("Task_SavePlan");
		assertThat(opened("Task_ReviewPlan", problem)).isAssignedTo("leader2");
	}

	@Test
	void approvedPlanStartsItsMeasuresAndTheProblemClosesWhenTheyAreClosed() throws Exception {
		ProcessInstance problem = start();

		approvePlan(problem, plan("FIXED"));

		assertThat(problem).isWaitingAt("Activity_RectifyMeasure").hasPassed("Task_ApprovePlan")
				.hasNotPassed("Task_CloseProblem");
		ProcessInstance measure = instance("measureRectification", PROBLEM_KEY + "-M1");
		assertThat(measure).isWaitingAt("Task_ExecuteMeasure").variables()
				.containsEntry("measureKey", PROBLEM_KEY + "-M1").containsEntry("problemKey", PROBLEM_KEY);

		closeMeasure(measure);

		assertThat(problem).isEnded().hasPassed("Task_CloseProblem", "End_ProblemClosed");
		verify(delegates.bean("approvePlan")).execute(any());
		verify(delegates.bean("closeProblem")).execute(any());
	}

	@Test
	void planSentBackWithCommentIsRedraftedThenApproved() throws Exception {
		ProcessInstance problem = start();
		complete(opened("Task_DraftPlan", problem), withVariables("measures", plan("FIXED")));
		complete(opened("Task_ReviewPlan", problem),
				withVariables("planDecision", "sendBack", "planComment", "措施不够具体，补充时间节点"));

		assertThat(problem).isWaitingAtExactly("Task_DraftPlan").hasNotPassed("Task_ApprovePlan").variables()
				.containsEntry("planComment", "措施不够具体，补充时间节点");
		assertThat(opened("Task_DraftPlan", problem)).hasCandidateGroup("dept-river");
		verify(delegates.bean("approvePlan"), never()).execute(any());

		approvePlan(problem, plan("FIXED", "FIXED"));

		assertThat(problem).isWaitingAt("Activity_RectifyMeasure");
		verify(delegates.bean("savePlan"), times(2)).execute(any());
		verify(delegates.bean("approvePlan")).execute(any());
	}

	@Test
	void measuresOfAnApprovedPlanAreRectifiedInParallel() {
		ProcessInstance problem = start();
		approvePlan(problem, plan("FIXED", "LONG_TERM"));

		ProcessInstance first = instance("measureRectification", PROBLEM_KEY + "-M1");
		ProcessInstance second = instance("measureRectification", PROBLEM_KEY + "-M2");
		assertThat(first).isWaitingAt("Task_ExecuteMeasure");
		assertThat(second).isWaitingAt("Task_ExecuteMeasure");

		closeMeasure(second);
		assertThat(second).isEnded().hasPassed("End_MeasureLongTerm");
		assertThat(problem).isWaitingAt("Activity_RectifyMeasure").hasNotPassed("Task_CloseProblem");

		closeMeasure(first);
		assertThat(first).isEnded().hasPassed("End_MeasureClosed");
		assertThat(problem).isEnded().hasPassed("End_ProblemClosed");
	}

	private ProcessInstance start() {
		return runtimeService().startProcessInstanceByKey("problemRectification", PROBLEM_KEY,
				withVariables("problemKey", PROBLEM_KEY, "roundKey", "HZSW-2020"));
	}
}
