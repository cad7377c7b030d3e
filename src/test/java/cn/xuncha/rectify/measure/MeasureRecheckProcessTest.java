package cn.xuncha.rectify.measure;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;

import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import cn.xuncha.rectify.calendar.WorkingDayCalendar;
import cn.xuncha.rectify.system.Now;

/** bpmn/measure-recheck.bpmn (整改回头看) on the engine, with the real schedule on the shipped calendar. */
@ExtendWith(ProcessEngineExtension.class)
@Deployment(resources = { "bpmn/measure-recheck.bpmn", "forms/recheck-measure.form" })
class MeasureRecheckProcessTest {

	private static final String MEASURE_KEY = "HZSW-2020-P7-M1";
	/** Friday 2021-04-30 10:00 China time, before the May Day holiday. */
	private static final Instant CLOSED = Instant.parse("2021-04-30T02:00:00Z");

	ProcessEngine processEngine;

	private final JavaDelegate recordRecheck = mock(JavaDelegate.class, "recordRecheck");
	private final JavaDelegate rectifyAgain = mock(JavaDelegate.class, "rectifyAgain");

	/** The owner bean: the measure's department, as the ledger would answer by business key. */
	public static class Owner {
		public String department(DelegateExecution execution) {
			return "dept-law";
		}
	}

	@BeforeEach
	void register() {
		BpmnAwareTests.init(processEngine);
		ClockUtil.setCurrentTime(Date.from(CLOSED));
		Mocks.register("recheckSchedule", new RecheckSchedule(cn.xuncha.rectify.calendar.Calendars.shipped(), 90, 5));
		Mocks.register("owner", new Owner());
		Mocks.register("taskMatter", mock(TaskListener.class));
		Mocks.register("recordRecheck", recordRecheck);
		Mocks.register("rectifyAgain", rectifyAgain);
	}

	@AfterEach
	void reset() {
		Mocks.reset();
		ClockUtil.reset();
	}

	@Test
	void recheckFallsDueNinetyWorkingDaysAfterClosureOnTheEngineTimer() {
		ProcessInstance recheck = closed();

		assertThat(recheck).isWaitingAtExactly("Gateway_WaitRecheck");
		LocalDate due = cn.xuncha.rectify.calendar.Calendars.shipped().addWorkingDays(LocalDate.of(2021, 4, 30), 90);
		Assertions.assertThat(job(recheck).getDuedate()).isEqualTo(morning(due));
		// more than 90 calendar days: May Day and Dragon Boat holidays and weekends are not counted
		Assertions.assertThat(due).isAfter(LocalDate.of(2021, 4, 30).plusDays(90));

		ClockUtil.setCurrentTime(morning(due));
		execute(job(recheck));

		assertThat(recheck).isWaitingAtExactly("Task_Recheck");
		assertThat(task(recheck)).hasCandidateGroup("dept-law")
				.hasDueDate(Now.endOfDay(cn.xuncha.rectify.calendar.Calendars.shipped().addWorkingDays(due, 5)));
		Assertions.assertThat(BpmnAwareTests.formService().getDeployedTaskForm(task(recheck).getId())).isNotNull();
	}

	@Test
	void effectiveRecheckEnds() throws Exception {
		ProcessInstance recheck = closed();
		execute(job(recheck));

		complete(task(recheck), withVariables("recheckResult", "effective", "recheckNote", "抽查10宗案件，录入规范"));

		assertThat(recheck).isEnded().hasPassed("Task_RecordRecheck", "End_RecheckEffective")
				.hasNotPassed("Task_RectifyAgain");
		verify(recordRecheck).execute(any());
		verify(rectifyAgain, never()).execute(any());
	}

	@Test
	void reboundStartsTheMeasureAgain() throws Exception {
		ProcessInstance recheck = closed();
		execute(job(recheck));

		complete(task(recheck), withVariables("recheckResult", "rebound", "recheckNote", "新立案件3宗未按时录入",
				"reboundDeadline", "2021-10-15"));

		assertThat(recheck).isEnded().hasPassed("Task_RecordRecheck", "Task_RectifyAgain", "End_Rebound");
		verify(rectifyAgain).execute(any());
	}

	@Test
	void officeSampleBringsAWaitingRecheckForwardAndCancelsTheTimer() {
		ProcessInstance recheck = closed();

		runtimeService().createMessageCorrelation(MeasureProcess.MESSAGE_RECHECK_BROUGHT_FORWARD)
				.processInstanceId(recheck.getId()).correlate();

		assertThat(recheck).isWaitingAtExactly("Task_Recheck").hasPassed("Message_BroughtForward")
				.hasNotPassed("Timer_RecheckDue");
		Assertions.assertThat(BpmnAwareTests.jobQuery().processInstanceId(recheck.getId()).count()).isZero();
	}

	@Test
	void officeSampleOfAMeasureWithoutAWaitingRecheckStartsOneAtTheTask() {
		ProcessInstance recheck = runtimeService().createMessageCorrelation(MeasureProcess.MESSAGE_RECHECK_SAMPLED)
				.processInstanceBusinessKey(MEASURE_KEY).setVariable("measureKey", MEASURE_KEY)
				.setVariable("measureText", "完善合议、法制审核与集体讨论制度").setVariable("closedOn", "2021-03-01")
				.correlateStartMessage();

		assertThat(recheck).isWaitingAtExactly("Task_Recheck").hasPassed("Start_OfficeSample");
		Assertions.assertThat(recheck.getBusinessKey()).isEqualTo(MEASURE_KEY);
	}

	private ProcessInstance closed() {
		return runtimeService().createProcessInstanceByKey(MeasureProcess.RECHECK).businessKey(MEASURE_KEY)
				.setVariable("measureKey", MEASURE_KEY).setVariable("measureText", "完善合议、法制审核与集体讨论制度")
				.setVariable("closedOn", "2021-04-30").execute();
	}

	private static Date morning(LocalDate day) {
		return Date.from(day.atTime(9, 0).atZone(Now.CHINA).toInstant());
	}
}
