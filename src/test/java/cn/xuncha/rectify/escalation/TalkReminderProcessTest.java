package cn.xuncha.rectify.escalation;

import static cn.xuncha.rectify.testing.Walkthrough.opened;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
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
@Deployment(resources = {"bpmn/talk-reminder.bpmn", "forms/schedule-talk.form", "forms/hold-talk.form"})
class TalkReminderProcessTest {

	private static final String MEASURE_KEY = "HZSW-2020-P3-M2";

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
	void leadLeaderSchedulesAndHoldsTheTalkThenTheRecordIsFiled() throws Exception {
		ProcessInstance talk = start();

		assertThat(talk).isWaitingAtExactly("Task_ScheduleTalk");
		assertThat(opened("Task_ScheduleTalk", talk)).isAssignedTo("leader1").hasName("安排谈话提醒");
		complete(opened("Task_ScheduleTalk", talk), withVariables("talkDate", "2030-04-10", "talkPlace", "三楼会议室"));

		assertThat(talk).isWaitingAtExactly("Task_HoldTalk");
		assertThat(opened("Task_HoldTalk", talk)).isAssignedTo("leader1").hasName("开展谈话提醒并记录")
				.hasDueDate(Date.from(LocalDate.of(2030, 4, 10).atStartOfDay(ZoneId.systemDefault()).toInstant()));
		verify(delegates.bean("recordTalk"), never()).execute(any());

		complete(opened("Task_HoldTalk", talk), withVariables("talkHeldOn", "2030-04-10", "talkParticipants",
				"分管领导一、执法科科长", "talkContent", "指出案卷评查进度滞后，要求限期完成", "talkCommitment", "月底前完成"));

		assertThat(talk).isEnded().hasPassed("Task_RecordTalk", "End_TalkHeld").variables()
				.containsEntry("talkContent", "指出案卷评查进度滞后，要求限期完成").containsEntry("responsiblePerson", "zhang3");
		verify(delegates.bean("recordTalk")).execute(any());
	}

	@Test
	void commitmentIsOptional() throws Exception {
		ProcessInstance talk = start();
		complete(opened("Task_ScheduleTalk", talk), withVariables("talkDate", "2030-04-10", "talkPlace", "三楼会议室"));
		complete(opened("Task_HoldTalk", talk), withVariables("talkHeldOn", "2030-04-11", "talkParticipants", "分管领导一",
				"talkContent", "提醒按期整改"));

		assertThat(talk).isEnded().hasPassed("End_TalkHeld");
		verify(delegates.bean("recordTalk")).execute(any());
	}

	private ProcessInstance start() {
		return runtimeService().startProcessInstanceByKey("talkReminder", MEASURE_KEY,
				withVariables("measureKey", MEASURE_KEY, "measureText", "二是开展执法案卷评查", "leadLeader", "leader1",
						"responsiblePerson", "zhang3", "responsiblePersonName", "张三", "escalationId", 8L,
						"reason", "连续两期未报送进展"));
	}
}
