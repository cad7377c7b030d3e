package cn.xuncha.rectify.security;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.xuncha.rectify.ledger.Ledger;

/**
 * The role matrix (README: 角色权限) cell by cell, over HTTP as people and browsers reach the application: each refused
 * request must be refused with the right status and leave everything as it was. Fixtures are the demo round
 * HZSW-2020 (profile test); every test uses its own tasks, so the order of the tests does not matter.
 */
/**
 * What the security tests share: HTTP as people, browsers and attackers reach the running application (HTTP Basic
 * or a webapp session with its CSRF token), and the engine's view of a task to show that a refused request changed
 * nothing. Fixtures are the demo round HZSW-2020 (profile test).
 */
abstract class HttpAttacks {

	static final String ROUND = "HZSW-2020";
	static final String PASSWORD = "demo";
	static final ObjectMapper JSON = new ObjectMapper();

	@LocalServerPort
	int port;
	@Autowired
	TaskService tasks;
	@Autowired
	RuntimeService runtime;
	@Autowired
	HistoryService history;
	@Autowired
	RepositoryService repository;
	@Autowired
	IdentityService identity;
	@Autowired
	Ledger ledger;
	@Autowired
	JdbcTemplate jdbc;

	final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(10)).build();


	record Reply(int status, String body, HttpHeaders headers) {

		JsonNode json() {
			try {
				return JSON.readTree(body);
			}
			catch (IOException e) {
				throw new AssertionError("not JSON (status " + status + "): " + body, e);
			}
		}

		String contentType() {
			return headers.firstValue("Content-Type").orElse("");
		}
	}

	/** What the engine knows of a task, to show that a refused request changed nothing. */
	record TaskState(String id, String assignee, String owner, String name, int priority, List<String> candidates,
			Map<String, String> variables) {
	}

	/** A browser logged in to the webapps: its session cookie and the CSRF token the webapps handed out. */
	final class Browser {

		final HttpClient client = HttpClient.newBuilder()
				.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
				.followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(10)).build();
		String token;

		Browser login(String user) {
			// the first page hands out a token in the X-XSRF-TOKEN header and the XSRF-TOKEN cookie
			var page = HttpAttacks.this.send(client, "GET", "/camunda/app/tasklist/default/", null, null, null);
			assertThat(page.status()).isEqualTo(200);
			String first = page.headers().firstValue("X-XSRF-TOKEN").orElseThrow();
			assertThat(page.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("XSRF-TOKEN=" + first));
			var login = HttpAttacks.this.send(client, "POST", "/camunda/api/admin/auth/user/default/login/tasklist",
					null, "application/x-www-form-urlencoded",
					("username=" + URLEncoder.encode(user, UTF_8) + "&password=" + URLEncoder.encode(PASSWORD, UTF_8))
							.getBytes(UTF_8),
					"X-XSRF-TOKEN", first);
			assertThat(login.status()).as(login.body()).isEqualTo(200);
			// the login starts a new session (against fixation) without a token; the next read hands one out
			var me = HttpAttacks.this.send(client, "GET", "/camunda/api/admin/auth/user/default", null, null, null);
			assertThat(me.status()).isEqualTo(200);
			assertThat(me.json().path("userId").asText()).isEqualTo(user);
			token = me.headers().firstValue("X-XSRF-TOKEN").orElseThrow();
			assertThat(token).isNotEqualTo(first);
			return this;
		}

		Reply send(String method, String path, String contentType, String body, boolean withToken, String... headers) {
			List<String> all = new ArrayList<>(List.of(headers));
			if (withToken) {
				all.add("X-XSRF-TOKEN");
				all.add(token);
			}
			return HttpAttacks.this.send(client, method, path, null, contentType, body == null ? null : body.getBytes(UTF_8),
					all.toArray(String[]::new));
		}
	}

	Reply get(String user, String path, String... headers) {
		return send(http, "GET", path, user, null, null, headers);
	}

	Reply post(String user, String path, String json) {
		return send(http, "POST", path, user, "application/json", json.getBytes(UTF_8));
	}

	Reply put(String user, String path, String json) {
		return send(http, "PUT", path, user, "application/json", json.getBytes(UTF_8));
	}

	Reply delete(String user, String path) {
		return send(http, "DELETE", path, user, null, null);
	}

	Reply send(HttpClient client, String method, String path, String user, String contentType, byte[] body,
			String... headers) {
		var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
				.timeout(Duration.ofSeconds(60))
				.method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		if (user != null) {
			request.header("Authorization", basic(user, PASSWORD));
		}
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		try {
			var response = client.send(request.build(), BodyHandlers.ofString(UTF_8));
			return new Reply(response.statusCode(), response.body(), response.headers());
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(UTF_8));
	}

	static void assertEngineForbidden(Reply reply) {
		assertThat(reply.status()).as(reply.body()).isEqualTo(403);
		assertThat(reply.json().path("type").asText()).isEqualTo("AuthorizationException");
	}

	/** The engine's REST errors name their type ("type":"RestException"); what must never show is a stack frame. */
	static void assertNoStackFrames(Reply reply) {
		assertThat(reply.body()).doesNotContain("at cn.").doesNotContain("at org.").doesNotContain("\tat ")
				.doesNotContain("\\tat ");
	}

	static void assertNoStackTrace(Reply reply) {
		assertThat(reply.body()).doesNotContain("Exception").doesNotContain("at cn.").doesNotContain("at org.")
				.doesNotContain("\tat ").doesNotContain("trace");
	}

	Task task(String businessKey, String definitionKey) {
		Task task = tasks.createTaskQuery().processInstanceBusinessKey(businessKey).taskDefinitionKey(definitionKey)
				.singleResult();
		assertThat(task).as("%s waits at %s", businessKey, definitionKey).isNotNull();
		return task;
	}

	List<String> candidateGroups(Task task) {
		return tasks.getIdentityLinksForTask(task.getId()).stream()
				.filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()) && l.getGroupId() != null)
				.map(l -> l.getGroupId()).sorted().toList();
	}

	TaskState state(String taskId) {
		Task task = tasks.createTaskQuery().taskId(taskId).singleResult();
		assertThat(task).as("task %s is still there (not completed)", taskId).isNotNull();
		var variables = new TreeMap<String, String>();
		tasks.getVariables(taskId).forEach((name, value) -> variables.put(name, String.valueOf(value)));
		return new TaskState(task.getId(), task.getAssignee(), task.getOwner(), task.getName(), task.getPriority(),
				candidateGroups(task), variables);
	}

	long evidenceCount(long measureId) {
		return jdbc.queryForObject("select count(*) from rect_evidence where measure_id = ?", Long.class, measureId);
	}

	static List<JsonNode> measureNodes(JsonNode tree) {
		List<JsonNode> measures = new ArrayList<>();
		for (JsonNode category : tree.path("categories")) {
			for (JsonNode problem : category.path("problems")) {
				problem.path("measures").forEach(measures::add);
			}
		}
		return measures;
	}

	/** {"variables": {name: {"value": value}, …}} for the engine's REST API. */
	static String variables(String... namesAndValues) {
		ObjectNode body = JSON.createObjectNode();
		ObjectNode vars = body.putObject("variables");
		for (int i = 0; i < namesAndValues.length; i += 2) {
			vars.putObject(namesAndValues[i]).put("value", namesAndValues[i + 1]);
		}
		return body.toString();
	}

	static String round(String key, String title, String measureText) {
		ObjectNode round = JSON.createObjectNode().put("key", key).put("title", title).put("unit", "测试局")
				.put("inspectionTeam", "第一巡察组").put("feedbackDate", "2026-01-10");
		ObjectNode problem = round.putArray("categories").addObject().put("title", "制度执行有差距").putArray("problems")
				.addObject().put("title", "制度执行不到位").put("department", "dept-law").put("leadLeader", "leader1");
		problem.putArray("measures").addObject().put("text", measureText).put("type", "FIXED");
		return round.toString();
	}

	/** An ArrayList in Java serialization, as an attacker would send it to reach a gadget chain. */
	static ObjectNode javaSerializedList() {
		var bytes = new ByteArrayOutputStream();
		try (var out = new ObjectOutputStream(bytes)) {
			out.writeObject(new ArrayList<>(List.of("a", "b")));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		ObjectNode value = JSON.createObjectNode().put("type", "Object")
				.put("value", Base64.getEncoder().encodeToString(bytes.toByteArray()));
		value.putObject("valueInfo").put("objectTypeName", "java.util.ArrayList")
				.put("serializationDataFormat", "application/x-java-serialized-object");
		return value;
	}

	static String evidenceForm(int size) {
		byte[] content = new byte[size];
		java.util.Arrays.fill(content, (byte) 'a');
		ObjectNode body = JSON.createObjectNode();
		ObjectNode vars = body.putObject("variables");
		vars.putObject("closureSummary").put("value", "制度已印发").put("type", "String");
		ObjectNode file = vars.putObject("evidenceFile").put("type", "File")
				.put("value", Base64.getEncoder().encodeToString(content));
		file.putObject("valueInfo").put("filename", "佐证材料.txt").put("mimetype", "text/plain").put("encoding", "UTF-8");
		return body.toString();
	}

	static byte[] multipart(String boundary, String deploymentName, byte[] bpmn) {
		var out = new ByteArrayOutputStream();
		out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\n"
				+ deploymentName + "\r\n").getBytes(UTF_8));
		out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"deployment-source\"\r\n\r\n"
				+ "role-matrix-test\r\n").getBytes(UTF_8));
		out.writeBytes(("--" + boundary
				+ "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"role-matrix-trivial.bpmn\"\r\n"
				+ "Content-Type: application/octet-stream\r\n\r\n").getBytes(UTF_8));
		out.writeBytes(bpmn);
		out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(UTF_8));
		return out.toByteArray();
	}

	static String shortId() {
		return UUID.randomUUID().toString().substring(0, 8);
	}
}
