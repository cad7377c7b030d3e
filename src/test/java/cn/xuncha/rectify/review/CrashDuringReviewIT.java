package cn.xuncha.rectify.review;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Crash safety (issue 9, item 5): the packaged application, started as production starts it ({@code java -jar}) on
 * an embedded PostgreSQL, is killed with {@code kill -9} in the middle of a half-monthly review of 10,000 overdue
 * measures — some of its chunk jobs applied, one running, the rest waiting — while the office's import of another
 * round is in flight. Started again with the same command on the same database, it finishes the review by itself,
 * and the database shows:
 * <ul>
 * <li>the review complete: every planned action applied once, its confirmation task waiting for the office;</li>
 * <li>each escalation once: no (measure, level) opened twice, one 督办 or 谈话 process per escalation that has one;</li>
 * <li>the audit chain sealed and {@code /api/audit/verify} ok (chain and ledger rows);</li>
 * <li>no round half-written: each review holds a verdict for every measure it evaluated, and the round whose import
 * was cut off is either absent or whole.</li>
 * </ul>
 * An integration test (failsafe, after {@code package}), as it needs the jar; about two minutes.
 */
class CrashDuringReviewIT {

	private static final Logger log = LoggerFactory.getLogger(CrashDuringReviewIT.class);

	private static final ObjectMapper JSON = new ObjectMapper();
	/** Two rounds at the import's limits (500 problems, 5,000 measures each). */
	private static final int ROUNDS = 2;
	private static final int PROBLEMS_PER_ROUND = 500;
	private static final int MEASURES_PER_PROBLEM = 10;
	private static final int MEASURES = ROUNDS * PROBLEMS_PER_ROUND * MEASURES_PER_PROBLEM;
	private static final String[][] DEPARTMENTS = { { "dept-law", "staff-law", "leader2" },
			{ "dept-hr", "staff-hr", "leader2" }, { "dept-river", "staff-river", "leader1" },
			{ "dept-finance", "staff-finance", "leader1" }, { "dept-eng", "staff-eng", "leader2" },
			{ "dept-maint", "staff-maint", "leader1" } };
	private static final Duration PATIENCE = Duration.ofMinutes(5);

	static EmbeddedPostgres postgres;
	static JdbcClient db;
	static Path work;
	static Node node;
	static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10)).build();

	@BeforeAll
	static void startPostgres() throws IOException {
		postgres = EmbeddedPostgres.builder().setRegisterShutdownHook(false).setServerConfig("fsync", "off")
				.setServerConfig("full_page_writes", "off").start();
		db = JdbcClient.create(postgres.getPostgresDatabase());
		work = Files.createDirectories(Path.of("target", "crash-test"));
	}

	@AfterAll
	static void stop() throws Exception {
		try {
			if (node != null) {
				node.kill();
			}
		}
		finally {
			if (postgres != null) {
				postgres.close();
			}
		}
	}

	@Test
	void aNodeKilledMidReviewFinishesItAfterRestartWithNothingLostOrDoubled() throws Exception {
		node = Node.start(1);
		List<String> rounds = new ArrayList<>();
		for (int r = 1; r <= ROUNDS; r++) {
			String key = "CRASH-" + r;
			node.expect(node.post("office", "/api/rounds", round(key)), 201);
			rounds.add(key);
		}

		// The office starts the review: the verdicts of 10,000 measures are stored, the actions wait in chunk jobs.
		var started = node.post("office", "/api/reviews", new byte[0]);
		node.expect(started, 202);
		JsonNode progress = JSON.readTree(started.body()).path("progress");
		long reviewId = JSON.readTree(started.body()).path("id").asLong();
		int planned = progress.path("actionsPlanned").asInt();
		int chunks = progress.path("chunks").asInt();
		log.info("Review {}: {} actions planned in {} chunks", reviewId, planned, chunks);
		assertThat(db.sql("select count(*) from rect_review_action where review_id = ? and measure_key like 'CRASH-%'")
				.param(reviewId).query(Integer.class).single()).as("every measure is overdue: one action each")
				.isEqualTo(MEASURES);
		assertThat(chunks).isGreaterThanOrEqualTo(10);

		waitUntil("a chunk is applied", () -> applied(reviewId) > 0);
		// Another round's import in flight, cut off by the kill wherever it is.
		var importing = CompletableFuture.supplyAsync(() -> node.tryPost("office", "/api/rounds", round("CRASH-CUT")));
		Thread.sleep(500);
		node.kill();
		int appliedAtKill = applied(reviewId);
		log.info("kill -9 after {} of {} actions; the cut-off import answered: {}", appliedAtKill, planned,
				importing.get(30, TimeUnit.SECONDS));
		assertThat(appliedAtKill).as("killed mid-review").isLessThan(planned);
		log.info("chunk jobs left at the kill: {}, of which locked by the dead node: {}", chunkJobsLeft(),
				db.sql("select count(*) from act_ru_job where lock_owner_ is not null").query(Long.class).single());

		// The same command on the same database.
		long restart = System.nanoTime();
		node = Node.start(2);
		waitUntil("the restarted node finished the review", () -> applied(reviewId) == planned && chunkJobsLeft() == 0);
		log.info("restarted and finished the review in {} s", (System.nanoTime() - restart) / 1_000_000_000);

		var review = JSON.readTree(node.expect(node.get("office", "/api/reviews/" + reviewId), 200).body());
		assertThat(review.path("progress").path("state").asText()).isEqualTo("DONE");
		assertThat(review.path("progress").path("actionsApplied").asInt()).isEqualTo(planned);
		assertThat(db.sql("select count(*) from rect_review_action where review_id = ? and status <> 'APPLIED'")
				.param(reviewId).query(Long.class).single()).as("nothing skipped or left pending").isZero();
		String instance = db.sql("select distinct proc_inst_id_ from act_ru_variable where name_ = 'reviewId' and long_ = ?")
				.param(reviewId).query(String.class).single();
		var confirm = JSON.readTree(node.expect(node.get("office",
				"/engine-rest/task?processInstanceId=" + instance + "&taskDefinitionKey=Task_ConfirmReview"), 200).body());
		assertThat(confirm).as("the review process went on to the office's confirmation").hasSize(1);

		// Each escalation once.
		assertThat(db.sql("""
				select count(*) from rect_escalation e join rect_measure m on m.id = e.measure_id
				where e.review_id = ? and m.measure_key like 'CRASH-%'""").param(reviewId).query(Long.class).single())
				.as("one escalation per planned action").isEqualTo((long) MEASURES);
		assertThat(db.sql("""
				select measure_id || ':' || level from rect_escalation group by measure_id, level having count(*) > 1""")
				.query(String.class).list()).as("no level of a measure opened twice").isEmpty();
		assertThat(db.sql("""
				select count(*) from act_hi_procinst p where p.proc_def_key_ in ('supervisedMatter', 'talkReminder')
				and not exists (select 1 from rect_escalation e where e.process_instance_id = p.id_)""")
				.query(Long.class).single()).as("no 督办 or 谈话 process without its escalation").isZero();
		assertThat(db.sql("""
				select count(*) from rect_escalation e where e.level in ('SUPERVISE', 'TALK')
				and not exists (select 1 from act_hi_procinst p where p.id_ = e.process_instance_id)""")
				.query(Long.class).single()).as("no 督办 or 谈话 escalation without its process").isZero();

		// No round half-written.
		assertThat(db.sql("""
				select r.id from rect_review r
				where r.measures_evaluated <> (select count(*) from rect_review_item i where i.review_id = r.id)""")
				.query(Long.class).list()).as("every review holds a verdict for each measure it evaluated").isEmpty();
		for (String key : rounds) {
			assertThat(measuresOf(key)).as(key).isEqualTo(PROBLEMS_PER_ROUND * MEASURES_PER_PROBLEM);
		}
		long cut = measuresOf("CRASH-CUT");
		log.info("The import cut off by the kill left {} measures", cut);
		assertThat(cut).as("the cut-off round is absent or whole").isIn(0L, (long) PROBLEMS_PER_ROUND * MEASURES_PER_PROBLEM);
		if (cut > 0) {
			assertThat(db.sql("select count(*) from act_ru_execution where business_key_ = 'CRASH-CUT'")
					.query(Long.class).single()).as("a whole round has its process").isPositive();
		}

		// The audit chain: everything sealed, the chain and the ledger check out.
		waitUntil("the seal caught up", () -> node.unsealed() == 0);
		var verify = JSON.readTree(node.expect(node.get("inspector", "/api/audit/verify"), 200).body());
		assertThat(verify.path("ok").asBoolean()).as(verify.toString()).isTrue();
		log.info("verify after restart: {} records, ok", verify.path("records").asLong());
	}

	private static long measuresOf(String round) {
		return db.sql("select count(*) from rect_measure where measure_key like ?").param(round + "-P%")
				.query(Long.class).single();
	}

	private static int applied(long reviewId) {
		return db.sql("select count(*) from rect_review_action where review_id = ? and status <> 'PENDING'")
				.param(reviewId).query(Integer.class).single();
	}

	private static long chunkJobsLeft() {
		return db.sql("""
				select count(*) from act_ru_job j join act_ru_jobdef d on d.id_ = j.job_def_id_
				where d.act_id_ = 'Task_ApplyActions'""").query(Long.class).single();
	}

	/** A round at the import's limits whose measures are all past their deadline (1 to 40 days), none planned yet. */
	private static byte[] round(String key) {
		LocalDate today = LocalDate.now();
		ObjectNode round = JSON.createObjectNode().put("key", key).put("title", "崩溃恢复测试 " + key)
				.put("unit", "测试单位").put("inspectionTeam", "测试巡察组")
				.put("feedbackDate", today.minusDays(60).toString());
		ArrayNode categories = round.putArray("categories");
		ArrayNode problems = null;
		for (int p = 1; p <= PROBLEMS_PER_ROUND; p++) {
			if ((p - 1) % 50 == 0) {
				problems = categories.addObject().put("title", "问题类别 " + ((p - 1) / 50 + 1)).putArray("problems");
			}
			String[] d = DEPARTMENTS[(p - 1) % DEPARTMENTS.length];
			ArrayNode measures = problems.addObject().put("title", "问题 " + p + "：台账管理不规范")
					.put("department", d[0]).put("leadLeader", d[2]).putArray("measures");
			for (int m = 1; m <= MEASURES_PER_PROBLEM; m++) {
				measures.addObject().put("text", "措施 " + m + "：建立并落实第 " + p + " 项台账核查制度")
						.put("responsiblePerson", d[1]).put("deadline", today.minusDays(1 + (p + m) % 40).toString())
						.put("type", "FIXED");
			}
		}
		try {
			return JSON.writeValueAsBytes(round);
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

	private static void waitUntil(String what, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + PATIENCE.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("waited %s for: %s", PATIENCE, what).isLessThan(deadline);
			Thread.sleep(100);
		}
	}

	record Reply(int status, String body) {
	}

	/** One run of the packaged application, its output in target/crash-test/node-N.log. */
	record Node(Process process, String base, Path logFile) {

		static Node start(int run) throws Exception {
			Path jar;
			try (var files = Files.list(Path.of("target"))) {
				jar = files.filter(f -> f.getFileName().toString().matches("rectification-.*\\.jar")).findFirst()
						.orElseThrow(() -> new IllegalStateException("no application jar in target/: run mvn verify"));
			}
			int port;
			try (var socket = new ServerSocket(0)) {
				port = socket.getLocalPort();
			}
			Path logFile = work.resolve("node-" + run + ".log");
			String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
			// The same command each time: only the port differs.
			var process = new ProcessBuilder(java, "-Xmx512m", "-XX:+UseSerialGC", "-Duser.timezone=Asia/Shanghai",
					"-jar", jar.toString(), "--server.port=" + port,
					"--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
					"--spring.datasource.username=postgres", "--spring.datasource.password=postgres",
					"--rectify.data-dir=" + work.resolve("data").toAbsolutePath(),
					"--rectify.audit.key=dGVzdC1vbmx5IGF1ZGl0IGNoYWluIGtleSAzMmJ5dGU=",
					"--camunda.bpm.generic-properties.properties.hostname=crash-node",
					// a dead node's job locks expire after this; production's is 5 minutes (application-prod.yaml)
					"--camunda.bpm.job-execution.lock-time-in-millis=10000",
					"--logging.level.root=WARN", "--logging.level.cn.xuncha=INFO")
					.redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
			var node = new Node(process, "http://localhost:" + port, logFile);
			long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
			while (node.tryGet("office", "/api/rounds") != 200) {
				if (!process.isAlive() || System.nanoTime() > deadline) {
					throw new IllegalStateException("node " + run + " did not start; see " + logFile);
				}
				Thread.sleep(250);
			}
			log.info("node {} (pid {}) ready on port {}", run, process.pid(), port);
			return node;
		}

		/** {@code kill -9}: no shutdown hook, no rollback but the database's own. */
		void kill() throws Exception {
			if (process.isAlive()) {
				new ProcessBuilder("kill", "-9", Long.toString(process.pid())).inheritIO().start().waitFor();
				assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
			}
		}

		long unsealed() {
			var scrape = get("admin", "/actuator/prometheus").body();
			var m = Pattern.compile("(?m)^rectify_audit_unsealed_records\\S* (\\S+)$").matcher(scrape);
			return m.find() ? (long) Double.parseDouble(m.group(1)) : Long.MAX_VALUE;
		}

		Reply get(String user, String path) {
			return send(user, HttpRequest.newBuilder(URI.create(base + path)).GET());
		}

		Reply post(String user, String path, byte[] body) {
			return send(user, HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofByteArray(body)));
		}

		int tryGet(String user, String path) {
			try {
				return get(user, path).status();
			}
			catch (IllegalStateException e) {
				return -1;
			}
		}

		String tryPost(String user, String path, byte[] body) {
			try {
				return "HTTP " + post(user, path, body).status();
			}
			catch (IllegalStateException e) {
				return "no answer (" + e.getCause().getClass().getSimpleName() + ")";
			}
		}

		Reply expect(Reply reply, int status) {
			assertThat(reply.status()).as(reply.body().substring(0, Math.min(400, reply.body().length())))
					.isEqualTo(status);
			return reply;
		}

		private Reply send(String user, HttpRequest.Builder request) {
			request.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(UTF_8)))
					.timeout(Duration.ofMinutes(2));
			try {
				var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(UTF_8));
				return new Reply(response.statusCode(), response.body());
			}
			catch (IOException e) {
				throw new IllegalStateException(e);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(e);
			}
		}
	}
}
