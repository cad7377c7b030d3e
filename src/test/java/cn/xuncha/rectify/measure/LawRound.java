package cn.xuncha.rectify.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.variable.Variables;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import cn.xuncha.rectify.flow.Walk;
import cn.xuncha.rectify.system.Now;

/** A one-measure round of 执法科 (lead leader leader2), imported through REST and walked by its people. */
record LawRound(TestRestTemplate rest, Walk walk) {

	static final String JSON = """
			{"key": "%s", "title": "回头看测试", "unit": "测试局", "inspectionTeam": "第一巡察组", "feedbackDate": "2026-01-10",
			 "categories": [{"title": "依法行政有差距", "problems": [
			   {"title": "执法案件录入不规范", "department": "dept-law", "leadLeader": "leader2", "measures": [
			     {"text": "制定并实施案件录入制度", "type": "FIXED"}]}]}]}
			""";

	/** The round imported and its feedback registered: the plan waits for 执法科. */
	void registered(String round) {
		var headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		var created = rest.withBasicAuth("office", "demo").exchange("/api/rounds", HttpMethod.POST,
				new HttpEntity<>(JSON.formatted(round), headers), Map.class);
		assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		walk.complete(round, "Task_RegisterFeedback", "office", Map.of());
	}

	/** The round's one measure, its plan approved and due in 30 days: 落实整改措施 waits. */
	String approvedMeasure(String round) {
		registered(round);
		walk.complete(round + "-P1", "Task_DraftPlan", "staff-law", Map.of("measures", List.of(Map.of("text",
				"制定并实施案件录入制度", "responsiblePerson", "staff-law", "deadline",
				Now.today().plusDays(30).toString(), "type", "FIXED"))));
		walk.complete(round + "-P1", "Task_ReviewPlan", "leader2", Map.of("planDecision", "approve"));
		return round + "-P1-M1";
	}

	/** From 落实整改措施 to 销号: closure requested with evidence, verified, approved. */
	void close(String measure) {
		walk.complete(measure, MeasureProcess.TASK_EXECUTE_MEASURE, "staff-law",
				Map.of("progressNote", "制度已印发", "executionAction", "requestClosure"));
		walk.complete(measure, MeasureProcess.TASK_SUBMIT_EVIDENCE, "staff-law", Map.of("closureSummary", "制度已印发实施",
				"evidenceFile", Variables.fileValue("制度.txt").file("案件录入制度".getBytes(StandardCharsets.UTF_8))
						.mimeType("text/plain").create()));
		walk.complete(measure, MeasureProcess.TASK_VERIFY_EVIDENCE, "office", Map.of("verifyDecision", "pass"));
		walk.complete(measure, MeasureProcess.TASK_APPROVE_CLOSURE, "leader2", Map.of("closureDecision", "approve"));
	}
}
