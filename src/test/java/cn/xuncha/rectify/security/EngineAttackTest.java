package cn.xuncha.rectify.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import cn.xuncha.rectify.flow.Walk;
import cn.xuncha.rectify.ledger.Measure;
import cn.xuncha.rectify.ledger.MeasureStatus;

/**
 * The trust probe's findings against the engine, replayed as a logged-in attacker would over HTTP, each with the
 * variations a careful attacker tries next: every one is refused with a precise 4xx and changes nothing
 * (docs/security.md). Deployment through the API is off here, as in prod.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "rectify.engine-rest.deployment-enabled=false")
@ActiveProfiles("test")
class EngineAttackTest extends HttpAttacks {

	static final String ENGINE = "/engine-rest";
	static final String WEBAPP_ENGINE = "/camunda/api/engine/engine/default";

	// ---------------------------------------------------------------------------------------------------------
	// Critical: a completion carries only its form's fields; identity follows the ledger

	@Test
	void staffCannotPointTheirTaskAtAnotherDepartmentsMeasure() {
		Task own = executeTask("P1-M5");
		Measure victim = ledger.measure(ROUND + "-P1-M2");
		Measure mine = measureOf(own);
		assertThat(post("staff-eng", ENGINE + "/task/" + own.getId() + "/claim", "{\"userId\":\"staff-eng\"}").status())
				.isEqualTo(204);
		TaskState before = state(own.getId());

		for (String path : List.of("/complete", "/submit-form")) {
			var reply = post("staff-eng", ENGINE + "/task/" + own.getId() + path,
					variables("progressNote", "已完成", "executionAction", "requestClosure", "measureKey",
							victim.key(), "leadLeader", "staff-eng"));
			assertThat(reply.status()).as(reply.body()).isEqualTo(400);
			assertThat(reply.json().path("message").asText()).contains("measureKey").contains("表单没有字段");
		}
		// one unknown variable is enough, whatever its name
		var departmentOnly = post("staff-eng", ENGINE + "/task/" + own.getId() + "/complete",
				variables("progressNote", "已完成", "executionAction", "report", "departmentGroup", "dept-eng"));
		assertThat(departmentOnly.status()).as(departmentOnly.body()).isEqualTo(400);
		assertThat(departmentOnly.json().path("message").asText()).contains("departmentGroup");

		assertThat(state(own.getId())).isEqualTo(before);
		assertUnchanged(victim);
		assertUnchanged(mine);
	}

	@Test
	void tasklistSessionIsHeldToTheSameForm() {
		Task own = executeTask("P1-M8");
		Measure victim = ledger.measure(ROUND + "-P1-M2");
		var browser = new Browser().login("staff-eng");
		assertThat(browser.send("POST", WEBAPP_ENGINE + "/task/" + own.getId() + "/claim", "application/json",
				"{\"userId\":\"staff-eng\"}", true).status()).isEqualTo(204);
		TaskState before = state(own.getId());

		var reply = browser.send("POST", WEBAPP_ENGINE + "/task/" + own.getId() + "/submit-form", "application/json",
				variables("progressNote", "已完成", "executionAction", "report", "measureKey", victim.key()), true);
		assertThat(reply.status()).as(reply.body()).isEqualTo(400);
		assertThat(reply.json().path("message").asText()).contains("measureKey");
		assertThat(state(own.getId())).isEqualTo(before);
		assertUnchanged(victim);

		// the form's own fields pass
		var report = browser.send("POST", WEBAPP_ENGINE + "/task/" + own.getId() + "/submit-form", "application/json",
				variables("progressNote", "本期完成 3 处", "executionAction", "report"), true);
		assertThat(report.status()).as(report.body()).isEqualTo(204);
		assertThat(ledger.measure(measureOf(own).key()).latestProgress()).isEqualTo("本期完成 3 处");
	}

	@Test
	void readOnlyFieldsAreShownNotAnswered() {
		Task own = executeTask("P1-M9");
		String measureText = (String) tasks.getVariable(own.getId(), "measureText");
		post("staff-eng", ENGINE + "/task/" + own.getId() + "/claim", "{\"userId\":\"staff-eng\"}");

		var reply = post("staff-eng", ENGINE + "/task/" + own.getId() + "/complete",
				variables("progressNote", "按期推进", "executionAction", "report", "measureText", "改写的措施内容",
						"problemTitle", "改写的问题"));
		assertThat(reply.status()).as(reply.body()).isEqualTo(204);
		Task next = tasks.createTaskQuery().processInstanceId(own.getProcessInstanceId())
				.taskDefinitionKey("Task_ExecuteMeasure").singleResult();
		assertThat(tasks.getVariable(next.getId(), "measureText")).isEqualTo(measureText);
		assertThat(ledger.measure(measureOf(own).key()).text()).isEqualTo(measureText);
	}

	@Test
	void identityFollowsTheLedgerEvenWhenTheVariablesSayOtherwise() {
		Task own = executeTask("P2-M2");
		Measure mine = measureOf(own);
		Measure victim = ledger.measure(ROUND + "-P1-M2");
		String leader = ledger.problem(mine.problemKey()).leadLeader();
		// Variables an older version trusted, planted by the one role that may still write them.
		var planted = post("admin", ENGINE + "/process-instance/" + own.getProcessInstanceId() + "/variables",
				"{\"modifications\":{\"measureKey\":{\"value\":\"" + victim.key()
						+ "\"},\"leadLeader\":{\"value\":\"staff-eng\"},\"departmentGroup\":{\"value\":\"dept-river\"}}}");
		assertThat(planted.status()).as(planted.body()).isEqualTo(204);

		var walk = new Walk(tasks, identity);
		walk.complete(mine.key(), "Task_ExecuteMeasure", "staff-eng",
				Map.of("progressNote", "已全部完成", "executionAction", "requestClosure"));
		Task evidence = task(mine.key(), "Task_SubmitEvidence");
		assertThat(candidateGroups(evidence)).containsExactly("dept-eng");
		var submitted = post("staff-eng", ENGINE + "/task/" + evidence.getId() + "/claim", "{\"userId\":\"staff-eng\"}");
		assertThat(submitted.status()).isEqualTo(204);
		assertThat(post("staff-eng", ENGINE + "/task/" + evidence.getId() + "/submit-form", evidenceForm(64)).status())
				.isEqualTo(204);
		walk.complete(mine.key(), "Task_VerifyEvidence", "office", Map.of("verifyDecision", "pass"));

		Task approval = task(mine.key(), "Task_ApproveClosure");
		assertThat(approval.getAssignee()).isEqualTo(leader).isNotEqualTo("staff-eng");
		assertEngineForbidden(post("staff-eng", ENGINE + "/task/" + approval.getId() + "/complete",
				variables("closureDecision", "approve")));
		walk.complete(mine.key(), "Task_ApproveClosure", leader, Map.of("closureDecision", "approve"));

		assertThat(ledger.measure(mine.key()).status()).isIn(MeasureStatus.CLOSED, MeasureStatus.LONG_TERM);
		assertUnchanged(victim);
	}

	@Test
	void aFormFieldCannotNameAJavaClassToBuild() {
		Task own = executeTask("P5-M2");
		post("staff-hr", ENGINE + "/task/" + own.getId() + "/claim", "{\"userId\":\"staff-hr\"}");
		TaskState before = state(own.getId());
		String body = "{\"variables\":{\"executionAction\":{\"value\":\"report\"},\"progressNote\":{\"type\":\"Object\","
				+ "\"value\":\"{\\\"command\\\":[\\\"id\\\"]}\",\"valueInfo\":{\"objectTypeName\":\"java.lang.ProcessBuilder\","
				+ "\"serializationDataFormat\":\"application/json\"}}}}";
		var reply = post("staff-hr", ENGINE + "/task/" + own.getId() + "/complete", body);
		assertThat(reply.status()).as(reply.body()).isEqualTo(400);
		assertThat(reply.json().path("message").asText()).contains("progressNote").contains("Object");
		assertThat(state(own.getId())).isEqualTo(before);
	}

	// ---------------------------------------------------------------------------------------------------------
	// Variables change only through a task's form

	@Test
	void nobodyButAdminWritesVariablesThroughTheEngineApi() {
		Task own = executeTask("P7-M3");
		String pid = own.getProcessInstanceId();
		post("staff-eng", ENGINE + "/task/" + own.getId() + "/claim", "{\"userId\":\"staff-eng\"}");
		TaskState before = state(own.getId());
		String one = "{\"value\":\"staff-eng\",\"type\":\"String\"}";
		String modifications = "{\"modifications\":{\"leadLeader\":" + one + "}}";

		for (String user : List.of("staff-eng", "office", "leader1", "secretary", "inspector")) {
			assertEngineForbidden(put(user, ENGINE + "/task/" + own.getId() + "/variables/leadLeader", one));
			assertEngineForbidden(post(user, ENGINE + "/task/" + own.getId() + "/variables", modifications));
			assertEngineForbidden(put(user, ENGINE + "/task/" + own.getId() + "/localVariables/leadLeader", one));
			assertEngineForbidden(delete(user, ENGINE + "/task/" + own.getId() + "/variables/measureText"));
			assertEngineForbidden(put(user, ENGINE + "/process-instance/" + pid + "/variables/leadLeader", one));
			assertEngineForbidden(post(user, ENGINE + "/process-instance/" + pid + "/variables", modifications));
			assertEngineForbidden(delete(user, ENGINE + "/process-instance/" + pid + "/variables/measureText"));
			assertEngineForbidden(put(user, ENGINE + "/execution/" + own.getExecutionId() + "/localVariables/x", one));
			assertEngineForbidden(post(user, ENGINE + "/process-instance/variables-async",
					"{\"processInstanceIds\":[\"" + pid + "\"],\"variables\":{\"leadLeader\":" + one + "}}"));
		}
		assertThat(state(own.getId())).isEqualTo(before);
	}

	@Test
	void aTaskIsLeftOnlyThroughItsForm() {
		Task own = executeTask("P3-M4");
		post("staff-finance", ENGINE + "/task/" + own.getId() + "/claim", "{\"userId\":\"staff-finance\"}");
		TaskState before = state(own.getId());
		String path = ENGINE + "/task/" + own.getId();

		assertEngineForbidden(post("staff-finance", path + "/resolve", variables("leadLeader", "staff-finance")));
		assertEngineForbidden(post("staff-finance", path + "/bpmnError",
				"{\"errorCode\":\"x\",\"variables\":{\"leadLeader\":{\"value\":\"staff-eng\"}}}"));
		assertEngineForbidden(post("staff-finance", path + "/bpmnEscalation", "{\"escalationCode\":\"x\"}"));
		assertEngineForbidden(post("staff-finance", ENGINE + "/task/create", "{\"id\":\"forged\",\"name\":\"伪造任务\"}"));
		assertEngineForbidden(delete("staff-finance", path));
		assertThat(state(own.getId())).isEqualTo(before);
	}

	// ---------------------------------------------------------------------------------------------------------
	// Claim is for oneself

	@Test
	void claimIsForOneself() {
		Task task = executeTask("P3-M6");
		TaskState before = state(task.getId());
		for (String other : List.of("staff-law", "office", "leader1")) {
			var reply = post("staff-finance", ENGINE + "/task/" + task.getId() + "/claim", "{\"userId\":\"" + other + "\"}");
			assertEngineForbidden(reply);
			assertThat(reply.json().path("message").asText()).contains("认领");
		}
		assertEngineForbidden(post("office", ENGINE + "/task/" + task.getId() + "/claim", "{\"userId\":\"staff-finance\"}"));
		assertEngineForbidden(post("staff-finance", ENGINE + "/task/" + task.getId() + "/assignee", "{\"userId\":\"staff-law\"}"));
		assertThat(state(task.getId())).isEqualTo(before);

		// the administrator may hand it to someone; nobody else takes it away again (unclaim is an assignment)
		var handed = post("admin", ENGINE + "/task/" + task.getId() + "/claim", "{\"userId\":\"staff-finance\"}");
		assertThat(handed.status()).as(handed.body()).isEqualTo(204);
		assertEngineForbidden(post("leader1", ENGINE + "/task/" + task.getId() + "/unclaim", ""));
		assertEngineForbidden(post("staff-finance", ENGINE + "/task/" + task.getId() + "/unclaim", ""));
		assertThat(tasks.createTaskQuery().taskId(task.getId()).singleResult().getAssignee()).isEqualTo("staff-finance");
		assertThat(post("admin", ENGINE + "/task/" + task.getId() + "/unclaim", "").status()).isEqualTo(204);
		assertThat(tasks.createTaskQuery().taskId(task.getId()).singleResult().getAssignee()).isNull();
	}

	// ---------------------------------------------------------------------------------------------------------
	// Processes start, move and end only through the product

	@Test
	void onlyTheProductStartsProcesses() {
		long instances = runtime.createProcessInstanceQuery().count();
		long reviews = jdbc.queryForObject("select count(*) from rect_review", Long.class);
		String closed = closedMeasure().key();

		for (String user : List.of("leader1", "secretary", "office", "staff-eng", "inspector")) {
			assertEngineForbidden(post(user, ENGINE + "/process-definition/key/halfMonthlyReview/start",
					"{\"variables\":{\"trigger\":{\"value\":\"MANUAL\"}}}"));
			assertEngineForbidden(post(user, ENGINE + "/process-definition/key/halfMonthlyReview/submit-form", "{}"));
			assertEngineForbidden(post(user, ENGINE + "/message", "{\"messageName\":\"halfMonthlyReviewRequested\"}"));
			assertEngineForbidden(post(user, ENGINE + "/message",
					"{\"messageName\":\"halfMonthlyReviewRequested\",\"all\":true,\"processVariables\":{\"a\":{\"value\":1}}}"));
			assertEngineForbidden(post(user, ENGINE + "/process-definition/key/measureRectification/start",
					"{\"businessKey\":\"" + closed + "\"}"));
			assertEngineForbidden(post(user, ENGINE + "/process-definition/key/roundRectification/start",
					"{\"businessKey\":\"" + ROUND + "\"}"));
			assertEngineForbidden(post(user, ENGINE + "/signal", "{\"name\":\"anything\"}"));
			assertEngineForbidden(post(user, ENGINE + "/condition", "{\"variables\":{\"a\":{\"value\":1}}}"));
		}
		assertThat(runtime.createProcessInstanceQuery().count()).isEqualTo(instances);
		assertThat(jdbc.queryForObject("select count(*) from rect_review", Long.class)).isEqualTo(reviews);
		assertThat(ledger.measure(closed).status()).isEqualTo(MeasureStatus.CLOSED);

		// the office's way in stays open: the product checks the role and starts the review itself
		assertThat(post("leader1", "/api/reviews", "").status()).isEqualTo(403);
		assertThat(post("office", "/api/reviews", "").status()).isEqualTo(202);
	}

	@Test
	void onlyAdminModifiesMigratesRestartsSuspendsOrDeletes() {
		Task task = executeTask("P6-M2");
		String pid = task.getProcessInstanceId();
		String definition = task.getProcessDefinitionId();
		TaskState before = state(task.getId());
		long decisions = history.createHistoricDecisionInstanceQuery().count();

		for (String user : List.of("office", "leader1", "secretary", "staff-hr", "inspector")) {
			assertEngineForbidden(post(user, ENGINE + "/process-instance/" + pid + "/modification",
					"{\"instructions\":[{\"type\":\"startBeforeActivity\",\"activityId\":\"Task_CloseMeasure\"}]}"));
			assertEngineForbidden(post(user, ENGINE + "/modification/execute", "{\"processDefinitionId\":\""
					+ definition + "\",\"processInstanceIds\":[\"" + pid
					+ "\"],\"instructions\":[{\"type\":\"startBeforeActivity\",\"activityId\":\"Task_CloseMeasure\"}]}"));
			assertEngineForbidden(delete(user, ENGINE + "/process-instance/" + pid));
			assertEngineForbidden(post(user, ENGINE + "/process-instance/delete",
					"{\"processInstanceIds\":[\"" + pid + "\"],\"deleteReason\":\"x\"}"));
			assertEngineForbidden(put(user, ENGINE + "/process-instance/" + pid + "/suspended", "{\"suspended\":true}"));
			assertEngineForbidden(post(user, ENGINE + "/migration/generate", "{\"sourceProcessDefinitionId\":\""
					+ definition + "\",\"targetProcessDefinitionId\":\"" + definition + "\"}"));
			assertEngineForbidden(post(user, ENGINE + "/migration/execute", "{\"migrationPlan\":{\"sourceProcessDefinitionId\":\""
					+ definition + "\",\"targetProcessDefinitionId\":\"" + definition
					+ "\",\"instructions\":[]},\"processInstanceIds\":[\"" + pid + "\"]}"));
			assertEngineForbidden(post(user, ENGINE + "/process-definition/" + definition + "/restart",
					"{\"processInstanceIds\":[\"" + pid + "\"],\"instructions\":[{\"type\":\"startBeforeActivity\",\"activityId\":\"Task_CloseMeasure\"}]}"));
			// those who cannot read the table do not learn it exists (404); the others are refused (403)
			var evaluate = post(user, ENGINE + "/decision-definition/key/escalationLevel/evaluate", "{\"variables\":{}}");
			assertThat(evaluate.status()).as(evaluate.body()).isEqualTo(user.equals("inspector") ? 403 : 404);
		}
		assertThat(runtime.createProcessInstanceQuery().processInstanceId(pid).active().count()).isOne();
		assertThat(history.createHistoricDecisionInstanceQuery().count()).isEqualTo(decisions);
		assertThat(state(task.getId())).isEqualTo(before);
		assertThat(ledger.measure(measureOf(task).key()).status()).isEqualTo(MeasureStatus.IN_PROGRESS);
	}

	@Test
	void deploymentThroughTheApiIsOffEvenForAdmin() {
		long deployments = repository.createDeploymentQuery().count();
		var reply = send(http, "POST", ENGINE + "/deployment/create", "admin", "multipart/form-data; boundary=b",
				multipart("b", "attack", "<definitions/>".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		assertEngineForbidden(reply);
		assertThat(reply.json().path("message").asText()).contains("deployment through the API is off");
		assertThat(repository.createDeploymentQuery().count()).isEqualTo(deployments);
	}

	// ---------------------------------------------------------------------------------------------------------
	// Inspectors read and never write; comments belong to those who work the task

	@Test
	void inspectorsNeitherCommentNorAttach() {
		Task task = executeTask("P2-M3");
		long comments = tasks.getTaskComments(task.getId()).size();
		long attachments = tasks.getTaskAttachments(task.getId()).size();

		assertEngineForbidden(post("inspector", ENGINE + "/task/" + task.getId() + "/comment/create",
				"{\"message\":\"纪检组意见\"}"));
		assertEngineForbidden(send(http, "POST", ENGINE + "/task/" + task.getId() + "/attachment/create", "inspector",
				"multipart/form-data; boundary=----attack-boundary", attachment("----attack-boundary")));
		// another department does not even see the task
		var stranger = post("staff-eng", ENGINE + "/task/" + task.getId() + "/comment/create", "{\"message\":\"代写意见\"}");
		assertThat(stranger.status()).as(stranger.body()).isIn(400, 403);
		assertThat(stranger.body()).doesNotContain("\tat ");
		// attachments are nobody's but the administrator's (staff, without history, do not even find the task)
		var staffAttachment = send(http, "POST", ENGINE + "/task/" + task.getId() + "/attachment/create",
				"staff-finance", "multipart/form-data; boundary=----attack-boundary", attachment("----attack-boundary"));
		assertThat(staffAttachment.status()).as(staffAttachment.body()).isIn(400, 403);
		assertEngineForbidden(send(http, "POST", ENGINE + "/task/" + task.getId() + "/attachment/create", "office",
				"multipart/form-data; boundary=----attack-boundary", attachment("----attack-boundary")));
		assertThat(tasks.getTaskComments(task.getId())).hasSize((int) comments);
		assertThat(tasks.getTaskAttachments(task.getId())).hasSize((int) attachments);

		// those who work a task may note something on it: the office on the evidence it verifies
		Task verify = task(ROUND + "-P3-M3", "Task_VerifyEvidence");
		int before = tasks.getTaskComments(verify.getId()).size();
		var own = post("office", ENGINE + "/task/" + verify.getId() + "/comment/create", "{\"message\":\"已电话核实\"}");
		assertThat(own.status()).as(own.body()).isEqualTo(200);
		assertThat(tasks.getTaskComments(verify.getId())).hasSize(before + 1);
		assertEngineForbidden(post("inspector", ENGINE + "/task/" + verify.getId() + "/comment/create",
				"{\"message\":\"纪检组意见\"}"));
	}

	@Test
	void cockpitAndAdminPluginApisAnswerOnlyThoseWhoOpenThoseWebapps() {
		String cockpit = "/camunda/api/cockpit/plugin/base/default/process-instance/count";
		for (String user : List.of("staff-eng", "office", "leader1")) {
			var browser = new Browser().login(user);
			var reply = browser.send("GET", cockpit, null, null, false);
			assertEngineForbidden(reply);
			assertThat(reply.json().path("message").asText()).contains("cockpit");
			assertEngineForbidden(browser.send("GET", "/camunda/api/admin/plugin/adminPlugins/default/metrics", null, null, false));
		}
		var inspector = new Browser().login("inspector");
		assertThat(inspector.send("GET", cockpit, null, null, false).status()).isEqualTo(200);
		assertEngineForbidden(inspector.send("GET", "/camunda/api/admin/plugin/adminPlugins/default/metrics", null, null, false));
	}

	// ---------------------------------------------------------------------------------------------------------
	// Helpers

	/** The open 落实整改措施 task of a demo measure (P1-M5); each test works its own. */
	Task executeTask(String measure) {
		return task(ROUND + "-" + measure, "Task_ExecuteMeasure");
	}

	Measure measureOf(Task task) {
		return ledger.measure(runtime.createProcessInstanceQuery().processInstanceId(task.getProcessInstanceId())
				.singleResult().getBusinessKey());
	}

	Measure closedMeasure() {
		return ledger.measuresOfRound(ledger.round(ROUND).id()).stream()
				.filter(m -> m.status() == MeasureStatus.CLOSED).findFirst().orElseThrow();
	}

	void assertUnchanged(Measure measure) {
		Measure now = ledger.measure(measure.key());
		assertThat(now.status()).isEqualTo(measure.status());
		assertThat(now.latestProgress()).isEqualTo(measure.latestProgress());
		assertThat(now.department()).isEqualTo(measure.department());
		assertThat(now.closedAt()).isEqualTo(measure.closedAt());
	}

	static byte[] attachment(String boundary) {
		String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"attachment-name\"\r\n\r\n伪造材料\r\n"
				+ "--" + boundary + "\r\nContent-Disposition: form-data; name=\"content\"; filename=\"x.txt\"\r\n"
				+ "Content-Type: text/plain\r\n\r\nx\r\n--" + boundary + "--\r\n";
		return body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
	}
}
