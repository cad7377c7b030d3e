package cn.xuncha.rectify.round;

import static cn.xuncha.rectify.testing.Walkthrough.instance;
import static cn.xuncha.rectify.testing.Walkthrough.opened;
import static cn.xuncha.rectify.testing.Walkthrough.rectifyProblem;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.spin.plugin.variable.SpinValues;
import org.camunda.spin.plugin.variable.value.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import cn.xuncha.rectify.testing.MockedDelegates;
import cn.xuncha.rectify.testing.Walkthrough;

@ExtendWith(ProcessEngineExtension.class)
@Deployment(resources = {"bpmn/round-rectification.bpmn", "bpmn/problem-rectification.bpmn",
		"bpmn/measure-rectification.bpmn", "forms/register-feedback.form", "forms/draft-report.form",
		"forms/sign-report.form", "forms/draft-plan.form", "forms/review-plan.form", "forms/execute-measure.form",
		"forms/submit-evidence.html", "forms/verify-evidence.form", "forms/approve-closure.form"})
class RoundRectificationProcessTest {

	private static final String ROUND_KEY = "HZSW-2020";

	/** Two problems of the seed's first category, as parsed from the feedback (not yet assigned). */
	private static final String FEEDBACK = """
			[{"problemKey": "HZSW-2020-P1", "categoryTitle": "(一) 贯彻落实上级重大决策部署有差距",
			  "title": "管水治水存在短板", "department": null, "leadLeader": null},
			 {"problemKey": "HZSW-2020-P2", "categoryTitle": "(一) 贯彻落实上级重大决策部署有差距",
			  "title": "“六稳”“六保”存在短板", "department": null, "leadLeader": null}]""";

	/** The same problems after the office assigned a department and a lead leader to each. */
	private static final String ASSIGNED = FEEDBACK
			.replaceFirst("\"department\": null, \"leadLeader\": null", "\"department\": \"dept-river\", \"leadLeader\": \"leader1\"")
			.replaceFirst("\"department\": null, \"leadLeader\": null", "\"department\": \"dept-finance\", \"leadLeader\": \"leader2\"");

	ProcessEngine processEngine;

	private MockedDelegates delegates;

	@BeforeEach
	void registerDelegates() throws Exception {
		BpmnAwareTests.init(processEngine);
		delegates = MockedDelegates.register();
	}

	@AfterEach
	void resetMocks() {
		Mocks.reset();
	}

	@Test
	void registeredFeedbackStartsOneProblemRectificationPerProblem() {
		ProcessInstance round = start();
		assertThat(opened("Task_RegisterFeedback", round)).hasCandidateGroup("office");

		complete(opened("Task_RegisterFeedback", round), withVariables("problems", json(ASSIGNED)));

		assertThat(round).isWaitingAt("Activity_RectifyProblem").hasPassed("Task_AssignProblems").variables()
				.containsEntry("problemKeys", List.of("HZSW-2020-P1", "HZSW-2020-P2"));
		ProcessInstance first = instance("problemRectification", "HZSW-2020-P1");
		ProcessInstance second = instance("problemRectification", "HZSW-2020-P2");
		assertThat(first).isWaitingAt("Task_DraftPlan").variables().containsEntry("roundKey", ROUND_KEY)
				.containsEntry("problemKey", "HZSW-2020-P1");
		assertThat(opened("Task_DraftPlan", first)).hasCandidateGroup("dept-river");
		assertThat(opened("Task_DraftPlan", second)).hasCandidateGroup("dept-finance");
	}

	@Test
	void reportIsDraftedOnlyWhenEveryProblemIsRectified() {
		ProcessInstance round = assignProblems();

		rectifyProblem(instance("problemRectification", "HZSW-2020-P2"));
		assertThat(round).isWaitingAt("Activity_RectifyProblem").hasNotPassed("Task_SummarizeRound");

		rectifyProblem(instance("problemRectification", "HZSW-2020-P1"));
		assertThat(round).isWaitingAtExactly("Task_DraftReport").hasPassed("Task_SummarizeRound").variables()
				.containsEntry("roundSummary", "问题 2 个，已完成整改 2 个");
		assertThat(opened("Task_DraftReport", round)).hasCandidateGroup("office");
	}

	@Test
	void reportSentBackBySecretaryIsRedraftedThenSignedAndTheRoundCloses() throws Exception {
		ProcessInstance round = assignProblems();
		rectifyProblem(instance("problemRectification", "HZSW-2020-P1"));
		rectifyProblem(instance("problemRectification", "HZSW-2020-P2"));

		complete(opened("Task_DraftReport", round), withVariables("reportText", "整改情况报告（初稿）"));
		assertThat(opened("Task_SignReport", round)).hasCandidateGroup("secretary");
		complete(opened("Task_SignReport", round),
				withVariables("reportDecision", "sendBack", "signComment", "补充整改完成率"));

		assertThat(round).isWaitingAtExactly("Task_DraftReport").variables()
				.containsEntry("signComment", "补充整改完成率");
		verify(delegates.bean("closeRound"), never()).execute(any());

		complete(opened("Task_DraftReport", round), withVariables("reportText", "整改情况报告：完成率 100%"));
		complete(opened("Task_SignReport", round), withVariables("reportDecision", "approve"));

		assertThat(round).isEnded().hasPassed("Task_CloseRound", "End_RoundClosed");
		verify(delegates.bean("closeRound")).execute(any());
	}

	private ProcessInstance start() {
		return runtimeService().startProcessInstanceByKey("roundRectification", ROUND_KEY,
				withVariables("roundKey", ROUND_KEY, "roundTitle", "区委第二巡察组巡察海珠区水务局",
						"problems", json(FEEDBACK)));
	}

	private ProcessInstance assignProblems() {
		ProcessInstance round = start();
		complete(opened("Task_RegisterFeedback", round), withVariables("problems", json(ASSIGNED)));
		return round;
	}

	private static JsonValue json(String json) {
		return SpinValues.jsonValue(json).create();
	}
}
