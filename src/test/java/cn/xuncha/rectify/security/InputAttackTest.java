package cn.xuncha.rectify.security;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.xuncha.rectify.flow.Walk;

/**
 * What an attacker sends to the application over HTTP, and that each attempt is refused with the right status and a
 * message, leaves nothing behind, and leaves the application answering. Limits as configured in application.yaml
 * (request body 1 MB, import 5 MB, 500 problems per round); fixtures are the demo round HZSW-2020.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "rectify.limits.max-measures-per-round=5000")
@ActiveProfiles("test")
class InputAttackTest extends HttpAttacks {

	static final long REQUEST_LIMIT = 1024 * 1024;
	static final long IMPORT_LIMIT = 5 * 1024 * 1024;

	/** HTTP/1.1 only: the size limits are about Content-Length and chunked bodies as browsers and curl send them. */
	private final HttpClient http11 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
			.followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

	// ---------------------------------------------------------------------------------------------------------
	// Oversized bodies: 413 before the body is read

	@Test
	void hugeDeclaredBodyIsRefusedBeforeItIsSent() throws IOException {
		int rounds = ledger.rounds().size();
		// 700 MB announced, nothing sent: only an answer that does not wait for the body can arrive
		var reply = raw("POST /api/rounds HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + basic("office", PASSWORD)
				+ "\r\nContent-Type: application/json\r\nContent-Length: 734003200\r\n\r\n", out -> {
				});
		assertThat(reply.status()).as(reply.body()).isEqualTo(413);
		assertTooLarge(reply.body(), IMPORT_LIMIT);
		assertThat(ledger.rounds()).hasSize(rounds);
	}

	@Test
	void oversizedBodyWithContentLengthIsA413() {
		Task task = walk().task(ROUND + "-P2-M2", "Task_ExecuteMeasure");
		byte[] body = ("{\"variables\":{\"progressNote\":{\"value\":\"" + "a".repeat((int) REQUEST_LIMIT) + "\"}}}")
				.getBytes(UTF_8);
		var reply = send("POST", "/engine-rest/task/" + task.getId() + "/complete", "staff-eng", "application/json", body);
		assertThat(reply.status()).as(reply.body()).isEqualTo(413);
		assertTooLarge(reply.body(), REQUEST_LIMIT);
		assertThat(tasks.createTaskQuery().taskId(task.getId()).count()).isOne();
	}

	@Test
	void oversizedChunkedImportIsA413AndTheApplicationAnswersAfterwards() throws IOException {
		int rounds = ledger.rounds().size();
		String key = "CHUNKED-" + shortId();
		var reply = chunked("/api/rounds", "office", "{\"key\":\"" + key + "\",\"title\":\"", IMPORT_LIMIT + 65536);
		assertThat(reply.status()).as(reply.body()).isEqualTo(413);
		assertTooLarge(reply.body(), IMPORT_LIMIT);
		assertThat(ledger.rounds()).hasSize(rounds);
		assertThat(ledger.roundExists(key)).isFalse();

		assertThat(send("GET", "/api/health", null, null, null).status()).isEqualTo(200);
		var list = send("GET", "/api/rounds", "office", null, null);
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.json()).hasSize(rounds);
	}

	/** The engine's REST API, where the serialization check reads the body first: it stops at the limit too. */
	@Test
	void oversizedChunkedVariableIsA413() throws IOException {
		String processInstance = walk().task(ROUND + "-P3-M6", "Task_ExecuteMeasure").getProcessInstanceId();
		String variable = "x" + shortId();
		var reply = chunked("/engine-rest/process-instance/" + processInstance + "/variables/" + variable, "admin",
				"{\"type\":\"String\",\"value\":\"", REQUEST_LIMIT + 65536);
		assertThat(reply.status()).as(reply.body()).isEqualTo(413);
		assertTooLarge(reply.body(), REQUEST_LIMIT);
		assertThat(runtime.createVariableInstanceQuery().variableName(variable).count()).isZero();
		assertThat(send("GET", "/engine-rest/engine", "admin", null, null).status()).isEqualTo(200);
	}

	// ---------------------------------------------------------------------------------------------------------
	// Java serialization hidden behind JSON escapes

	@Test
	void javaSerializedFormatWrittenWithJsonEscapesIsRefused() {
		String processInstance = walk().task(ROUND + "-P3-M6", "Task_ExecuteMeasure").getProcessInstanceId();
		for (String format : List.of("application\\/x-java-serialized-object", "\\u0061pplication/x-java-serialized-object",
				"APPLICATION/X-JAVA-SERIALIZED-OBJECT ")) {
			String variable = "x" + shortId();
			String body = javaSerializedList().toString().replace("application/x-java-serialized-object", format);
			assertThat(body).doesNotContain("application/x-java-serialized-object");
			var reply = send("PUT", "/engine-rest/process-instance/" + processInstance + "/variables/" + variable, "admin",
					"application/json", body.getBytes(UTF_8));
			assertThat(reply.status()).as(format + ": " + reply.body()).isEqualTo(400);
			assertThat(reply.json().path("message").asText()).contains("Java-serialized variables are rejected");
			assertNoStackFrames(reply);
			assertThat(runtime.createVariableInstanceQuery().variableName(variable).count()).isZero();
			assertThat(history.createHistoricVariableInstanceQuery().variableName(variable).count()).isZero();
		}
	}

	// ---------------------------------------------------------------------------------------------------------
	// Import: dates, control characters, sizes

	@Test
	void feedbackDateBeforeTheYearOneIsRefused() {
		ObjectNode round = round("DATE-" + shortId());
		round.put("feedbackDate", "-0001-01-01");
		assertRefused(round, "feedbackDate", "2000-01-01");
	}

	@Test
	void deadlineBeforeTheFeedbackDateIsRefused() {
		ObjectNode round = round("LATE-" + shortId());
		firstMeasure(round).put("deadline", "2025-12-31");
		assertRefused(round, "categories[0].problems[0].measures[0].deadline", "2026-01-10");
	}

	@Test
	void deadlineInTheNextCenturyIsRefused() {
		ObjectNode round = round("FAR-" + shortId());
		firstMeasure(round).put("deadline", "2999-01-01");
		assertRefused(round, "categories[0].problems[0].measures[0].deadline", "2100-12-31");
	}

	@Test
	void nulInATitleIsRefused() {
		ObjectNode round = round("NUL-" + shortId());
		firstProblem(round).put("title", "制度执行\u0000不到位");
		assertRefused(round, "categories[0].problems[0].title", "U+0000");
	}

	@Test
	void megabyteMeasureTextIsRefused() {
		ObjectNode round = round("BIGM-" + shortId());
		firstMeasure(round).put("text", "措".repeat(1024 * 1024));
		assertRefused(round, "categories[0].problems[0].measures[0].text", "20000");
	}

	@Test
	void megabyteProblemTitleIsA400NotA500() {
		ObjectNode round = round("BIGP-" + shortId());
		firstProblem(round).put("title", "题".repeat(1024 * 1024));
		assertRefused(round, "categories[0].problems[0].title", "1000");
	}

	@Test
	void roundOfTenThousandProblemsIsRefusedAndNothingStored() {
		int problems = jdbc.queryForObject("select count(*) from rect_problem", Integer.class);
		ObjectNode round = round("HUGE-" + shortId());
		ArrayNode list = (ArrayNode) round.path("categories").path(0).path("problems");
		for (int i = 1; i < 10_000; i++) {
			list.addObject().put("title", "问题" + i).putArray("measures").addObject().put("text", "措施" + i);
		}
		assertRefused(round, "categories", "500");
		assertThat(jdbc.queryForObject("select count(*) from rect_problem", Integer.class)).isEqualTo(problems);
	}

	@Test
	void outlineTextImportGoesThroughTheSameChecks() {
		int rounds = ledger.rounds().size();
		String key = "TEXT-" + shortId();
		String text = "一、存在的问题\n（一）制度执行方面\n1. " + "长".repeat(2000) + "\n一是完善制度。二是加强监督。\n";
		var reply = send("POST", "/api/rounds/import-text?key=" + key, "office", "text/plain;charset=UTF-8",
				text.getBytes(UTF_8));
		assertThat(reply.status()).as(reply.body()).isEqualTo(400);
		assertThat(reply.json().path("message").asText()).contains("categories[0].problems[0].title").contains("1000");
		assertThat(ledger.rounds()).hasSize(rounds);
		assertThat(ledger.roundExists(key)).isFalse();
	}

	/** The department drafts its plan through the engine's REST API: the ledger's limits hold there too. */
	@Test
	void planFormRefusesWhatTheLedgerCannotHold() {
		String key = "PLAN-" + shortId();
		var created = send("POST", "/api/rounds", "office", "application/json",
				HttpAttacks.round(key, "方案填报的巡察整改", "完善制度").getBytes(UTF_8));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		walk().complete(key, "Task_RegisterFeedback", "office", Map.of());
		String problem = key + "-P1";
		Task task = walk().task(problem, "Task_DraftPlan");
		assertThat(send("POST", "/engine-rest/task/" + task.getId() + "/claim", "staff-law", "application/json",
				"{\"userId\":\"staff-law\"}".getBytes(UTF_8)).status()).isEqualTo(204);
		String deadline = java.time.LocalDate.now().plusDays(30).toString();

		Map<String, List<String>> attempts = new LinkedHashMap<>();
		attempts.put("20000", List.of("措".repeat(30_000), "staff-law", deadline));
		attempts.put("U+0000", List.of("完善制度", "staff\u0000law", deadline));
		attempts.put("2000-01-01", List.of("完善制度", "staff-law", "-0001-01-01"));
		for (var attempt : attempts.entrySet()) {
			ArrayNode plan = JSON.createArrayNode();
			plan.addObject().put("text", attempt.getValue().get(0)).put("responsiblePerson", attempt.getValue().get(1))
					.put("deadline", attempt.getValue().get(2)).put("type", "FIXED");
			ObjectNode body = JSON.createObjectNode();
			body.putObject("variables").putObject("measures").put("type", "Json").put("value", plan.toString());
			var reply = send("POST", "/engine-rest/task/" + task.getId() + "/complete", "staff-law", "application/json",
					body.toString().getBytes(UTF_8));
			assertThat(reply.status()).as(attempt.getKey() + ": " + reply.body()).isEqualTo(400);
			assertThat(reply.json().path("message").asText()).contains(attempt.getKey());
			assertThat(reply.body().length()).isLessThan(2000);
			assertNoStackFrames(reply);
			assertThat(tasks.createTaskQuery().taskId(task.getId()).count()).isOne();
			assertThat(ledger.measuresOfProblem(ledger.problem(problem).id())).singleElement()
					.satisfies(m -> assertThat(m.text()).isEqualTo("完善制度"));
		}
	}

	// ---------------------------------------------------------------------------------------------------------
	// Headers on pages and downloads; evidence file names

	@Test
	void pagesCarryTheSecurityHeaders() {
		var page = send("GET", "/pages/dashboard.html", "office", null, null);
		assertThat(page.status()).isEqualTo(200);
		assertThat(header(page, "Content-Security-Policy")).contains("default-src 'self'").contains("frame-ancestors 'none'");
		assertThat(header(page, "X-Frame-Options")).isEqualTo("DENY");
		assertThat(header(page, "X-Content-Type-Options")).isEqualTo("nosniff");
		// the page really runs under that policy: no inline script or style, nothing from elsewhere
		assertThat(page.body()).doesNotContain("<script>").doesNotContain("style=").doesNotContain("http://")
				.doesNotContain("https://");
	}

	@Test
	void downloadsAndErrorsCarryTheSecurityHeaders() {
		var xlsx = send("GET", "/api/rounds/" + ROUND + "/ledger.xlsx", "office", null, null);
		assertThat(xlsx.status()).isEqualTo(200);
		assertApiHeaders(xlsx);
		var anonymous = send("GET", "/api/rounds", null, null, null);
		assertThat(anonymous.status()).isEqualTo(401);
		assertApiHeaders(anonymous);
	}

	@Test
	void evidenceFileNameIsCleanedWhenStoredAndServed() {
		String measure = ROUND + "-P5-M2";
		walk().complete(measure, "Task_ExecuteMeasure", "staff-hr",
				Map.of("progressNote", "已完成，申请销号", "executionAction", "requestClosure"));
		String hostile = "..\\../etc/\"evil\u202Etxt.exe\"\r\nX-Injected: 1";
		walk().complete(measure, "Task_SubmitEvidence", "staff-hr", Map.of("closureSummary", "制度已印发",
				"evidenceFile", Variables.fileValue(hostile).file("佐证".getBytes(UTF_8)).mimeType("text/html;x=\"y\"").create()));
		long id = jdbc.queryForObject("select max(e.id) from rect_evidence e join rect_measure m on m.id = e.measure_id "
				+ "where m.measure_key = ?", Long.class, measure);
		String stored = jdbc.queryForObject("select file_name from rect_evidence where id = ?", String.class, id);
		assertThat(stored).doesNotContain("/").doesNotContain("\\").doesNotContain("\"").doesNotContain("\r")
				.doesNotContain("\n").doesNotContain("\u202E").doesNotContain("..").endsWith("X-Injected 1");

		var download = send("GET", "/api/evidence/" + id, "office", null, null);
		assertThat(download.status()).isEqualTo(200);
		assertApiHeaders(download);
		String disposition = header(download, "Content-Disposition");
		assertThat(disposition).startsWith("attachment;");
		assertThat(download.headers().map()).doesNotContainKey("X-Injected");
		assertThat(header(download, "Content-Type")).isEqualTo("text/html");
	}

	// ---------------------------------------------------------------------------------------------------------
	// Races and models: 4xx from the engine's REST API

	/**
	 * People complete the same task at the same moment: one wins, the others are told so (409) or find the task gone
	 * (404) — never a 500. Whether the requests really overlap depends on the scheduler, so several tasks are tried.
	 */
	@Test
	void concurrentCompletionsOfOneTaskLoseWithoutA500() throws Exception {
		String measure = ROUND + "-P2-M2";
		List<Integer> losers = new ArrayList<>();
		for (int attempt = 0; attempt < 10 && !losers.contains(409); attempt++) {
			Task task = walk().task(measure, "Task_ExecuteMeasure");
			if (task.getAssignee() == null) {
				assertThat(send("POST", "/engine-rest/task/" + task.getId() + "/claim", "staff-eng", "application/json",
						"{\"userId\":\"staff-eng\"}".getBytes(UTF_8)).status()).isEqualTo(204);
			}
			byte[] body = HttpAttacks.variables("progressNote", "并发办理 " + attempt, "executionAction", "report")
					.getBytes(UTF_8);
			var start = new CountDownLatch(1);
			List<CompletableFuture<Reply>> replies = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				replies.add(CompletableFuture.supplyAsync(() -> {
					try {
						start.await();
					}
					catch (InterruptedException e) {
						Thread.currentThread().interrupt();
					}
					return send("POST", "/engine-rest/task/" + task.getId() + "/complete", "staff-eng", "application/json",
							body);
				}));
			}
			start.countDown();
			List<Reply> done = replies.stream().map(CompletableFuture::join).toList();
			assertThat(done).extracting(Reply::status).as("one completion wins").containsOnlyOnce(204);
			for (Reply loser : done.stream().filter(r -> r.status() != 204).toList()) {
				assertThat(loser.status()).as(loser.body()).isIn(404, 409);
				assertThat(loser.json().path("message").asText()).isNotBlank();
				assertNoStackFrames(loser);
				if (loser.status() == 409) {
					assertThat(loser.json().path("type").asText()).isEqualTo("OptimisticLockingException");
					assertThat(loser.json().path("message").asText()).contains("conflict");
				}
				losers.add(loser.status());
			}
		}
		assertThat(losers).isNotEmpty();
	}

	@Test
	void xxeModelDeployedByAnAdministratorIsA400() {
		String name = "xxe-" + shortId();
		String bpmn = """
				<?xml version="1.0" encoding="UTF-8"?>
				<!DOCTYPE definitions [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
				<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="x">
				  <process id="xxeProcess" name="&xxe;" isExecutable="true"><startEvent id="Start"/></process>
				</definitions>
				""";
		var reply = deploy(name, bpmn);
		assertThat(reply.status()).as(reply.body()).isEqualTo(400);
		assertThat(reply.json().path("message").asText()).isNotBlank();
		assertThat(reply.body()).doesNotContain("root:");
		assertNoStackFrames(reply);
		assertThat(repository.createDeploymentQuery().deploymentName(name).count()).isZero();
		assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("xxeProcess").count()).isZero();
	}

	@Test
	void malformedModelIsA400() {
		String name = "broken-" + shortId();
		var reply = deploy(name, "<?xml version=\"1.0\"?><definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"><process");
		assertThat(reply.status()).as(reply.body()).isEqualTo(400);
		assertThat(reply.json().path("type").asText()).isNotBlank();
		assertNoStackFrames(reply);
		assertThat(repository.createDeploymentQuery().deploymentName(name).count()).isZero();
	}

	// ---------------------------------------------------------------------------------------------------------
	// Helpers

	/** A reply read off a socket: status and body, for requests HttpClient will not send. */
	record RawReply(int status, Map<String, String> headers, String body) {
	}

	interface BodyWriter {
		void write(OutputStream out) throws IOException;
	}

	static String header(Reply reply, String name) {
		return reply.headers().firstValue(name).orElse(null);
	}

	Walk walk() {
		return new Walk(tasks, identity);
	}

	void assertRefused(ObjectNode round, String path, String expected) {
		int rounds = ledger.rounds().size();
		String key = round.path("key").asText();
		var reply = send("POST", "/api/rounds", "office", "application/json", round.toString().getBytes(UTF_8));
		assertThat(reply.status()).as(reply.body().length() > 500 ? reply.body().substring(0, 500) : reply.body())
				.isEqualTo(400);
		assertThat(header(reply, "Content-Type")).startsWith("application/json");
		assertThat(reply.json().path("message").asText()).startsWith(path + ":").contains(expected);
		// the refusal does not repeat the attacker's megabyte
		assertThat(reply.body().length()).isLessThan(2000);
		assertNoStackTrace(reply);
		assertThat(ledger.rounds()).hasSize(rounds);
		assertThat(ledger.roundExists(key)).isFalse();
	}

	static ObjectNode round(String key) {
		try {
			return (ObjectNode) JSON.readTree(HttpAttacks.round(key, "巡察整改", "完善制度"));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static ObjectNode firstProblem(ObjectNode round) {
		return (ObjectNode) round.path("categories").path(0).path("problems").path(0);
	}

	static ObjectNode firstMeasure(ObjectNode round) {
		return (ObjectNode) firstProblem(round).path("measures").path(0);
	}

	static void assertTooLarge(String body, long limit) {
		assertThat(body).contains("\"status\":413").contains("Payload Too Large")
				.contains("request body too large: limit " + limit + " bytes");
	}

	static void assertApiHeaders(Reply reply) {
		assertThat(header(reply, "Content-Security-Policy")).contains("default-src 'none'");
		assertThat(header(reply, "X-Frame-Options")).isIn("DENY", "SAMEORIGIN");
		assertThat(header(reply, "X-Content-Type-Options")).isEqualTo("nosniff");
	}

	Reply deploy(String name, String bpmn) {
		String boundary = "----input-attack-" + shortId();
		return send("POST", "/engine-rest/deployment/create", "admin", "multipart/form-data; boundary=" + boundary,
				multipart(boundary, name, bpmn.getBytes(UTF_8)));
	}

	Reply send(String method, String path, String user, String contentType, byte[] body) {
		return send(http11, method, path, user, contentType, body);
	}

	/** A chunked body (no Content-Length) that opens with {@code prefix} and goes on with 'a' up to {@code size}. */
	RawReply chunked(String path, String user, String prefix, long size) throws IOException {
		String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + basic(user, PASSWORD)
				+ "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
		return raw(head, out -> {
			byte[] start = prefix.getBytes(UTF_8);
			writeChunk(out, start, start.length);
			byte[] chunk = "a".repeat(8192).getBytes(UTF_8);
			for (long sent = start.length; sent < size; sent += chunk.length) {
				writeChunk(out, chunk, chunk.length);
			}
			out.write("0\r\n\r\n".getBytes(ISO_8859_1));
		});
	}

	private static void writeChunk(OutputStream out, byte[] bytes, int length) throws IOException {
		out.write((Integer.toHexString(length) + "\r\n").getBytes(ISO_8859_1));
		out.write(bytes, 0, length);
		out.write("\r\n".getBytes(ISO_8859_1));
	}

	/** Writes the request head and body on a socket of its own and reads one reply (its body by Content-Length). */
	RawReply raw(String head, BodyWriter body) throws IOException {
		try (var socket = new Socket("localhost", port)) {
			socket.setSoTimeout(60_000);
			OutputStream out = socket.getOutputStream();
			out.write(head.getBytes(UTF_8));
			try {
				body.write(out);
				out.flush();
			}
			catch (IOException closedEarly) {
				// the server may answer and stop reading before the whole body is sent; its answer is read below
			}
			InputStream in = socket.getInputStream();
			String statusLine = line(in);
			Map<String, String> headers = new LinkedHashMap<>();
			for (String line = line(in); !line.isEmpty(); line = line(in)) {
				int colon = line.indexOf(':');
				headers.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
			}
			int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
			String replyBody = new String(in.readNBytes(length), UTF_8);
			return new RawReply(Integer.parseInt(statusLine.split(" ")[1]), headers, replyBody);
		}
	}

	private static String line(InputStream in) throws IOException {
		var line = new ByteArrayOutputStream();
		for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(ISO_8859_1);
	}
}
