package cn.xuncha.rectify.measure;

import static cn.xuncha.rectify.testing.Walkthrough.opened;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.ProcessEngine;
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
import cn.xuncha.rectify.testing.MockedDelegates;
import cn.xuncha.rectify.testing.Walkthrough;

@ExtendWith(ProcessEngineExtension.class)
@Deployment(resources = {"bpmn/long-term-check.bpmn", "forms/periodic-check.form", "forms/handle-rebound.form"})
class LongTermCheckProcessTest {

	private static final String MEASURE_KEY = "HZSW-2020-P3-M3";
	private static final Instant KEPT_LONG_TERM = Instant.parse("2021-12-01T02:00:00Z");

	ProcessEngine processEngine;

	private MockedDelegates delegates;

	@BeforeEach
	void registerDelegates() throws Exception {
		BpmnAwareTests.init(processEngine);
		delegates = MockedDelegates.register();
		ClockUtil.setCurrentTime(Date.from(KEPT_LONG_TERM));
	}

	@AfterEach
	void resetMocksAndClock() {
		Mocks.reset();
		ClockUtil.reset();
	}

	@Test
	void firstCheckIsDueOneCheckIntervalAfterTheMeasureWasKept() {
		ProcessInstance check = start();

		assertThat(check).isWaitingAtExactly("Timer_NextCheck");
		Assertions.assertThat(job(check).getDuedate()).isEqualTo(daysAfterKept(90));
	}

	@Test
	void effectiveCheckWaitsForTheNextCheck() throws Exception {
		ProcessInstance check = start();
		ClockUtil.setCurrentTime(daysAfterKept(90));

		execute(job(check));

		assertThat(check).isWaitingAtExactly("Task_PeriodicCheck");
		assertThat(opened("Task_PeriodicCheck", check)).hasCandidateGroup("dept-law");
		complete(opened("Task_PeriodicCheck", check),
				withVariables("checkResult", "effective", "checkNote", "培训按季度开展"));

		assertThat(check).isWaitingAtExactly("Timer_NextCheck").hasPassed("Task_RecordCheck")
				.hasNotPassed("Task_HandleRebound");
		Assertions.assertThat(job(check).getDuedate())
				.isEqualTo(daysAfterKept(180));
		verify(delegates.bean("recordPeriodicCheck")).execute(any());
	}

	@Test
	void reboundIsHandledByTheOfficeThenWaitsForTheNextCheck() throws Exception {
		ProcessInstance check = start();
		execute(job(check));

		complete(opened("Task_PeriodicCheck", check),
				withVariables("checkResult", "rebound", "checkNote", "本季度未开展培训"));

		assertThat(check).isWaitingAtExactly("Task_HandleRebound").hasPassed("Task_RecordCheck");
		assertThat(opened("Task_HandleRebound", check)).hasCandidateGroup("office");
		complete(opened("Task_HandleRebound", check), withVariables("reboundAction", "约谈科室负责人，限期补课"));

		assertThat(check).isWaitingAtExactly("Timer_NextCheck");
		execute(job(check));
		assertThat(check).isWaitingAtExactly("Task_PeriodicCheck");
		verify(delegates.bean("recordPeriodicCheck"), times(1)).execute(any());
	}

	/** Calendar days in the engine's time zone, as the timer adds them to P90D. */
	private static Date daysAfterKept(int days) {
		ZoneId zone = ZoneId.systemDefault();
		return Date.from(KEPT_LONG_TERM.atZone(zone).plusDays(days).toInstant());
	}

	private ProcessInstance start() {
		return runtimeService().startProcessInstanceByKey("longTermCheck", MEASURE_KEY,
				withVariables("measureKey", MEASURE_KEY, "measureText", "三是常态化开展法治培训",
						"departmentGroup", "dept-law", "checkInterval", "P90D"));
	}
}
