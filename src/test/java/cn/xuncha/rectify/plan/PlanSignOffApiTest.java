package cn.xuncha.rectify.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.xuncha.rectify.ledger.Ledger;
import cn.xuncha.rectify.ledger.MeasureStatus;
import cn.xuncha.rectify.ledger.ProblemStatus;

/**
 * The secretary's sign-off of a whole plan (审定整改方案) on the demo's small round, through the engine's REST API as
 * Tasklist uses it: one task with the three lists, for the secretary only; a return must name problems of this plan;
 * an approval starts every problem's measures.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "rectify.test.context=plan-sign-off")
@ActiveProfiles("test")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlanSignOffApiTest {

	static final String ROUND = "HZSW-2026-ZX";
	static final ObjectMapper JSON = new ObjectMapper();

	@Autowired
	TestRestTemplate rest;
	@Autowired
	TaskService tasks;
	@Autowired
	RuntimeService runtime;
	@Autowired
	HistoryService history;
	@Autowired
	Ledger ledger;

	@Test
	@Order(1)
	void theSecretaryReviewsTheWholePlanInOneTaskAfterEveryLeaderApproved() throws Exception {
		Task task = signOffTask();
		assertThat(task.getName()).startsWith("第一责任人审定整改方案 · " + ROUND);
		assertThat(tasks.getIdentityLinksForTask(task.getId())).anySatisfy(l -> assertThat(l.getGroupId())
				.isEqualTo("secretary"));

		JsonNode variables = JSON.readTree(as("secretary").getForEntity(
				"/engine-rest/task/" + task.getId() + "/form-variables?deserializeValues=false", String.class).getBody());
		JsonNode value = variables.get("wholePlan").get("value");
		JsonNode plan = value.isTextual() ? JSON.readTree(value.asText()) : value;
		assertThat(plan.get("problems")).as(variables.toString()).hasSize(2);
		assertThat(plan.get("tasks")).hasSize(4);
		assertThat(plan.get("responsibilities")).hasSize(4);
		assertThat(plan.get("responsibilities").get(0).get("leadLeader").asText()).isEqualTo("李建华");
		assertThat(variables.get("wholePlanSummary").get("value").asText()).contains("2个问题、4项整改措施");

		// the plan was returned once: P2 was redrafted and approved by its leader again
		assertThat(history.createHistoricTaskInstanceQuery().processInstanceBusinessKey(ROUND)
				.taskDefinitionKey("Task_SignOffPlan").finished().count()).isEqualTo(1);
		assertThat(history.createHistoricTaskInstanceQuery().processInstanceBusinessKey(ROUND + "-P2")
				.taskDefinitionKey("Task_DraftPlan").finished().count()).isEqualTo(2);
		var round = ledger.round(ROUND);
		assertThat(ledger.problemsOfRound(round.id())).allSatisfy(p -> assertThat(p.status())
				.isEqualTo(ProblemStatus.PLAN_SIGN_OFF));
		assertThat(ledger.measuresOfRound(round.id())).allSatisfy(m -> assertThat(m.status())
				.isEqualTo(MeasureStatus.PLANNED));
	}

	@Test
	@Order(2)
	void onlyTheSecretarySignsOffAndAReturnMustNameProblemsOfThisPlan() {
		Task task = signOffTask();
		assertThat(complete("leader1", task, "{\"signOffDecision\": {\"value\": \"approve\"}}").getStatusCode())
				.isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(complete("office", task, "{\"signOffDecision\": {\"value\": \"approve\"}}").getStatusCode())
				.isEqualTo(HttpStatus.FORBIDDEN);

		var unnamed = complete("secretary", task, "{\"signOffDecision\": {\"value\": \"sendBack\"}}");
		assertThat(unnamed.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(unnamed.getBody()).contains("退回时请选择要退回的问题");
		var foreign = complete("secretary", task, """
				{"signOffDecision": {"value": "sendBack"},
				 "returnedProblems": {"value": "[\\"HZSW-2020-P1\\"]", "type": "Json"}}""");
		assertThat(foreign.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(foreign.getBody()).contains("HZSW-2020-P1");
		var smuggled = complete("secretary", task,
				"{\"signOffDecision\": {\"value\": \"approve\"}, \"planSignOff\": {\"value\": false}}");
		assertThat(smuggled.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

		assertThat(signOffTask().getId()).as("nothing changed").isEqualTo(task.getId());
	}

	@Test
	@Order(3)
	void theApprovedWholePlanStartsEveryProblemsMeasures() {
		Task task = signOffTask();
		assertThat(complete("secretary", task,
				"{\"signOffDecision\": {\"value\": \"approve\"}, \"signOffComment\": {\"value\": \"同意，抓紧实施。\"}}")
				.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

		var round = ledger.round(ROUND);
		assertThat(ledger.problemsOfRound(round.id())).allSatisfy(p -> assertThat(p.status())
				.isEqualTo(ProblemStatus.IN_PROGRESS));
		var measures = ledger.measuresOfRound(round.id());
		assertThat(measures).hasSize(4).allSatisfy(m -> assertThat(m.status()).isEqualTo(MeasureStatus.IN_PROGRESS));
		assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("measureRectification")
				.processInstanceBusinessKeyLike(ROUND + "-%").count()).isEqualTo(4);
		assertThat(tasks.createTaskQuery().processInstanceBusinessKey(ROUND).taskDefinitionKey("Task_SignOffPlan")
				.count()).isZero();
	}

	private Task signOffTask() {
		List<Task> open = tasks.createTaskQuery().processInstanceBusinessKey(ROUND)
				.taskDefinitionKey("Task_SignOffPlan").list();
		assertThat(open).hasSize(1);
		return open.get(0);
	}

	private ResponseEntity<String> complete(String user, Task task, String variables) {
		if (!"secretary".equals(user) && !"admin".equals(user)) {
			as(user).postForEntity("/engine-rest/task/" + task.getId() + "/claim",
					json("{\"userId\": \"" + user + "\"}"), String.class);
		}
		else if (tasks.createTaskQuery().taskId(task.getId()).singleResult().getAssignee() == null) {
			as(user).postForEntity("/engine-rest/task/" + task.getId() + "/claim",
					json("{\"userId\": \"" + user + "\"}"), String.class);
		}
		return as(user).postForEntity("/engine-rest/task/" + task.getId() + "/complete",
				json("{\"variables\": " + variables + "}"), String.class);
	}

	private TestRestTemplate as(String user) {
		return rest.withBasicAuth(user, "demo");
	}

	private static HttpEntity<String> json(String body) {
		var headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		return new HttpEntity<>(body, headers);
	}
}
