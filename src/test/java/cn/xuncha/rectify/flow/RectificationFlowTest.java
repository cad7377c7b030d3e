package cn.xuncha.rectify.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;

import cn.xuncha.rectify.ledger.Ledger;
import cn.xuncha.rectify.ledger.MeasureStatus;
import cn.xuncha.rectify.ledger.ProblemStatus;
import cn.xuncha.rectify.ledger.RoundStatus;
import cn.xuncha.rectify.system.Now;

/**
 * One rectification from feedback to 销号 and the report, through the REST API and the people's tasks, on the
 * application as it runs (H2 here; {@link RectificationFlowPostgresTest} runs the same on PostgreSQL).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class RectificationFlowTest {

	@Autowired
	TestRestTemplate rest;
	@Autowired
	TaskService tasks;
	@Autowired
	IdentityService identity;
	@Autowired
	RuntimeService runtime;
	@Autowired
	HistoryService history;
	@Autowired
	Ledger ledger;

	static final String ROUND = """
			{"key": "FLOW-%s", "title": "流程测试巡察整改", "unit": "测试局", "inspectionTeam": "第一巡察组",
			 "feedbackDate": "2026-01-10",
			 "categories": [{"title": "制度执行有差距", "problems": [
			   {"title": "财务审批不规范", "department": "dept-finance", "leadLeader": "leader1", "measures": [
			     {"text": "修订财务审批制度", "type": "FIXED"},
			     {"text": "每季度开展财务自查", "type": "LONG_TERM"}]}]}]}
			""";

	@Test
	void roundGoesFromFeedbackToClosureAndReport() {
		String key = "FLOW-" + System.nanoTime() % 100000;
		var created = post(ROUND.formatted(key.substring(5)));
		assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(created.getBody()).containsEntry("id", key).containsEntry("measures", 2);

		var walk = new Walk(tasks, identity);
		walk.complete(key, "Task_RegisterFeedback", "office", Map.of());
		String problem = key + "-P1";
		assertThat(ledger.problem(problem).status()).isEqualTo(ProblemStatus.PLANNING);
		assertThat(tasks.createTaskQuery().processInstanceBusinessKey(problem).taskCandidateGroup("dept-finance")
				.count()).isEqualTo(1);

		String deadline = Now.today().plusDays(30).toString();
		var plan = List.of(
				Map.of("text", "修订财务审批制度，明确制单、审核、记账责任", "responsiblePerson", "staff-finance", "deadline",
						deadline, "type", "FIXED"),
				Map.of("text", "每季度开展财务自查", "responsiblePerson", "staff-finance", "deadline", deadline, "type",
						"LONG_TERM"));
		walk.complete(problem, "Task_DraftPlan", "staff-finance", Map.of("measures", plan));
		assertThat(ledger.problem(problem).status()).isEqualTo(ProblemStatus.PLAN_REVIEW);
		walk.complete(problem, "Task_ReviewPlan", "leader1",
				Map.of("planDecision", "sendBack", "planComment", "请细化责任分工"));
		walk.complete(problem, "Task_DraftPlan", "staff-finance", Map.of("measures", plan));
		walk.complete(problem, "Task_ReviewPlan", "leader1", Map.of("planDecision", "approve"));

		for (String measure : List.of(problem + "-M1", problem + "-M2")) {
			assertThat(ledger.measure(measure).status()).isEqualTo(MeasureStatus.IN_PROGRESS);
			walk.complete(measure, "Task_ExecuteMeasure", "staff-finance",
					Map.of("progressNote", "已起草", "executionAction", "report"));
			walk.complete(measure, "Task_ExecuteMeasure", "staff-finance",
					Map.of("progressNote", "已完成", "executionAction", "requestClosure"));
			walk.complete(measure, "Task_SubmitEvidence", "staff-finance", Map.of("closureSummary", "制度已印发",
					"evidenceFile", Variables.fileValue("制度.txt").file("财务审批制度".getBytes(StandardCharsets.UTF_8))
							.mimeType("text/plain").create()));
			assertThat(ledger.measure(measure).status()).isEqualTo(MeasureStatus.CLOSURE_REQUESTED);
			walk.complete(measure, "Task_VerifyEvidence", "office", Map.of("verifyDecision", "pass"));
			walk.complete(measure, "Task_ApproveClosure", "leader1", Map.of("closureDecision", "approve"));
		}
		assertThat(ledger.measure(problem + "-M1").status()).isEqualTo(MeasureStatus.CLOSED);
		assertThat(ledger.measure(problem + "-M1").closedAt()).isNotNull();
		assertThat(ledger.measure(problem + "-M2").status()).isEqualTo(MeasureStatus.LONG_TERM);
		assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("longTermCheck")
				.processInstanceBusinessKey(problem + "-M2").count()).isEqualTo(1);
		assertThat(ledger.problem(problem).status()).isEqualTo(ProblemStatus.CLOSED);

		assertThat((String) runtime.getVariable(walk.task(key, "Task_DraftReport").getProcessInstanceId(),
				"roundSummary")).contains("完成率 100.00%");
		walk.complete(key, "Task_DraftReport", "office", Map.of("reportText", "整改完成情况报告"));
		walk.complete(key, "Task_SignReport", "secretary", Map.of("reportDecision", "approve"));
		assertThat(ledger.round(key).status()).isEqualTo(RoundStatus.CLOSED);
		assertThat(history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(key).finished().count())
				.isEqualTo(1);

		var measureFile = rest.withBasicAuth("inspector", "demo").getForEntity("/api/measures/" + problem + "-M1",
				Map.class);
		assertThat(measureFile.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat((List<?>) measureFile.getBody().get("evidence")).hasSize(1);
	}

	@Test
	void aMeasureKeepsItsOwnDepartmentWhenThePlanFormSendsItBackWithoutOne() {
		String key = "DEPT-" + System.nanoTime() % 100000;
		post(ROUND.formatted(key.substring(5)).replace("FLOW-", "DEPT-").replace(
				"{\"text\": \"每季度开展财务自查\", \"type\": \"LONG_TERM\"}",
				"{\"text\": \"每季度开展财务自查\", \"type\": \"LONG_TERM\", \"department\": \"dept-hr\"}"));
		var walk = new Walk(tasks, identity);
		walk.complete(key, "Task_RegisterFeedback", "office", Map.of());
		String deadline = Now.today().plusDays(30).toString();
		walk.complete(key + "-P1", "Task_DraftPlan", "staff-finance", Map.of("measures", List.of(
				Map.of("text", "修订财务审批制度", "responsiblePerson", "staff-finance", "deadline", deadline, "type", "FIXED"),
				Map.of("text", "每季度开展财务自查", "responsiblePerson", "staff-hr", "deadline", deadline, "type",
						"LONG_TERM"),
				Map.of("text", "新增：开展财务培训", "responsiblePerson", "staff-finance", "deadline", deadline, "type",
						"FIXED"))));
		assertThat(ledger.measure(key + "-P1-M1").department()).isEqualTo("dept-finance");
		assertThat(ledger.measure(key + "-P1-M2").department()).isEqualTo("dept-hr");
		assertThat(ledger.measure(key + "-P1-M3").department()).isEqualTo("dept-finance");
	}

	@Test
	void planWithDeadlineBeforeTodayIsRefusedAndTheTaskStays() {
		String key = "PAST-" + System.nanoTime() % 100000;
		post(ROUND.formatted(key.substring(5)).replace("FLOW-", "PAST-"));
		var walk = new Walk(tasks, identity);
		walk.complete(key, "Task_RegisterFeedback", "office", Map.of());
		var plan = List.of(Map.of("text", "补齐凭证", "responsiblePerson", "staff-finance", "deadline",
				LocalDate.of(2020, 1, 1).toString(), "type", "FIXED"));
		org.assertj.core.api.Assertions
				.assertThatThrownBy(() -> walk.complete(key + "-P1", "Task_DraftPlan", "staff-finance",
						Map.of("measures", plan)))
				.hasMessageContaining("早于今天");
		assertThat(walk.task(key + "-P1", "Task_DraftPlan")).isNotNull();
	}

	private org.springframework.http.ResponseEntity<Map<String, Object>> post(String json) {
		var headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		return rest.withBasicAuth("office", "demo").exchange("/api/rounds", HttpMethod.POST,
				new HttpEntity<>(json, headers), new ParameterizedTypeReference<>() {
				});
	}
}
