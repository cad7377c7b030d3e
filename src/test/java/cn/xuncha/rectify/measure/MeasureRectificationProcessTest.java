package cn.xuncha.rectify.measure;

import static cn.xuncha.rectify.testing.Walkthrough.evidence;
import static cn.xuncha.rectify.testing.Walkthrough.opened;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import cn.xuncha.rectify.testing.MockedDelegates.Measure;
import cn.xuncha.rectify.testing.MockedDelegates.Problem;
import java.time.LocalDate;
import org.assertj.core.api.Assertions;
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
@Deployment(resources = {"bpmn/measure-rectification.bpmn", "forms/execute-measure.form",
		"forms/submit-evidence.html", "forms/verify-evidence.form", "forms/approve-closure.form"})
class MeasureRectificationProcessTest {

	private static final String PROBLEM_KEY = "HZSW-2020-P3";
	private static final String FIXED_MEASURE = "HZSW-2020-P3-M2";
	private static final String LONG_TERM_MEASURE = "HZSW-2020-P3-M3";

	ProcessEngine processEngine;

	private MockedDelegates delegates;

	@BeforeEach
	void registerDelegates() throws Exception {
		BpmnAwareTests.init(processEngine);
		delegates = MockedDelegates.register()
				.problem(PROBLEM_KEY, new Problem("依法行政意识不强", "(三) 履行管党治党主体责任有差距", "dept-law", "leader1"))
				.measure(FIXED_MEASURE, new Measure(PROBLEM_KEY, "二是开展执法案卷评查", "FIXED", LocalDate.of(2030, 3, 31)))
				.measure(LONG_TERM_MEASURE, new Measure(PROBLEM_KEY, "三是常态化开展法治培训", "LONG_TERM",
						LocalDate.of(2030, 6, 30)));
	}

	@AfterEach
	void resetMocks() {
		Mocks.reset();
	}

	@Test
	void executionIsForTheDepartmentAndDueAtTheMeasureDeadline() {
		ProcessInstance measure = start(FIXED_MEASURE);

		assertThat(measure).isWaitingAt("Task_ExecuteMeasure").hasPassed("Task_LoadMeasure");
		assertThat(opened("Task_ExecuteMeasure", measure)).hasCandidateGroup("dept-law")
				.hasDueDate(delegates.measure(FIXED_MEASURE).deadlineDate());
		assertThat(measure).variables().containsEntry("measureText", "二是开展执法案卷评查")
				.containsEntry("deadlineText", "2030-03-31").containsEntry("problemTitle", "依法行政意识不强");
	}

	@Test
	void progressReportsReturnToExecution() throws Exception {
		ProcessInstance measure = start(FIXED_MEASURE);

		complete(opened("Task_ExecuteMeasure", measure),
				withVariables("progressNote", "已排查 936 个问题", "figureTotal", 936, "executionAction", "report"));
		assertThat(measure).isWaitingAt("Task_ExecuteMeasure");
		complete(opened("Task_ExecuteMeasure", measure), withVariables("progressNote", "已整改 911 个",
				"figureDone", 911, "figureTotal", 936, "executionAction", "report"));

		assertThat(measure).isWaitingAtExactly("Task_ExecuteMeasure").hasNotPassed("Task_SubmitEvidence");
		verify(delegates.bean("recordProgress"), times(2)).execute(any());

		complete(opened("Task_ExecuteMeasure", measure),
				withVariables("progressNote", "全部完成", "executionAction", "requestClosure"));
		assertThat(measure).isWaitingAtExactly("Task_SubmitEvidence");
		assertThat(opened("Task_SubmitEvidence", measure)).hasCandidateGroup("dept-law")
				.hasFormKey("embedded:deployment:forms/submit-evidence.html");
		verify(delegates.bean("recordProgress"), times(3)).execute(any());
	}

	@Test
	void closureReturnedByOfficeReturnsToExecution() throws Exception {
		ProcessInstance measure = requestClosure(FIXED_MEASURE);

		assertThat(measure).isWaitingAt("Task_VerifyEvidence").variables()
				.containsEntry("evidenceInfo", "整改台账.pdf SHA-256 0f3a…");
		assertThat(opened("Task_VerifyEvidence", measure)).hasCandidateGroup("office");
		complete(opened("Task_VerifyEvidence", measure),
				withVariables("verifyDecision", "return", "returnComment", "缺少案卷评查记录"));

		assertThat(measure).isWaitingAtExactly("Task_ExecuteMeasure").hasPassed("Task_ReopenMeasure")
				.hasNotPassed("Task_ApproveClosure").variables().containsEntry("returnComment", "缺少案卷评查记录");
		verify(delegates.bean("reopenMeasure")).execute(any());
		verify(delegates.bean("closeMeasure"), never()).execute(any());
	}

	@Test
	void closureSentBackReturnsToExecution() throws Exception {
		ProcessInstance measure = requestClosure(FIXED_MEASURE);
		complete(opened("Task_VerifyEvidence", measure), withVariables("verifyDecision", "pass"));

		assertThat(measure).isWaitingAt("Task_ApproveClosure");
		assertThat(opened("Task_ApproveClosure", measure)).isAssignedTo("leader1");
		complete(opened("Task_ApproveClosure", measure),
				withVariables("closureDecision", "sendBack", "returnComment", "成效还需巩固"));

		assertThat(measure).isWaitingAtExactly("Task_ExecuteMeasure").hasPassed("Task_ReopenMeasure")
				.variables().containsEntry("returnComment", "成效还需巩固");
		verify(delegates.bean("reopenMeasure")).execute(any());
		verify(delegates.bean("closeMeasure"), never()).execute(any());
	}

	@Test
	void approvedFixedMeasureIsClosed() throws Exception {
		ProcessInstance measure = approveClosure(FIXED_MEASURE);

		assertThat(measure).isEnded().hasPassed("Task_CloseMeasure", "End_MeasureClosed")
				.hasNotPassed("Task_KeepLongTerm", "Task_ReopenMeasure");
		verify(delegates.bean("closeMeasure")).execute(any());
		verify(delegates.bean("keepLongTerm"), never()).execute(any());
	}

	@Test
	void approvedLongTermMeasureIsKeptUnderPeriodicCheck() throws Exception {
		ProcessInstance measure = approveClosure(LONG_TERM_MEASURE);

		assertThat(measure).isEnded().hasPassed("Task_KeepLongTerm", "End_MeasureLongTerm")
				.hasNotPassed("Task_CloseMeasure");
		verify(delegates.bean("keepLongTerm")).execute(any());
		verify(delegates.bean("closeMeasure"), never()).execute(any());
	}

	@Test
	void closureCanBeRequestedAgainAfterItWasSentBack() {
		ProcessInstance measure = requestClosure(FIXED_MEASURE);
		complete(opened("Task_VerifyEvidence", measure),
				withVariables("verifyDecision", "return", "returnComment", "缺少案卷评查记录"));

		Walkthrough.closeMeasure(measure);

		assertThat(measure).isEnded().hasPassed("End_MeasureClosed");
		Assertions.assertThat(processEngine.getHistoryService().createHistoricActivityInstanceQuery()
				.processInstanceId(measure.getId()).activityId("Task_VerifyEvidence").count()).isEqualTo(2);
	}

	private ProcessInstance start(String measureKey) {
		return runtimeService().startProcessInstanceByKey("measureRectification", measureKey,
				withVariables("measureKey", measureKey, "problemKey", PROBLEM_KEY));
	}

	private ProcessInstance requestClosure(String measureKey) {
		ProcessInstance measure = start(measureKey);
		complete(opened("Task_ExecuteMeasure", measure),
				withVariables("progressNote", "已完成", "executionAction", "requestClosure"));
		complete(opened("Task_SubmitEvidence", measure),
				withVariables("closureSummary", "措施已落实", "evidenceFile", evidence()));
		return measure;
	}

	private ProcessInstance approveClosure(String measureKey) {
		ProcessInstance measure = requestClosure(measureKey);
		complete(opened("Task_VerifyEvidence", measure), withVariables("verifyDecision", "pass"));
		complete(opened("Task_ApproveClosure", measure), withVariables("closureDecision", "approve"));
		return measure;
	}
}
