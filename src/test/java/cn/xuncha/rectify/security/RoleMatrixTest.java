package cn.xuncha.rectify.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.context.ActiveProfiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.xuncha.rectify.flow.Walk;
import cn.xuncha.rectify.ledger.MeasureStatus;
import cn.xuncha.rectify.ledger.ProblemStatus;

/**
 * The role matrix (README: 角色权限) cell by cell, over HTTP as people and browsers reach the application: each refused
 * request must be refused with the right status and leave everything as it was. Fixtures are the demo round
 * HZSW-2020 (profile test); every test uses its own tasks, so the order of the tests does not matter.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "rectify.max-upload-bytes=1024")
@ActiveProfiles("test")
class RoleMatrixTest extends HttpAttacks {

	// ---------------------------------------------------------------------------------------------------------
	// Without login

	@Test
	void engineRestTaskListNeedsLogin() {
		var reply = get(null, "/engine-rest/task");
		assertThat(reply.status()).isEqualTo(401);
		assertThat(reply.body()).doesNotContain("Task_");
	}

	@Test
	void engineRestClaimNeedsLogin() {
		Task task = task(ROUND + "-P2-M2", "Task_ExecuteMeasure");
		TaskState before = state(task.getId());
		assertThat(post(null, "/engine-rest/task/" + task.getId() + "/claim", "{\"userId\":\"staff-eng\"}").status())
				.isEqualTo(401);
		assertThat(state(task.getId())).isEqualTo(before);
	}

	@Test
	void engineRestProcessInstancesNeedLogin() {
		var reply = get(null, "/engine-rest/process-instance");
		assertThat(reply.status()).isEqualTo(401);
		assertThat(reply.body()).doesNotContain(ROUND);
	}

	@Test
	void roundListNeedsLogin() {
		var reply = get(null, "/api/rounds");
		assertThat(reply.status()).isEqualTo(401);
		assertThat(reply.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
		assertThat(reply.json().path("message").asText()).contains("login required");
		assertThat(reply.body()).doesNotContain(ROUND);
	}

	@Test
	void registeringARoundNeedsLogin() {
		int rounds = ledger.rounds().size();
		String key = "ANON-" + shortId();
		assertThat(post(null, "/api/rounds", round(key, "匿名登记的巡察整改", "整改措施")).status()).isEqualTo(401);
		assertThat(ledger.rounds()).hasSize(rounds);
		assertThat(ledger.roundExists(key)).isFalse();
	}

	@Test
	void ledgerNeedsLogin() {
		var reply = get(null, "/api/rounds/" + ROUND + "/ledger");
		assertThat(reply.status()).isEqualTo(401);
		assertThat(reply.body()).doesNotContain(ROUND + "-P1");
	}

	@Test
	void wrongPasswordIsNoLogin() {
		// staff-maint is used by no other test: Camunda locks a user for seconds after a wrong password (ENGINE-27001)
		for (String path : List.of("/api/rounds", "/engine-rest/task")) {
			assertThat(send(http, "GET", path, null, null, null, "Authorization", basic("staff-maint", "wrong")).status())
					.as(path).isEqualTo(401);
			assertThat(send(http, "GET", path, null, null, null, "Authorization", basic("nobody", PASSWORD)).status())
					.as(path).isEqualTo(401);
		}
	}

	@Test
	void healthIsOpenWithoutLogin() {
		var reply = get(null, "/api/health");
		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.json().path("status").asText()).isEqualTo("UP");
	}

	// ---------------------------------------------------------------------------------------------------------
	// Staff (承办人员): only their department's tasks, only claim and complete

	@Test
	void staffCannotClaimOrCompleteAnotherDepartmentsTask() {
		String measure = ROUND + "-P2-M3";
		Task task = task(measure, "Task_ExecuteMeasure");
		assertThat(candidateGroups(task)).containsExactly("dept-finance");
		TaskState before = state(task.getId());
		String progress = ledger.measure(measure).latestProgress();

		assertEngineForbidden(post("staff-law", "/engine-rest/task/" + task.getId() + "/claim", "{\"userId\":\"staff-law\"}"));
		assertEngineForbidden(post("staff-law", "/engine-rest/task/" + task.getId() + "/complete",
				variables("progressNote", "执法科越权填报", "executionAction", "report")));

		assertThat(state(task.getId())).isEqualTo(before);
		assertThat(before.assignee()).isNull();
		assertThat(ledger.measure(measure).latestProgress()).isEqualTo(progress);
	}

	@Test
	void staffClaimsAndCompletesTheirOwnDepartmentsTask() {
		String measure = ROUND + "-P1-M5";
		Task task = task(measure, "Task_ExecuteMeasure");
		assertThat(candidateGroups(task)).containsExactly("dept-eng");
		String note = "工程建设科已完成现场核查 " + shortId();

		var claim = post("staff-eng", "/engine-rest/task/" + task.getId() + "/claim", "{\"userId\":\"staff-eng\"}");
		assertThat(claim.status()).as(claim.body()).isEqualTo(204);
		assertThat(tasks.createTaskQuery().taskId(task.getId()).singleResult().getAssignee()).isEqualTo("staff-eng");

		var complete = post("staff-eng", "/engine-rest/task/" + task.getId() + "/complete",
				variables("progressNote", note, "executionAction", "report"));
		assertThat(complete.status()).as(complete.body()).isEqualTo(204);
		assertThat(tasks.createTaskQuery().taskId(task.getId()).count()).isZero();
		assertThat(ledger.measure(measure).latestProgress()).isEqualTo(note);
		// a progress report loops back to the same step, as a new task for the department
		assertThat(task(measure, "Task_ExecuteMeasure").getId()).isNotEqualTo(task.getId());
	}

	@Test
	void staffCannotReassignDelegateOrEditEvenTheirOwnGroupsTask() {
		Task task = task(ROUND + "-P1-M8", "Task_ExecuteMeasure");
		assertThat(candidateGroups(task)).containsExactly("dept-eng");
		TaskState before = state(task.getId());
		String path = "/engine-rest/task/" + task.getId();

		assertEngineForbidden(post("staff-eng", path + "/assignee", "{\"userId\":\"staff-finance\"}"));
		assertEngineForbidden(post("staff-eng", path + "/delegate", "{\"userId\":\"staff-finance\"}"));
		assertEngineForbidden(put("staff-eng", path,
				"{\"name\":\"改由计财科承办\",\"assignee\":\"staff-finance\",\"priority\":99}"));

		assertThat(state(task.getId())).isEqualTo(before);
	}

	// ---------------------------------------------------------------------------------------------------------
	// Approvals (分管领导): only the assigned leader

	@Test
	void staffCannotApproveAPlan() {
		String problem = ROUND + "-P8";
		Task task = task(problem, "Task_ReviewPlan");
		assertThat(task.getAssignee()).isEqualTo("leader2");
		TaskState before = state(task.getId());

		var reply = post("staff-hr", "/engine-rest/task/" + task.getId() + "/complete",
				variables("planDecision", "approve", "planComment", "承办人自行批准"));
		assertThat(reply.status()).as(reply.body()).isIn(403, 404);
		if (reply.status() == 403) {
			assertThat(reply.json().path("type").asText()).isEqualTo("AuthorizationException");
		}

		assertThat(state(task.getId())).isEqualTo(before);
		assertThat(ledger.problem(problem).status()).isEqualTo(ProblemStatus.PLAN_REVIEW);
	}

	@Test
	void leaderApprovesOnlyTheirOwnPlans() {
		String problem = ROUND + "-P4";
		Task task = task(problem, "Task_ReviewPlan");
		assertThat(task.getAssignee()).isEqualTo("leader1");
		TaskState before = state(task.getId());

		assertEngineForbidden(post("leader2", "/engine-rest/task/" + task.getId() + "/complete",
				variables("planDecision", "approve", "planComment", "代为批准")));
		assertThat(state(task.getId())).isEqualTo(before);
		assertThat(ledger.problem(problem).status()).isEqualTo(ProblemStatus.PLAN_REVIEW);

		var approved = post("leader1", "/engine-rest/task/" + task.getId() + "/complete",
				variables("planDecision", "approve", "planComment", "同意。"));
		assertThat(approved.status()).as(approved.body()).isEqualTo(204);
		assertThat(tasks.createTaskQuery().taskId(task.getId()).count()).isZero();
		assertThat(ledger.problem(problem).status()).isEqualTo(ProblemStatus.IN_PROGRESS);
		assertThat(ledger.measure(problem + "-M1").status()).isEqualTo(MeasureStatus.IN_PROGRESS);
		task(problem + "-M1", "Task_ExecuteMeasure");
	}

	// ---------------------------------------------------------------------------------------------------------
	// Inspectors (派驻纪检组): read everything, change nothing

	@Test
	void inspectorCannotClaimOrCompleteAnyTask() {
		for (Task task : List.of(task(ROUND + "-P3-M4", "Task_ExecuteMeasure"),
				task(ROUND + "-P3-M3", "Task_VerifyEvidence"), task(ROUND + "-P8", "Task_ReviewPlan"))) {
			TaskState before = state(task.getId());
			assertEngineForbidden(post("inspector", "/engine-rest/task/" + task.getId() + "/claim",
					"{\"userId\":\"inspector\"}"));
			assertEngineForbidden(post("inspector", "/engine-rest/task/" + task.getId() + "/complete",
					variables("progressNote", "纪检组代填", "executionAction", "report", "verifyDecision", "pass",
							"planDecision", "approve")));
			assertThat(state(task.getId())).as(task.getTaskDefinitionKey()).isEqualTo(before);
		}
	}

	@Test
	void inspectorCannotStartAProcess() {
		long instances = runtime.createProcessInstanceQuery().count();
		String key = "INSPECTOR-" + shortId();
		assertEngineForbidden(post("inspector", "/engine-rest/process-definition/key/roundRectification/start",
				"{\"businessKey\":\"" + key + "\",\"variables\":{\"roundKey\":{\"value\":\"" + key + "\"}}}"));
		assertThat(runtime.createProcessInstanceQuery().count()).isEqualTo(instances);
		assertThat(history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(key).count()).isZero();
	}

	@Test
	void inspectorCannotDeleteAProcessInstance() {
		var instance = runtime.createProcessInstanceQuery().processDefinitionKey("roundRectification")
				.processInstanceBusinessKey(ROUND).singleResult();
		assertThat(instance).isNotNull();
		assertEngineForbidden(delete("inspector", "/engine-rest/process-instance/" + instance.getId()));
		assertThat(runtime.createProcessInstanceQuery().processInstanceId(instance.getId()).count()).isOne();
		assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(instance.getId()).singleResult()
				.getEndTime()).isNull();
	}

	@Test
	void inspectorCannotRegisterARound() {
		int rounds = ledger.rounds().size();
		String key = "INSP-" + shortId();
		var reply = post("inspector", "/api/rounds", round(key, "纪检组登记的巡察整改", "整改措施"));
		assertThat(reply.status()).isEqualTo(403);
		assertThat(reply.json().path("message").asText()).contains("forbidden");
		assertThat(ledger.rounds()).hasSize(rounds);
		assertThat(ledger.roundExists(key)).isFalse();
	}

	@Test
	void inspectorReadsTheWholeHistoryAndLedger() {
		long instances = history.createHistoricProcessInstanceQuery().count();
		assertThat(instances).isPositive();
		var count = get("inspector", "/engine-rest/history/process-instance/count");
		assertThat(count.status()).isEqualTo(200);
		assertThat(count.json().path("count").asLong()).isEqualTo(instances);
		var list = get("inspector", "/engine-rest/history/process-instance?processInstanceBusinessKey=" + ROUND);
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.json()).hasSize(1);

		var taskCount = get("inspector", "/engine-rest/history/task/count");
		assertThat(taskCount.status()).isEqualTo(200);
		assertThat(taskCount.json().path("count").asLong()).isPositive()
				.isEqualTo(history.createHistoricTaskInstanceQuery().count());
		var historicTasks = get("inspector", "/engine-rest/history/task?maxResults=20");
		assertThat(historicTasks.status()).isEqualTo(200);
		assertThat(historicTasks.json()).isNotEmpty();

		var ledgerReply = get("inspector", "/api/rounds/" + ROUND + "/ledger");
		assertThat(ledgerReply.status()).isEqualTo(200);
		assertThat(ledgerReply.json().path("totals").path("measures").asInt()).isEqualTo(35);
		assertThat(measureNodes(ledgerReply.json())).hasSize(35);
	}

	// ---------------------------------------------------------------------------------------------------------
	// Staff read only their department's matters

	@Test
	void staffHistoryQueriesAreFiltered() {
		assertThat(history.createHistoricProcessInstanceQuery().count()).isPositive();
		assertThat(history.createHistoricVariableInstanceQuery().count()).isPositive();

		var count = get("staff-law", "/engine-rest/history/process-instance/count");
		assertThat(count.status()).isEqualTo(200);
		assertThat(count.json().path("count").asLong()).isZero();
		var instances = get("staff-law", "/engine-rest/history/process-instance");
		assertThat(instances.status()).isEqualTo(200);
		assertThat(instances.json()).isEmpty();
		var variables = get("staff-law", "/engine-rest/history/variable-instance");
		assertThat(variables.status()).isEqualTo(200);
		assertThat(variables.json()).isEmpty();
		var variableCount = get("staff-law", "/engine-rest/history/variable-instance/count");
		assertThat(variableCount.json().path("count").asLong()).isZero();
	}

	@Test
	void staffLedgerShowsOnlyTheirDepartmentsMeasures() {
		var reply = get("staff-law", "/api/rounds/" + ROUND + "/ledger");
		assertThat(reply.status()).isEqualTo(200);
		List<JsonNode> measures = measureNodes(reply.json());
		var lawMeasures = ledger.measuresOfRound(ledger.round(ROUND).id()).stream()
				.filter(m -> "dept-law".equals(m.department())).map(m -> m.key()).toList();
		assertThat(lawMeasures).isNotEmpty();
		assertThat(measures).allSatisfy(m -> assertThat(m.path("department").asText()).isEqualTo("dept-law"));
		assertThat(measures.stream().map(m -> m.path("key").asText()).toList())
				.containsExactlyInAnyOrderElementsOf(lawMeasures);
		assertThat(reply.json().path("totals").path("measures").asInt()).isEqualTo(lawMeasures.size());
	}

	@Test
	void staffCannotOpenAnotherDepartmentsMeasure() {
		var other = get("staff-law", "/api/measures/" + ROUND + "-P2-M1");
		assertThat(ledger.measure(ROUND + "-P2-M1").department()).isEqualTo("dept-finance");
		assertThat(other.status()).isEqualTo(403);
		assertThat(other.json().path("message").asText()).contains("not your department");
		assertThat(other.body()).doesNotContain("evidence\"");

		var own = get("staff-law", "/api/measures/" + ROUND + "-P7-M1");
		assertThat(own.status()).isEqualTo(200);
		assertThat(own.json().path("measure").path("department").asText()).isEqualTo("dept-law");
	}

	// ---------------------------------------------------------------------------------------------------------
	// Deployment: system administrators only

	@Test
	void onlyAdministratorsDeploy() throws IOException {
		byte[] bpmn;
		try (InputStream in = new ClassPathResource("security/role-matrix-trivial.bpmn").getInputStream()) {
			bpmn = in.readAllBytes();
		}
		String name = "role-matrix-" + shortId();
		String boundary = "----role-matrix-" + UUID.randomUUID();
		byte[] body = multipart(boundary, name, bpmn);
		String contentType = "multipart/form-data; boundary=" + boundary;

		var refused = send(http, "POST", "/engine-rest/deployment/create", "office", contentType, body);
		assertEngineForbidden(refused);
		assertThat(repository.createDeploymentQuery().deploymentName(name).count()).isZero();
		assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("roleMatrixTrivial").count())
				.isZero();

		var deployed = send(http, "POST", "/engine-rest/deployment/create", "admin", contentType, body);
		assertThat(deployed.status()).as(deployed.body()).isEqualTo(200);
		assertThat(repository.createDeploymentQuery().deploymentName(name).count()).isOne();
		assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("roleMatrixTrivial").count())
				.isOne();
	}

	// ---------------------------------------------------------------------------------------------------------
	// Java serialization is off: such variables are refused, never stored


	@Test
	void javaSerializedVariableInATaskCompletionIsNotStored() {
		var reply = completeWithJavaSerializedVariable();
		assertThat(reply.status()).as(reply.body()).isGreaterThanOrEqualTo(400);
		assertThat(reply.json().path("message").asText()).contains("Java-serialized variables are rejected");
		assertNoStackFrames(reply);
	}

	@Test
	void javaSerializedVariableInATaskCompletionIsA400() {
		var reply = completeWithJavaSerializedVariable();
		assertThat(reply.status()).as(reply.body()).isEqualTo(400);
	}

	@Test
	void javaSerializedProcessVariableIsNotStored() {
		var reply = putJavaSerializedProcessVariable();
		assertThat(reply.status()).as(reply.body()).isGreaterThanOrEqualTo(400);
		assertThat(reply.json().path("message").asText()).contains("Java-serialized variables are rejected");
		assertNoStackFrames(reply);
	}

	@Test
	void javaSerializedProcessVariableIsA400() {
		var reply = putJavaSerializedProcessVariable();
		assertThat(reply.status()).as(reply.body()).isEqualTo(400);
	}

	/** staff-finance, who may work the task, completes it with a Java-serialized variable: nothing changes. */
	private Reply completeWithJavaSerializedVariable() {
		String measure = ROUND + "-P3-M6";
		Task task = task(measure, "Task_ExecuteMeasure");
		assertThat(candidateGroups(task)).containsExactly("dept-finance");
		TaskState before = state(task.getId());
		String progress = ledger.measure(measure).latestProgress();
		String variable = "x" + shortId();

		ObjectNode body = JSON.createObjectNode();
		ObjectNode vars = body.putObject("variables");
		vars.putObject("progressNote").put("value", "附带序列化对象");
		vars.putObject("executionAction").put("value", "report");
		vars.set(variable, javaSerializedList());
		var reply = post("staff-finance", "/engine-rest/task/" + task.getId() + "/complete", body.toString());

		assertThat(state(task.getId())).isEqualTo(before);
		assertThat(ledger.measure(measure).latestProgress()).isEqualTo(progress);
		assertThat(runtime.createVariableInstanceQuery().variableName(variable).count()).isZero();
		assertThat(history.createHistoricVariableInstanceQuery().variableName(variable).count()).isZero();
		return reply;
	}

	/** camunda-admin may write any variable, so nothing but the serialization format can refuse it. */
	private Reply putJavaSerializedProcessVariable() {
		String processInstance = task(ROUND + "-P3-M6", "Task_ExecuteMeasure").getProcessInstanceId();
		String variable = "x" + shortId();
		var reply = put("admin", "/engine-rest/process-instance/" + processInstance + "/variables/" + variable,
				javaSerializedList().toString());

		assertThat(runtime.getVariable(processInstance, variable)).isNull();
		assertThat(runtime.createVariableInstanceQuery().variableName(variable).count()).isZero();
		assertThat(history.createHistoricVariableInstanceQuery().variableName(variable).count()).isZero();
		return reply;
	}

	// ---------------------------------------------------------------------------------------------------------
	// CSRF: a browser session that changes something must send the webapps' token

	@Test
	void projectApiRefusesABrowserSessionWithoutCsrfToken() {
		Browser office = new Browser().login("office");
		int rounds = ledger.rounds().size();
		String key = "CSRF-" + shortId();

		var forged = office.send("POST", "/api/rounds", "application/json", round(key, "跨站伪造的巡察整改", "整改措施"), false);
		assertThat(forged.status()).isEqualTo(403);
		assertThat(forged.json().path("message").asText()).contains("CSRF");
		assertThat(ledger.rounds()).hasSize(rounds);
		assertThat(ledger.roundExists(key)).isFalse();

		var wrongToken = office.send("POST", "/api/rounds", "application/json", round(key, "跨站伪造的巡察整改", "整改措施"),
				false, "X-XSRF-TOKEN", "not-the-token");
		assertThat(wrongToken.status()).isEqualTo(403);
		assertThat(ledger.roundExists(key)).isFalse();

		// reading needs no token; the session is the login
		assertThat(office.send("GET", "/api/rounds", null, null, false).status()).isEqualTo(200);

		var created = office.send("POST", "/api/rounds", "application/json", round(key, "整改办登记的巡察整改", "整改措施"), true);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(ledger.roundExists(key)).isTrue();
		assertThat(ledger.rounds()).hasSize(rounds + 1);
	}

	@Test
	void webappApiRefusesABrowserSessionWithoutCsrfToken() {
		Task task = task(ROUND + "-P7-M2", "Task_VerifyEvidence");
		assertThat(candidateGroups(task)).containsExactly("office");
		TaskState before = state(task.getId());
		String claim = "/camunda/api/engine/engine/default/task/" + task.getId() + "/claim";

		var forged = new Browser().login("office").send("POST", claim, "application/json", "{\"userId\":\"office\"}",
				false);
		assertThat(forged.status()).isEqualTo(403);
		assertThat(forged.headers().firstValue("X-XSRF-TOKEN")).hasValue("Required");
		assertThat(state(task.getId())).isEqualTo(before);

		// the same claim with the token passes: the refusal above was the missing token, not the role
		var claimed = new Browser().login("office").send("POST", claim, "application/json", "{\"userId\":\"office\"}",
				true);
		assertThat(claimed.status()).as(claimed.body()).isEqualTo(204);
		assertThat(tasks.createTaskQuery().taskId(task.getId()).singleResult().getAssignee()).isEqualTo("office");
	}

	// ---------------------------------------------------------------------------------------------------------
	// Bad input: precise JSON errors, never stack traces

	@Test
	void malformedJsonIsA400WithoutStackTrace() {
		int rounds = ledger.rounds().size();
		List<String> bodies = List.of(
				"{\"key\": \"BAD-1\", \"title\": ", // cut off
				"[1, 2", // not an object, cut off
				"{\"key\": \"BAD-2\", \"title\": \"x\", \"feedbackDate\": \"not-a-date\"}", // bad date
				"{\"key\": \"BAD-3\", \"categories\": \"nope\"}", // wrong shape
				"{\"key\": \"BAD-4\", \"title\": \"x\", \"categories\": [{\"title\": \"c\", \"problems\": [{\"title\": \"p\", "
						+ "\"measures\": [{\"text\": \"t\", \"type\": \"WEIRD\"}]}]}]}"); // unknown enum value
		for (String body : bodies) {
			var reply = post("office", "/api/rounds", body);
			assertThat(reply.status()).as(body).isEqualTo(400);
			assertThat(reply.contentType()).startsWith("application/json");
			assertThat(reply.json().path("message").asText()).as(body).isNotBlank();
			assertNoStackTrace(reply);
		}
		assertThat(ledger.rounds()).hasSize(rounds);
	}

	@Test
	void unknownRoundIsA404Json() {
		var reply = get("office", "/api/rounds/NO-SUCH-ROUND/ledger");
		assertThat(reply.status()).isEqualTo(404);
		assertThat(reply.contentType()).startsWith("application/json");
		assertThat(reply.json().path("message").asText()).contains("NO-SUCH-ROUND");
		assertNoStackTrace(reply);
	}

	// ---------------------------------------------------------------------------------------------------------
	// HTML in text is stored and answered as text

	@Test
	void htmlInAMeasureIsStoredAndAnsweredAsText() {
		String key = "XSS-" + shortId();
		String script = "<script>alert(1)</script>";
		String title = "<img src=x onerror=alert(2)>巡察整改";
		var created = post("office", "/api/rounds", round(key, title, script));
		assertThat(created.status()).as(created.body()).isEqualTo(201);

		assertThat(jdbc.queryForObject("select text from rect_measure where measure_key = ?", String.class,
				key + "-P1-M1")).isEqualTo(script);

		var reply = get("office", "/api/rounds/" + key + "/ledger");
		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.contentType()).startsWith("application/json");
		assertThat(reply.json().path("title").asText()).isEqualTo(title);
		assertThat(measureNodes(reply.json())).singleElement()
				.satisfies(m -> assertThat(m.path("text").asText()).isEqualTo(script));

		// a client asking for HTML gets no HTML page: the API answers JSON only
		var asHtml = get("office", "/api/rounds/" + key + "/ledger", "Accept", "text/html");
		assertThat(asHtml.status()).isEqualTo(406);
		assertThat(asHtml.contentType()).startsWith("application/json");
		assertThat(asHtml.json().path("message").asText()).contains("application/json");
		assertNoStackTrace(asHtml);
	}

	// ---------------------------------------------------------------------------------------------------------
	// Evidence larger than rectify.max-upload-bytes (1024 here)

	@Test
	void oversizedEvidenceIsRefusedAndNothingIsStored() {
		String measure = ROUND + "-P5-M2";
		new Walk(tasks, identity).complete(measure, "Task_ExecuteMeasure", "staff-hr",
				Map.of("progressNote", "已完成，申请销号", "executionAction", "requestClosure"));
		Task task = task(measure, "Task_SubmitEvidence");
		long measureId = ledger.measure(measure).id();
		assertThat(evidenceCount(measureId)).isZero();

		var claim = post("staff-hr", "/engine-rest/task/" + task.getId() + "/claim", "{\"userId\":\"staff-hr\"}");
		assertThat(claim.status()).as(claim.body()).isEqualTo(204);
		TaskState before = state(task.getId());

		var tooLarge = post("staff-hr", "/engine-rest/task/" + task.getId() + "/submit-form", evidenceForm(2048));
		assertThat(tooLarge.status()).as(tooLarge.body()).isEqualTo(400);
		assertThat(tooLarge.json().path("message").asText()).contains("1024");
		assertNoStackFrames(tooLarge);
		assertThat(state(task.getId())).isEqualTo(before);
		assertThat(evidenceCount(measureId)).isZero();
		assertThat(ledger.measure(measure).status()).isEqualTo(MeasureStatus.IN_PROGRESS);

		// within the limit the same form passes: the refusal above was the size
		var fits = post("staff-hr", "/engine-rest/task/" + task.getId() + "/submit-form", evidenceForm(512));
		assertThat(fits.status()).as(fits.body()).isEqualTo(204);
		assertThat(evidenceCount(measureId)).isOne();
		assertThat(ledger.measure(measure).status()).isEqualTo(MeasureStatus.CLOSURE_REQUESTED);
	}
}
