package cn.xuncha.rectify.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;

/**
 * The office runs the half-monthly review on the demo through the API: the seed's measures get their colours,
 * overdue ones become supervised matters and talk reminders, and a second call right after does nothing new.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"rectify.mail.enabled=true", "spring.mail.host=localhost", "spring.mail.port=3025" })
@ActiveProfiles("test")
@DirtiesContext(classMode = DirtiesContext.ClassMode.BEFORE_CLASS)
class ReviewApiTest {

	/** A real SMTP server: the review's notifications arrive here. */
	@RegisterExtension
	static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP);

	@Autowired
	TestRestTemplate rest;
	@Autowired
	TaskService tasks;
	@Autowired
	JdbcClient jdbc;

	@Test
	void reviewOfTheDemoColoursMeasuresAndEscalatesOnce() throws Exception {
		var dry = post("office", "/api/reviews?dryRun=true");
		assertThat(dry.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(dry.getBody().get("id")).isNull();
		int reviewsBefore = count("rect_review");
		int escalationsBefore = count("rect_escalation");

		var first = post("office", "/api/reviews");
		assertThat(first.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		Map<String, Object> body = first.getBody();
		assertThat(body.get("id")).isNotNull();
		assertThat((Integer) body.get("measuresEvaluated")).isGreaterThanOrEqualTo(20);
		List<Map<String, Object>> actions = actions(body);
		assertThat(actions).extracting(a -> a.get("level")).contains("SUPERVISE", "TALK", "URGE");
		assertThat(actions).allSatisfy(a -> assertThat(a).containsKeys("measure", "level", "notified"));
		// The dry run foresaw exactly what the review then did.
		assertThat(actions(dry.getBody())).extracting(a -> a.get("measure") + ":" + a.get("level"))
				.containsExactlyInAnyOrderElementsOf(
						actions.stream().map(a -> a.get("measure") + ":" + a.get("level")).toList());
		assertThat(count("rect_review")).isEqualTo(reviewsBefore + 1);
		assertThat(count("rect_escalation")).isEqualTo(escalationsBefore + actions.size());
		// Its progress alone, for polling (the whole record holds every verdict): not for staff, 404 for no review.
		var progress = get("leader1", "/api/reviews/" + body.get("id") + "/progress");
		assertThat(progress.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(progress.getBody()).containsEntry("state", "DONE").containsEntry("chunks", 0)
				.containsEntry("actionsApplied", progress.getBody().get("actionsPlanned"));
		assertThat(get("staff-law", "/api/reviews/" + body.get("id") + "/progress").getStatusCode())
				.isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(get("office", "/api/reviews/987654321/progress").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(jdbc.sql("select count(*) from rect_measure where colour is null and status in ('IN_PROGRESS')")
				.query(Integer.class).single()).isZero();
		assertThat(tasks.createTaskQuery().taskDefinitionKey("Task_HandleSupervision").count()).isPositive();
		assertThat(tasks.createTaskQuery().taskDefinitionKey("Task_ScheduleTalk").count()).isPositive();

		// Every notified person gets a Chinese mail with a link into Tasklist, after the review committed.
		int expectedMails = actions.stream().mapToInt(a -> ((List<?>) a.get("notified")).size()).sum();
		assertThat(mail.waitForIncomingEmail(20_000, expectedMails)).isTrue();
		var supervision = java.util.Arrays.stream(mail.getReceivedMessages()).filter(m -> subject(m).contains("】督办："))
				.findFirst().orElseThrow();
		assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(supervision)).isNotBlank();
		assertThat(supervision.getSubject()).startsWith("【巡察整改督办】");
		// The link opens the task to act on: the supervised matter's own task, or for a 催办 the measure's task.
		assertThat(linkOf(supervision)).endsWith("?task=" + taskOf(supervision, "Task_HandleSupervision"));
		var urge = java.util.Arrays.stream(mail.getReceivedMessages()).filter(m -> subject(m).contains("催办："))
				.findFirst().orElseThrow();
		assertThat(linkOf(urge)).endsWith("?task=" + taskOf(urge, "Task_ExecuteMeasure"));

		var second = post("office", "/api/reviews");
		assertThat(second.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(actions(second.getBody())).isEmpty();
		assertThat(second.getBody().get("colours")).isEqualTo(body.get("colours"));
		assertThat(count("rect_escalation")).isEqualTo(escalationsBefore + actions.size());
	}

	@Test
	void onlyTheOfficeRunsReviews() {
		int before = count("rect_review");
		assertThat(post("staff-law", "/api/reviews").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(post("inspector", "/api/reviews").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(rest.postForEntity("/api/reviews", null, String.class).getStatusCode())
				.isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(count("rect_review")).isEqualTo(before);
	}

	private ResponseEntity<Map<String, Object>> get(String user, String path) {
		return rest.withBasicAuth(user, "demo").exchange(path, HttpMethod.GET, null,
				new ParameterizedTypeReference<>() {
				});
	}

	private ResponseEntity<Map<String, Object>> post(String user, String path) {
		return rest.withBasicAuth(user, "demo").exchange(path, HttpMethod.POST, null,
				new ParameterizedTypeReference<>() {
				});
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> actions(Map<String, Object> body) {
		return (List<Map<String, Object>>) body.get("actions");
	}

	private int count(String table) {
		return jdbc.sql("select count(*) from " + table).query(Integer.class).single();
	}

	private static String subject(jakarta.mail.internet.MimeMessage message) {
		try {
			return message.getSubject();
		}
		catch (jakarta.mail.MessagingException e) {
			throw new IllegalStateException(e);
		}
	}

	/** The mail's 办理链接 line, decoded. */
	private static String linkOf(jakarta.mail.internet.MimeMessage message) throws Exception {
		String body = ((String) message.getContent()).replace("\r\n", "\n");
		return body.substring(body.indexOf("办理链接：") + "办理链接：".length()).strip();
	}

	/** The open task of this definition in the process with the business key the subject names (after "："). */
	private String taskOf(jakarta.mail.internet.MimeMessage message, String definition) {
		String key = subject(message).substring(subject(message).lastIndexOf('：') + 1).strip();
		return tasks.createTaskQuery().processInstanceBusinessKey(key).taskDefinitionKey(definition).singleResult()
				.getId();
	}
}
