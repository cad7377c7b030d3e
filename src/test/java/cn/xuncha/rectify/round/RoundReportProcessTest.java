package cn.xuncha.rectify.round;

import static cn.xuncha.rectify.testing.Walkthrough.approvePlan;
import static cn.xuncha.rectify.testing.Walkthrough.closeMeasure;
import static cn.xuncha.rectify.testing.Walkthrough.instance;
import static cn.xuncha.rectify.testing.Walkthrough.opened;
import static cn.xuncha.rectify.testing.Walkthrough.plan;
import static cn.xuncha.rectify.testing.Walkthrough.rectifyProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.jobQuery;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.time.LocalDate;
import java.util.Date;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
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
import cn.xuncha.rectify.system.Now;

/**
 * DOMAIN: 整改情况报告 — the report due two months after the feedback: drafted by the office before its due date
 * from the figures of that day, signed by the secretary whatever is still open, reminded a week before and urged once
 * past due; the round's final report comes only after it and after every measure is closed or long-term.
 */
@ExtendWith(ProcessEngineExtension.class)
@Deployment(resources = {"bpmn/round-rectification.bpmn", "bpmn/problem-rectification.bpmn",
		"bpmn/measure-rectification.bpmn", "forms/register-feedback.form", "forms/draft-report.form",
		"forms/sign-report.form", "forms/draft-interim-report.form", "forms/sign-interim-report.form",
		"forms/sign-off-plan.form", "forms/draft-plan.form", "forms/review-plan.form", "forms/execute-measure.form",
		"forms/submit-evidence.html", "forms/verify-evidence.form", "forms/approve-closure.form"})
class RoundReportProcessTest {

	private static final String ROUND_KEY = "HZSW-2020";
	private static final LocalDate TODAY = LocalDate.of(2020, 10, 26);
	/** Feedback 2020-10-20 + two months. */
	private static final LocalDate DUE = LocalDate.of(2020, 12, 20);

	private static final String PROBLEMS = """
			[{"problemKey": "HZSW-2020-P1", "categoryTitle": "(一)", "title": "管水治水存在短板",
			  "department": "dept-river", "leadLeader": "leader1"},
			 {"problemKey": "HZSW-2020-P2", "categoryTitle": "(一)", "title": "“六稳”“六保”存在短板",
			  "department": "dept-finance", "leadLeader": "leader2"}]""";

	ProcessEngine processEngine;

	private MockedDelegates delegates;

	@BeforeEach
	void registerDelegates() throws Exception {
		BpmnAwareTests.init(processEngine);
		ClockUtil.setCurrentTime(at(TODAY));
		delegates = MockedDelegates.register().reportDue(DUE);
	}

	@AfterEach
	void reset() {
		Mocks.reset();
		ClockUtil.reset();
	}

	@Test
	void officeDraftsTheReportTenDaysBeforeItIsDueAndTheSecretarySignsItWhileMeasuresContinue() throws Exception {
		ProcessInstance round = rectifying();
		Job draftTimer = job("Start_InterimReportDue", round);
		assertThat(draftTimer.getDuedate()).isEqualTo(Date.from(DUE.minusDays(10).atStartOfDay(Now.CHINA).toInstant()));

		ClockUtil.setCurrentTime(at(DUE.minusDays(10)));
		execute(draftTimer);

		verify(delegates.bean("prepareInterimReport")).execute(any());
		assertThat(opened("Task_DraftInterimReport", round)).hasCandidateGroup("office").hasDueDate(Now.endOfDay(DUE));
		complete(opened("Task_DraftInterimReport", round), withVariables("interimReportText", "集中整改两个月来……"));
		assertThat(opened("Task_SignInterimReport", round)).hasCandidateGroup("secretary");
		complete(opened("Task_SignInterimReport", round),
				withVariables("interimDecision", "sendBack", "interimComment", "补充长期坚持措施的检查安排"));
		assertThat(round).isWaitingAt("Task_DraftInterimReport").variables()
				.containsEntry("interimComment", "补充长期坚持措施的检查安排");
		complete(opened("Task_DraftInterimReport", round), withVariables("interimReportText", "集中整改两个月来……（修改稿）"));
		complete(opened("Task_SignInterimReport", round), withVariables("interimDecision", "approve"));

		verify(delegates.bean("issueInterimReport")).execute(any());
		assertThat(round).hasPassed("End_InterimReportIssued").isWaitingAt("Activity_RectifyProblem")
				.hasNotPassed("Task_SummarizeRound");
		assertThat(instance("measureRectification", "HZSW-2020-P1-M1")).isWaitingAt("Task_ExecuteMeasure");
		assertThat(jobQuery().processInstanceId(round.getId()).count()).as("no reminder left").isZero();
	}

	@Test
	void anUnsignedReportIsRemindedAWeekBeforeItsDueDateAndUrgedOncePastIt() throws Exception {
		ProcessInstance round = rectifying();
		ClockUtil.setCurrentTime(at(DUE.minusDays(10)));
		execute(job("Start_InterimReportDue", round));
		complete(opened("Task_DraftInterimReport", round), withVariables("interimReportText", "报告初稿"));

		Job reminder = job("Timer_InterimReminder", round);
		Job overdue = job("Timer_InterimOverdue", round);
		assertThat(reminder.getDuedate()).isEqualTo(Now.endOfDay(DUE.minusDays(7)));
		assertThat(overdue.getDuedate()).isEqualTo(Now.endOfDay(DUE));

		ClockUtil.setCurrentTime(Now.endOfDay(DUE.minusDays(7)));
		execute(reminder);
		verify(delegates.bean("remindInterimReport")).execute(any());
		verify(delegates.bean("urgeInterimReport"), never()).execute(any());
		assertThat(round).isWaitingAt("Task_SignInterimReport");

		ClockUtil.setCurrentTime(Now.endOfDay(DUE));
		execute(job("Timer_InterimOverdue", round));
		verify(delegates.bean("urgeInterimReport")).execute(any());
		assertThat(round).isWaitingAt("Task_SignInterimReport");
		assertThat(jobQuery().processInstanceId(round.getId()).count()).as("each level once").isZero();

		complete(opened("Task_SignInterimReport", round), withVariables("interimDecision", "approve"));
		verify(delegates.bean("issueInterimReport")).execute(any());
		verify(delegates.bean("remindInterimReport"), times(1)).execute(any());
	}

	@Test
	void theFinalReportWaitsForTheSignedTwoMonthReport() throws Exception {
		ProcessInstance round = rectifying();
		ClockUtil.setCurrentTime(at(DUE.minusDays(10)));
		execute(job("Start_InterimReportDue", round));

		closeMeasure(instance("measureRectification", "HZSW-2020-P1-M1"));
		closeMeasure(instance("measureRectification", "HZSW-2020-P2-M1"));

		assertThat(round).isWaitingAt("Task_DraftInterimReport").hasNotPassed("Task_SummarizeRound");
		complete(opened("Task_DraftInterimReport", round), withVariables("interimReportText", "报告"));
		complete(opened("Task_SignInterimReport", round), withVariables("interimDecision", "approve"));

		assertThat(round).isWaitingAtExactly("Task_DraftReport").hasPassed("End_InterimReportIssued",
				"Task_SummarizeRound");
		complete(opened("Task_DraftReport", round), withVariables("reportText", "整改完成情况报告"));
		complete(opened("Task_SignReport", round), withVariables("reportDecision", "approve"));
		assertThat(round).isEnded().hasPassed("Task_IssueFinalReport", "Task_CloseRound");
		verify(delegates.bean("issueFinalReport")).execute(any());
	}

	@Test
	void aRoundRectifiedBeforeTheDraftDateNeedsNoTwoMonthReport() throws Exception {
		ProcessInstance round = start();
		complete(opened("Task_RegisterFeedback", round), withVariables("problems", SpinValues.jsonValue(PROBLEMS).create()));
		rectifyProblem(instance("problemRectification", "HZSW-2020-P1"));
		rectifyProblem(instance("problemRectification", "HZSW-2020-P2"));

		assertThat(round).isWaitingAtExactly("Task_DraftReport").hasNotPassed("Task_PrepareInterimReport");
		assertThat(jobQuery().processInstanceId(round.getId()).count()).as("the draft timer is gone").isZero();
		verify(delegates.bean("prepareInterimReport"), never()).execute(any());
	}

	/** Registered and assigned; both plans approved, one measure each in execution. */
	private ProcessInstance rectifying() {
		ProcessInstance round = start();
		complete(opened("Task_RegisterFeedback", round), withVariables("problems", SpinValues.jsonValue(PROBLEMS).create()));
		approvePlan(instance("problemRectification", "HZSW-2020-P1"), plan("FIXED"));
		approvePlan(instance("problemRectification", "HZSW-2020-P2"), plan("LONG_TERM"));
		return round;
	}

	private ProcessInstance start() {
		return runtimeService().startProcessInstanceByKey("roundRectification", ROUND_KEY,
				withVariables("roundKey", ROUND_KEY, "roundTitle", "区委第二巡察组巡察海珠区水务局",
						"problems", SpinValues.jsonValue(PROBLEMS).create()));
	}

	private static Date at(LocalDate day) {
		return Date.from(day.atTime(10, 0).atZone(Now.CHINA).toInstant());
	}
}
