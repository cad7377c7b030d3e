package cn.xuncha.rectify.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The province-scale benchmark (issue 9), driven as the users would: synthetic rounds of S (1k), M (10k) or L (100k)
 * measures are imported through {@code POST /api/rounds}, the office registers the feedback, departments draft and
 * leaders approve plans through the engine REST API with the forms' fields, then the office runs the half-monthly
 * review twice, and the reads people make are timed: Tasklist filters, ledger, Excel, audit timelines, the chain
 * check, a notice. A bare Camunda engine is measured in the same run ({@link BareEngineBaseline}); the figures go to
 * docs/benchmarks.md. Run with {@code bench/run.sh S|M|L}, which starts the application itself.
 *
 * <p>Seven in ten problems go through planning (their measures are then in execution, due in the coming weeks);
 * three in ten are left as imported, their deadlines passed by 1–40 days, so that the review finds overdue measures
 * to climb the ladder for, as in a real office.
 */
public final class LoadBenchmark {

	static final ObjectMapper JSON = new ObjectMapper();
	static final String[] DEPARTMENTS = { "dept-law", "dept-finance", "dept-eng", "dept-hr", "dept-river", "dept-maint" };
	static final Map<String, String> STAFF = Map.of("dept-law", "staff-law", "dept-finance", "staff-finance", "dept-eng",
			"staff-eng", "dept-hr", "staff-hr", "dept-river", "staff-river", "dept-maint", "staff-maint");
	static final String[] LEADERS = { "leader1", "leader2" };
	static final int MEASURES_PER_PROBLEM = 10;
	static final int PROBLEMS_PER_ROUND = 500;

	final String base;
	final long pid;
	final Path dataDir;
	final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10)).build();
	final Map<String, Object> figures = new LinkedHashMap<>();
	final RssSampler rss;

	LoadBenchmark(String base, long pid, Path dataDir) {
		this.base = base;
		this.pid = pid;
		this.dataDir = dataDir;
		this.rss = new RssSampler(pid);
	}

	public static void main(String[] args) throws Exception {
		String size = args.length > 0 ? args[0] : "S";
		int measures = switch (size) {
			case "S" -> 1_000;
			case "M" -> 10_000;
			case "L" -> 100_000;
			default -> throw new IllegalArgumentException("size S, M or L, got " + size);
		};
		var bench = new LoadBenchmark(args[1], Long.parseLong(args[2]), Path.of(args[3]));
		bench.rss.start();
		var baseline = BareEngineBaseline.measure(Path.of(args[3]).resolveSibling("bare-engine"), 2_000);
		// The section is written after every figure, marked incomplete until the end: a long run stopped halfway
		// still leaves what it measured.
		String db = System.getProperty("bench.db", "h2");
		bench.report = complete -> new Report(size, db, measures, bench.figures, baseline, complete)
				.write(Path.of(args.length > 4 ? args[4] : "docs/benchmarks.md"));
		bench.run(size, measures);
		bench.rss.stop();
		bench.figures.put("rssPeakMb", bench.rss.peakMb());
		bench.figures.put("dbSizeMb", Math.round(sizeOf(bench.dataDir) / 1024.0 / 1024.0));
		bench.report.write(true);
		System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(bench.figures));
	}

	interface ReportWriter {
		void write(boolean complete) throws IOException;
	}

	ReportWriter report;

	/** Keeps a figure for the report and shows it at once: an L run takes a while. */
	void figure(String name, Object value) throws IOException {
		figures.put(name, value);
		System.out.printf("bench %tT %s = %s%n", System.currentTimeMillis(), name, value);
		if (report != null) {
			figures.put("rssPeakMb", rss.peakMb());
			report.write(false);
		}
	}

	void run(String size, int measures) throws Exception {
		int problems = measures / MEASURES_PER_PROBLEM;
		int rounds = Math.max(1, (problems + PROBLEMS_PER_ROUND - 1) / PROBLEMS_PER_ROUND);
		List<String> keys = new ArrayList<>();
		long importNanos = 0;
		for (int r = 0; r < rounds; r++) {
			int inRound = Math.min(PROBLEMS_PER_ROUND, problems - r * PROBLEMS_PER_ROUND);
			String key = "BENCH-" + size + "-" + (System.currentTimeMillis() % 100000) + "-" + r;
			byte[] body = JSON.writeValueAsBytes(round(key, inRound));
			long t = System.nanoTime();
			var created = post("office", "/api/rounds", "application/json", body);
			importNanos += System.nanoTime() - t;
			expect(created, 201);
			keys.add(key);
		}
		figure("rounds", rounds);
		figure("measures", measures);
		figure("importMeasuresPerSecond", rate(measures, importNanos));

		// The office registers each round's feedback: every problem's process starts.
		long t = System.nanoTime();
		for (String key : keys) {
			String task = singleTask("office", "processInstanceBusinessKey=" + key + "&taskDefinitionKey=Task_RegisterFeedback");
			expect(post("office", "/engine-rest/task/" + task + "/claim", "application/json",
					"{\"userId\":\"office\"}".getBytes(UTF_8)), 204);
			expect(post("office", "/engine-rest/task/" + task + "/submit-form", "application/json",
					"{\"variables\":{}}".getBytes(UTF_8)), 204);
		}
		figure("problemProcessesStartedPerSecond", rate(problems, System.nanoTime() - t));

		// Departments draft, leaders approve: seven in ten problems go into execution.
		AtomicLong measureStarts = new AtomicLong();
		AtomicLong approvalNanos = new AtomicLong();
		ExecutorService pool = Executors.newFixedThreadPool(4);
		List<Future<?>> work = new ArrayList<>();
		for (String key : keys) {
			int inRound = (int) Math.min(PROBLEMS_PER_ROUND, problems - (long) keys.indexOf(key) * PROBLEMS_PER_ROUND);
			for (int p = 1; p <= inRound; p++) {
				if (p % 10 >= 7) {
					continue; // left as imported: overdue and unplanned
				}
				String problem = key + "-P" + p;
				String department = DEPARTMENTS[(p - 1) % DEPARTMENTS.length];
				String leader = LEADERS[(p - 1) % LEADERS.length];
				work.add(pool.submit(() -> {
					plan(problem, department, leader, approvalNanos);
					if (measureStarts.addAndGet(MEASURES_PER_PROBLEM) % 5_000 == 0) {
						System.out.printf("bench %tT plans approved: %d measures started%n", System.currentTimeMillis(),
								measureStarts.get());
					}
					return null;
				}));
			}
		}
		long drive = System.nanoTime();
		for (Future<?> f : work) {
			f.get();
		}
		pool.shutdown();
		figure("planDriveSeconds", seconds(System.nanoTime() - drive));
		figure("measureProcessesStartedPerSecond", rate(measureStarts.get(), approvalNanos.get() / 4));

		// The seal's lag: how long after the drive until every audit record is in the chain.
		figure("sealLagSeconds", seconds(time(() -> awaitUnsealed(0))));

		// The half-monthly review, first and again, each until its last chunk of actions is applied.
		figure("reviewFirstSeconds", seconds(time(this::reviewUntilDone)));
		figure("reviewRepeatedSeconds", seconds(time(this::reviewUntilDone)));

		// Reads, as people make them.
		String deptFilter = filterId("本科室待办");
		String mine = filterId("我的待办");
		String overdue = filterId("已逾期");
		percentiles("filterDeptListMs", 40, () -> expect(post("staff-eng", "/engine-rest/filter/" + deptFilter
				+ "/list?firstResult=0&maxResults=15", "application/json", "{}".getBytes(UTF_8)), 200));
		percentiles("filterDeptCountMs", 40, () -> expect(get("staff-eng", "/engine-rest/filter/" + deptFilter + "/count"), 200));
		percentiles("filterMineListMs", 40, () -> expect(post("staff-eng", "/engine-rest/filter/" + mine
				+ "/list?firstResult=0&maxResults=15", "application/json", "{}".getBytes(UTF_8)), 200));
		percentiles("filterOverdueListMs", 40, () -> expect(post("office", "/engine-rest/filter/" + overdue
				+ "/list?firstResult=0&maxResults=15", "application/json", "{}".getBytes(UTF_8)), 200));
		percentiles("filterOverdueCountMs", 40, () -> expect(get("office", "/engine-rest/filter/" + overdue + "/count"), 200));
		String round = keys.get(0);
		figure("ledgerJsonMs", millis(time(() -> expect(get("office", "/api/rounds/" + round + "/ledger"), 200))));
		figure("ledgerXlsxMs", millis(time(() -> expect(get("office", "/api/rounds/" + round + "/ledger.xlsx"), 200))));
		percentiles("auditMeasureMs", 20, () -> expect(get("inspector", "/api/audit/" + round + "-P1-M1"), 200));
		percentiles("auditProblemMs", 10, () -> expect(get("inspector", "/api/audit/" + round + "-P1"), 200));
		figure("auditRoundMs", millis(time(() -> expect(get("inspector", "/api/audit/" + round), 200))));
		Reply[] verified = new Reply[1];
		figure("auditVerifyMs", millis(time(() -> expect(verified[0] = get("inspector", "/api/audit/verify"), 200))));
		// A fast answer is worth nothing if it is wrong: after a clean drive the chain and the ledger must agree.
		var verdict = JSON.readTree(verified[0].body);
		figure("auditVerifyResult", verdict.path("ok").asBoolean() ? "ok"
				: "NOT ok: " + verdict.path("ledgerMismatchCount").asLong() + " ledger mismatches, first broken "
						+ verdict.path("firstBroken"));
		figure("noticeMs", millis(time(() -> expect(post("office", "/api/rounds/" + round + "/notices",
				"application/json", new byte[0]), 201))));
	}

	/** A round of n problems, ten measures each; deadlines of the unplanned three in ten already passed. */
	static ObjectNode round(String key, int problems) {
		LocalDate today = LocalDate.now();
		ObjectNode round = JSON.createObjectNode().put("key", key).put("title", "基准测试巡察整改 " + key)
				.put("unit", "基准测试单位").put("inspectionTeam", "基准测试巡察组")
				.put("feedbackDate", today.minusDays(60).toString())
				// as before the secretary's sign-off existed: a leader's approval starts the problem's measures, and the
				// unplanned problems left waiting do not hold back the others (the figures stay comparable)
				.put("planSignOff", false);
		ArrayNode categories = round.putArray("categories");
		ArrayNode list = null;
		for (int p = 1; p <= problems; p++) {
			if ((p - 1) % 50 == 0) {
				list = categories.addObject().put("title", "问题类别 " + ((p - 1) / 50 + 1)).putArray("problems");
			}
			String department = DEPARTMENTS[(p - 1) % DEPARTMENTS.length];
			ObjectNode problem = list.addObject().put("title", "问题 " + p + "：台账管理不规范")
					.put("department", department).put("leadLeader", LEADERS[(p - 1) % LEADERS.length]);
			ArrayNode measures = problem.putArray("measures");
			boolean planned = p % 10 < 7;
			for (int m = 1; m <= MEASURES_PER_PROBLEM; m++) {
				LocalDate deadline = planned ? today.plusDays(3 + (p * 7 + m) % 60) : today.minusDays(1 + (p + m) % 40);
				measures.addObject().put("text", "措施 " + m + "：建立并落实第 " + p + " 项台账核查制度")
						.put("responsiblePerson", STAFF.get(department)).put("deadline", deadline.toString())
						.put("type", m == MEASURES_PER_PROBLEM ? "LONG_TERM" : "FIXED");
			}
		}
		return round;
	}

	/** The department drafts the plan with the measures as imported, the lead leader approves it. */
	void plan(String problem, String department, String leader, AtomicLong approvalNanos) throws IOException {
		String staff = STAFF.get(department);
		String draft = singleTask(staff, "processInstanceBusinessKey=" + problem + "&taskDefinitionKey=Task_DraftPlan");
		expect(post(staff, "/engine-rest/task/" + draft + "/claim", "application/json",
				("{\"userId\":\"" + staff + "\"}").getBytes(UTF_8)), 204);
		var measures = get(staff, "/engine-rest/task/" + draft + "/variables/measures?deserializeValue=false");
		expect(measures, 200);
		ObjectNode submit = JSON.createObjectNode();
		submit.putObject("variables").putObject("measures").put("type", "Json")
				.put("value", JSON.readTree(measures.body).path("value").asText());
		expect(post(staff, "/engine-rest/task/" + draft + "/submit-form", "application/json", JSON.writeValueAsBytes(submit)), 204);
		String review = singleTask(leader, "processInstanceBusinessKey=" + problem + "&taskDefinitionKey=Task_ReviewPlan");
		long t = System.nanoTime();
		expect(post(leader, "/engine-rest/task/" + review + "/submit-form", "application/json",
				"{\"variables\":{\"planDecision\":{\"value\":\"approve\"},\"planComment\":{\"value\":\"同意\"}}}".getBytes(UTF_8)), 204);
		approvalNanos.addAndGet(System.nanoTime() - t);
	}

	String singleTask(String user, String query) throws IOException {
		var reply = get(user, "/engine-rest/task?" + query);
		expect(reply, 200);
		JsonNode tasks = JSON.readTree(reply.body);
		if (tasks.size() != 1) {
			throw new IllegalStateException("expected one task for " + query + " as " + user + ", got " + tasks.size());
		}
		return tasks.get(0).path("id").asText();
	}

	String filterId(String name) throws IOException {
		var reply = get("office", "/engine-rest/filter?name=" + URLEncoder.encode(name, UTF_8));
		expect(reply, 200);
		return JSON.readTree(reply.body).get(0).path("id").asText();
	}

	void percentiles(String name, int samples, Step step) throws Exception {
		step.run(); // warm
		List<Long> times = new ArrayList<>();
		for (int i = 0; i < samples; i++) {
			times.add(time(step));
		}
		times.sort(null);
		figure(name.replace("Ms", "P50Ms"), millis(times.get(times.size() / 2)));
		figure(name.replace("Ms", "P95Ms"), millis(times.get((int) Math.ceil(times.size() * 0.95) - 1)));
	}

	interface Step {
		void run() throws Exception;
	}

	static long time(Step step) throws Exception {
		long t = System.nanoTime();
		step.run();
		return System.nanoTime() - t;
	}

	/** Runs a review and waits until its progress says DONE (its chunk jobs applied). */
	void reviewUntilDone() throws Exception {
		Reply started = post("office", "/api/reviews", "application/json", new byte[0]);
		expect(started, 202);
		String id = JSON.readTree(started.body).path("id").asText();
		while (!"DONE".equals(JSON.readTree(get("office", "/api/reviews/" + id + "/progress").body).path("state")
				.asText())) {
			Thread.sleep(200);
		}
	}

	/** Waits until the Prometheus gauge of unsealed audit records is at most {@code most}. */
	void awaitUnsealed(int most) throws Exception {
		while (true) {
			String scrape = get("admin", "/actuator/prometheus").body;
			var m = java.util.regex.Pattern.compile("(?m)^rectify_audit_unsealed_records\\S* (\\S+)$").matcher(scrape);
			if (m.find() && Double.parseDouble(m.group(1)) <= most) {
				return;
			}
			Thread.sleep(500);
		}
	}

	record Reply(int status, String body) {
	}

	Reply get(String user, String path) throws IOException {
		return send(user, HttpRequest.newBuilder(URI.create(base + path)).GET());
	}

	Reply post(String user, String path, String contentType, byte[] body) throws IOException {
		return send(user, HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
				.POST(BodyPublishers.ofByteArray(body)));
	}

	Reply send(String user, HttpRequest.Builder request) throws IOException {
		request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(UTF_8)))
				.timeout(Duration.ofMinutes(30));
		try {
			var response = http.send(request.build(), BodyHandlers.ofString(UTF_8));
			return new Reply(response.statusCode(), response.body());
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IOException(e);
		}
	}

	static void expect(Reply reply, int... statuses) {
		for (int status : statuses) {
			if (reply.status == status) {
				return;
			}
		}
		throw new IllegalStateException("HTTP " + reply.status + ": " + reply.body.substring(0, Math.min(400, reply.body.length())));
	}

	static double rate(long count, long nanos) {
		return Math.round(count / (nanos / 1e9) * 10) / 10.0;
	}

	static double seconds(long nanos) {
		return Math.round(nanos / 1e8) / 10.0;
	}

	static long millis(long nanos) {
		return Math.round(nanos / 1e6);
	}

	static long sizeOf(Path dir) throws IOException {
		try (var files = Files.walk(dir)) {
			return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
		}
	}

	/** The application's resident memory, sampled every half second; the peak is what counts. */
	static final class RssSampler {
		private final Path status;
		private volatile boolean running;
		private volatile long peakKb;
		private Thread thread;

		RssSampler(long pid) {
			this.status = Path.of("/proc/" + pid + "/status");
		}

		void start() {
			running = true;
			thread = new Thread(() -> {
				while (running) {
					sample();
					try {
						Thread.sleep(500);
					}
					catch (InterruptedException e) {
						return;
					}
				}
			}, "rss-sampler");
			thread.setDaemon(true);
			thread.start();
		}

		private void sample() {
			try {
				for (String line : Files.readAllLines(status)) {
					if (line.startsWith("VmHWM:") || line.startsWith("VmRSS:")) {
						long kb = Long.parseLong(line.replaceAll("\\D", ""));
						peakKb = Math.max(peakKb, kb);
					}
				}
			}
			catch (IOException | NumberFormatException e) {
				// the process is gone; the peak so far stands
			}
		}

		void stop() {
			sample();
			running = false;
		}

		long peakMb() {
			return Math.round(peakKb / 1024.0);
		}
	}
}
