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
@Deployment(resources = {"bpmn/supervised-matter.bpmn", "forms/handle-supervision.form"})
class SupervisedMatterProcessTest {

	private static final String MEASURE_KEY = "HZSW-2020-P3-M2";
	private static final Date SUPERVISION_DUE = Date.from(LocalDate.of(2030, 3, 20).atStartOfDay(ZoneId.systemDefault())
			.toInstant());

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
	void leadLeaderHandlesTheSupervisionByItsDueDate() throws Exception {
		ProcessInstance matter = start();

		assertThat(matter).isWaitingAtExactly("Task_HandleSupervision");
		assertThat(opened("Task_HandleSupervision", matter)).isAssignedTo("leader1").hasDueDate(SUPERVISION_DUE)
				.hasName("分管领导督办");
		verify(delegates.bean("recordSupervision"), never()).execute(any());

		complete(opened("Task_HandleSupervision", matter), withVariables("supervisionInstruction", "本月底前完成案卷评查",
				"supervisionAction", "约谈执法科负责人，每周报告进度"));

		assertThat(matter).isEnded().hasPassed("Task_RecordSupervision", "End_Supervised").variables()
				.containsEntry("supervisionInstruction", "本月底前完成案卷评查").containsEntry("escalationId", 7L);
		verify(delegates.bean("recordSupervision")).execute(any());
	}

	private ProcessInstance start() {
		return runtimeService().startProcessInstanceByKey("supervisedMatter", MEASURE_KEY,
				withVariables("measureKey", MEASURE_KEY, "measureText", "二是开展执法案卷评查", "leadLeader", "leader1",
						"supervisionDueDate", SUPERVISION_DUE, "escalationId", 7L, "reason", "超期 15 天未完成"));
	}
}
