package cn.xuncha.rectify.review;

import static cn.xuncha.rectify.testing.Walkthrough.opened;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.formService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.jobQuery;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.processInstanceQuery;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.repositoryService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskQuery;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import cn.xuncha.rectify.testing.MockedDelegates.Measure;
import cn.xuncha.rectify.testing.MockedDelegates.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.spin.json.SpinJsonNode;
import org.camunda.spin.plugin.variable.SpinValues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import cn.xuncha.rectify.testing.MockedDelegates;
import cn.xuncha.rectify.testing.Walkthrough;

@ExtendWith(ProcessEngineExtension.class)
@Deployment(resources = {"bpmn/half-monthly-review.bpmn", "forms/report-progress.form", "forms/confirm-review.form"})
class HalfMonthlyReviewProcessTest {

	private static final String PROCESS = "halfMonthlyReview";
	private static final String REQUESTED = "halfMonthlyReviewRequested";
	private static final ZoneId ZONE = ZoneId.systemDefault();
	/** A Tuesday morning between two scheduled reviews (the 1st and the 16th, 09:00). */
	private static final LocalDateTime NOW = LocalDateTime.of(2030, 3, 5, 10, 0);
	private static final Date REPORT_DUE = date(LocalDateTime.of(2030, 3, 10, 18, 0));

	ProcessEngine processEngine;

	private MockedDelegates delegates;

	@BeforeEach
	void registerDelegates() throws Exception {
		// before the deployment: it evaluates ${reviewSchedule.cron} to schedule the timer start
		BpmnAwareTests.init(processEngine);
		ClockUtil.setCurrentTime(date(NOW));
		delegates = MockedDelegates.register()
				.problem("HZSW-2020-P3", new Problem("依法行政意识不强", "(三) 履行管党治党主体责任有差距", "dept-law", "leader1"))
				.problem("HZSW-2020-P5", new Problem("工程项目管理不规范", "(二) 落实全面从严治党有差距", "dept-eng", "leader2"))
				.measure("HZSW-2020-P3-M2", new Measure("HZSW-2020-P3", "二是开展执法案卷评查", "FIXED",
						LocalDate.of(2030, 3, 31)))
				.measure("HZSW-2020-P3-M1", new Measure("HZSW-2020-P3", "一是组织执法人员培训", "FIXED",
						LocalDate.of(2030, 4, 30)))
				.measure("HZSW-2020-P5-M1", new Measure("HZSW-2020-P5", "一是规范工程变更审批", "FIXED",
						LocalDate.of(2030, 6, 30)))
				.review(List.of("dept-law", "dept-eng"), REPORT_DUE);
	}

	@AfterEach
	void resetMocksAndClock() {
		Mocks.reset();
		ClockUtil.reset();
	}

	@Test
	void aLargeReviewAppliesItsActionsInOneJobPerChunkBeforeTheReportsStart() {
		delegates.actionChunks(3);
		ProcessInstance review = startOnDemand();

		assertThat(review).isWaitingAt("Task_ApplyActions").hasPassed("Task_EvaluateMeasures")
				.hasNotPassed("Task_PrepareReport");
		List<Job> chunks = jobQuery().processInstanceId(review.getId()).activityId("Task_ApplyActions").list();
		Assertions.assertThat(chunks).hasSize(3);
		chunks.forEach(chunk -> execute(chunk));

		Assertions.assertThat(delegates.appliedChunks).containsExactlyInAnyOrder(0, 1, 2);
		assertThat(review).isWaitingAt("Task_ReportProgress", "Task_ConfirmReview").hasPassed("Task_ApplyActions");
	}

	@Test
	void aReviewWithFewActionsHasNoChunkJobs() throws Exception {
		ProcessInstance review = startOnDemand();

		assertThat(review).isWaitingAt("Task_ReportProgress", "Task_ConfirmReview");
		verify(delegates.bean("applyReviewActions"), never()).execute(any());
		Assertions.assertThat(jobQuery().processInstanceId(review.getId()).activityId("Task_ApplyActions").count())
				.isZero();
	}

	@Test
	void evaluationOpensOneReportTaskPerDepartmentAndTheOfficeConfirmation() throws Exception {
		ProcessInstance review = startOnDemand();

		assertThat(review).isWaitingAt("Task_ReportProgress", "Task_ConfirmReview").hasPassed("Start_OnDemand",
				"Task_EvaluateMeasures", "Task_PrepareReport").hasNotPassed("Timer_HalfMonth").variables().containsEntry("reviewId", 1L).containsEntry("reportDueDate", REPORT_DUE)
				.containsEntry("dryRun", false).containsEntry("trigger", "MANUAL");
		verify(delegates.bean("evaluateReview")).execute(any());
		verify(delegates.bean("prepareReport"), times(2)).execute(any());

		Task law = reportTask(review, "dept-law");
		Task eng = reportTask(review, "dept-eng");
		Assertions.assertThat(law.getDueDate()).isEqualTo(REPORT_DUE);
		Assertions.assertThat(eng.getDueDate()).isEqualTo(REPORT_DUE);
		assertThat(law).hasName("报送本期整改进展");
		Assertions.assertThat(reportItems(law).elements()).extracting(item -> item.prop("measureKey").stringValue())
				.containsExactly("HZSW-2020-P3-M1", "HZSW-2020-P3-M2");
		Assertions.assertThat(reportItems(eng).elements()).extracting(item -> item.prop("text").stringValue())
				.containsExactly("一是规范工程变更审批");
		Assertions.assertThat(taskService().getVariable(law.getId(), "reportDepartment")).isEqualTo("dept-law");
		// each department's list is local to its subprocess instance
		Assertions.assertThat(runtimeService().getVariable(review.getId(), "reportItems")).isNull();

		assertThat(opened("Task_ConfirmReview", review)).hasCandidateGroup("office");
		Assertions.assertThat(jobQuery().processInstanceId(review.getId()).timers().list()).hasSize(2)
				.allSatisfy(timer -> Assertions.assertThat(timer.getDuedate()).isEqualTo(REPORT_DUE));
	}

	@Test
	void reportedAndOverdueDepartmentsAreRecordedThenTheOfficeConfirmsAndTheReviewEnds() throws Exception {
		ProcessInstance review = startOnDemand();

		Task law = reportTask(review, "dept-law");
		complete(law, withVariables("reportItems", SpinValues.jsonValue(reportItems(law).toString()
				.replace("\"progressNote\":null", "\"progressNote\":\"已评查案卷 120 宗\"")).create()));
		verify(delegates.bean("saveReport")).execute(any());
		Assertions.assertThat(delegates.savedReport("dept-law")).contains("HZSW-2020-P3-M1", "HZSW-2020-P3-M2",
				"已评查案卷 120 宗").doesNotContain("\"progressNote\":null");

		// dept-eng lets the due date pass: its boundary timer is the only timer left
		assertThat(review).isWaitingAt("Task_ReportProgress", "Task_ConfirmReview");
		ClockUtil.setCurrentTime(REPORT_DUE);
		Job overdue = job(review);
		Assertions.assertThat(overdue.getDuedate()).isEqualTo(REPORT_DUE);
		execute(overdue);
		verify(delegates.bean("markReportMissing")).execute(any());
		Assertions.assertThat(delegates.missingReports()).containsExactly("dept-eng");
		Assertions.assertThat(taskQuery().processInstanceId(review.getId()).taskDefinitionKey("Task_ReportProgress")
				.count()).isZero();

		// the reports are in: the join waits for the office's confirmation only
		assertThat(review).isWaitingAt("Task_ConfirmReview", "Gateway_Join").isNotWaitingAt("Task_ReportProgress")
				.hasPassed("End_Reported", "End_ReportMissing");
		complete(opened("Task_ConfirmReview", review), withVariables("reviewNote", "已核对"));

		assertThat(review).isEnded().hasPassed("Task_ConfirmReviewRecord", "Gateway_Join", "End_ReviewDone");
		verify(delegates.bean("confirmReview")).execute(any());
		verify(delegates.bean("saveReport"), times(1)).execute(any());
	}

	@Test
	void confirmationWaitsForAllReports() throws Exception {
		ProcessInstance review = startOnDemand();

		complete(opened("Task_ConfirmReview", review));
		assertThat(review).isNotEnded().isWaitingAt("Task_ReportProgress", "Gateway_Join")
				.isNotWaitingAt("Task_ConfirmReview").hasPassed("Task_ConfirmReviewRecord");
		verify(delegates.bean("confirmReview")).execute(any());

		for (String department : List.of("dept-law", "dept-eng")) {
			Task report = reportTask(review, department);
			complete(report, withVariables("reportItems", SpinValues.jsonValue(reportItems(report).toString()
					.replace("\"progressNote\":null", "\"progressNote\":\"按计划推进\"")).create()));
		}

		assertThat(review).isEnded().hasPassed("End_ReviewDone").hasNotPassed("Task_MarkReportMissing");
		verify(delegates.bean("saveReport"), times(2)).execute(any());
		verify(delegates.bean("markReportMissing"), never()).execute(any());
		Assertions.assertThat(delegates.savedReport("dept-eng")).contains("HZSW-2020-P5-M1", "按计划推进");
	}

	@Test
	void reviewCanStartRightAtTheEvaluationAsTheApiStartsIt() throws Exception {
		ProcessInstance review = runtimeService().createProcessInstanceByKey(PROCESS).setVariable("trigger", "MANUAL")
				.startBeforeActivity("Task_EvaluateMeasures").execute();

		// the evaluation ran synchronously: its results are there when the call returns
		Assertions.assertThat(runtimeService().getVariable(review.getId(), "reviewId")).isEqualTo(1L);
		Assertions.assertThat(runtimeService().getVariable(review.getId(), "reportDepartments"))
				.isEqualTo(List.of("dept-law", "dept-eng"));
		assertThat(review).isWaitingAt("Task_ReportProgress", "Task_ConfirmReview");
		Assertions.assertThat(reportTask(review, "dept-eng")).isNotNull();
	}

	@Test
	void timerStartUsesTheReviewScheduleAndStartsAReviewOnTheFirstAndSixteenth() throws Exception {
		TimerEventDefinition timer = repositoryService().getBpmnModelInstance(
				repositoryService().createProcessDefinitionQuery().processDefinitionKey(PROCESS).singleResult().getId())
				.getModelElementById("TimerEventDefinition_HalfMonth");
		Assertions.assertThat(timer.getTimeCycle().getTextContent()).isEqualTo("${reviewSchedule.cron}");
		Assertions.assertThat(MockedDelegates.REVIEW_CRON).isEqualTo("0 0 9 1,16 * ?");

		Job start = timerStart();
		Assertions.assertThat(start.getProcessInstanceId()).isNull();
		Assertions.assertThat(start.getDuedate()).isEqualTo(date(LocalDateTime.of(2030, 3, 16, 9, 0)));
		Assertions.assertThat(processInstanceQuery().processDefinitionKey(PROCESS).count()).isZero();

		ClockUtil.setCurrentTime(start.getDuedate());
		execute(start);

		ProcessInstance review = processInstanceQuery().processDefinitionKey(PROCESS).singleResult();
		Assertions.assertThat(review).isNotNull();
		assertThat(review).isWaitingAt("Task_ReportProgress", "Task_ConfirmReview").hasPassed("Timer_HalfMonth",
				"Task_EvaluateMeasures").hasNotPassed("Start_OnDemand");
		verify(delegates.bean("evaluateReview")).execute(any());
		Assertions.assertThat(reportTask(review, "dept-law")).isNotNull();
		Assertions.assertThat(timerStart().getDuedate()).isEqualTo(date(LocalDateTime.of(2030, 4, 1, 9, 0)));
	}

	/** As the office starts one (Camunda 7 allows a single none/timer start, so 整改办发起梳理 is a message start). */
	private ProcessInstance startOnDemand() {
		return runtimeService().startProcessInstanceByMessage(REQUESTED,
				withVariables("dryRun", false, "trigger", "MANUAL"));
	}

	private static Job timerStart() {
		return jobQuery().processDefinitionKey(PROCESS).activityId("Timer_HalfMonth").singleResult();
	}

	/** The report task of one department, after checking that Tasklist can load its deployed form. */
	private static Task reportTask(ProcessInstance review, String department) throws IOException {
		Task task = taskQuery().processInstanceId(review.getId()).taskDefinitionKey("Task_ReportProgress")
				.taskCandidateGroup(department).singleResult();
		Assertions.assertThat(task).as("report task of " + department).isNotNull();
		try (InputStream form = formService().getDeployedTaskForm(task.getId())) {
			Assertions.assertThat(form.readAllBytes()).as("form of " + department).isNotEmpty();
		}
		return task;
	}

	private static SpinJsonNode reportItems(Task task) {
		return (SpinJsonNode) taskService().getVariable(task.getId(), "reportItems");
	}

	private static Date date(LocalDateTime time) {
		return Date.from(time.atZone(ZONE).toInstant());
	}
}
