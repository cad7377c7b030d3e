package cn.xuncha.rectify.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import cn.xuncha.rectify.flow.Walk;
import cn.xuncha.rectify.ledger.RoundDraft;
import cn.xuncha.rectify.round.RoundService;
import cn.xuncha.rectify.system.Now;
import cn.xuncha.rectify.system.Privileged;

/**
 * One measure walked through a send-back, an escalation and its closure on the engine's clock; then its trail,
 * its dossier and the chain as inspectors, staff and strangers see them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditTrailTest {

	static final String HTML_NOTE = "<script>alert('x')</script><b>已完成河涌巡查台账</b>";
	static final String COMMENT = "<i>台账</i>缺少巡查记录";
	static final byte[] FIRST_EVIDENCE = "河涌巡查台账（初稿）".getBytes(StandardCharsets.UTF_8);
	static final byte[] SECOND_EVIDENCE = "河涌巡查台账（补充巡查记录）".getBytes(StandardCharsets.UTF_8);

	@Autowired
	TestRestTemplate rest;
	@Autowired
	RoundService rounds;
	@Autowired
	TaskService tasks;
	@Autowired
	RuntimeService runtime;
	@Autowired
	Privileged privileged;
	@Autowired
	IdentityService identity;
	@Autowired
	JdbcClient jdbc;
	@Autowired
	AuditSeal seal;
	@Autowired
	org.springframework.context.ApplicationEventPublisher events;
	@Autowired
	org.springframework.transaction.PlatformTransactionManager transactionManager;
	@Autowired
	com.fasterxml.jackson.databind.ObjectMapper json;

	String round;
	String problem;
	String measure;

	@BeforeAll
	void walkOneMeasureThroughSendBackEscalationAndClosure() {
		LocalDate start = Now.today();
		try {
			at(start, 9);
			round = "AUDIT-" + System.nanoTime() % 100000;
			problem = round + "-P1";
			measure = problem + "-M1";
			var draft = new RoundDraft(round, "审计留痕测试", "测试局", "第二巡察组", start, List.of(new RoundDraft.CategoryDraft(
					"测试类别", List.of(new RoundDraft.ProblemDraft("河涌巡查不到位", "dept-river", "leader1", List.of())))));
			identity.setAuthentication("office", List.of("office"));
			try {
				rounds.create(draft);
			}
			finally {
				identity.clearAuthentication();
			}
			var walk = new Walk(tasks, identity);
			walk.complete(round, "Task_RegisterFeedback", "office", Map.of());
			walk.complete(problem, "Task_DraftPlan", "staff-river", Map.of("measures", List.of(Map.of("text",
					"建立河涌巡查台账", "responsiblePerson", "staff-river", "deadline", start.plusDays(5).toString(),
					"type", "FIXED"))));
			at(start, 11);
			walk.complete(problem, "Task_ReviewPlan", "leader1", Map.of("planDecision", "approve"));

			at(start.plusDays(1), 10);
			walk.complete(measure, "Task_ExecuteMeasure", "staff-river",
					Map.of("progressNote", HTML_NOTE, "executionAction", "report"));
			at(start.plusDays(2), 10);
			walk.complete(measure, "Task_ExecuteMeasure", "staff-river",
					Map.of("progressNote", "台账已建立", "executionAction", "requestClosure"));
			walk.complete(measure, "Task_SubmitEvidence", "staff-river", Map.of("closureSummary", "已建立巡查台账",
					"evidenceFile", Variables.fileValue("台账.txt").file(FIRST_EVIDENCE).mimeType("text/plain").create()));
			at(start.plusDays(3), 9);
			var verify = walk.task(measure, "Task_VerifyEvidence");
			identity.setAuthentication("office", List.of("office"));
			try {
				tasks.createComment(verify.getId(), verify.getProcessInstanceId(), COMMENT);
			}
			finally {
				identity.clearAuthentication();
			}
			at(start.plusDays(3), 10);
			walk.complete(measure, "Task_VerifyEvidence", "office",
					Map.of("verifyDecision", "return", "returnComment", "缺少巡查记录，请补充"));

			// Day 20: 15 days past the deadline, the office's review escalates.
			at(start.plusDays(20), 9);
			identity.setAuthentication("office", List.of("office"));
			try {
				privileged.run(() -> runtime.createProcessInstanceByKey("halfMonthlyReview")
						.setVariable("trigger", "MANUAL").startBeforeActivity("Task_EvaluateMeasures").execute());
			}
			finally {
				identity.clearAuthentication();
			}

			at(start.plusDays(21), 10);
			walk.complete(measure, "Task_ExecuteMeasure", "staff-river",
					Map.of("progressNote", "已补充巡查记录", "executionAction", "requestClosure"));
			walk.complete(measure, "Task_SubmitEvidence", "staff-river", Map.of("closureSummary", "台账与巡查记录齐全",
					"evidenceFile", Variables.fileValue("台账-补充.txt").file(SECOND_EVIDENCE).mimeType("text/plain")
							.create()));
			at(start.plusDays(22), 10);
			walk.complete(measure, "Task_VerifyEvidence", "office", Map.of("verifyDecision", "pass"));
			at(start.plusDays(22), 15);
			walk.complete(measure, "Task_ApproveClosure", "leader1",
					Map.of("closureDecision", "approve", "returnComment", "同意销号"));
		}
		finally {
			ClockUtil.reset();
		}
		// what the scheduled seal does within seconds
		seal.sealNow();
	}

	@AfterAll
	void resetClock() {
		ClockUtil.reset();
	}

	@Test
	void measureTrailShowsSendBackEscalationAndClosureInOrderWithActors() {
		var entries = entries(trail(measure, "inspector"));

		int claimed = index(entries, kind("TASK_CLAIMED").and(title("落实整改措施")).and(actor("staff-river")));
		int reported = index(entries, kind("TASK_COMPLETED").and(title("落实整改措施")).and(actor("staff-river"))
				.and(detail("整改进展", HTML_NOTE)));
		int progress = index(entries, kind("PROGRESS").and(actor("staff-river")).and(detail("整改进展", HTML_NOTE)));
		int firstEvidence = index(entries, kind("EVIDENCE").and(title("台账.txt")).and(actor("staff-river"))
				.and(detail("SHA-256", Payloads.sha256(FIRST_EVIDENCE))));
		int commented = index(entries, kind("COMMENT").and(actor("office")).and(detail("内容", COMMENT))
				.and(detail("任务", "整改办核验佐证材料 · P1-M1 建立河涌巡查台账")));
		int sentBack = index(entries, kind("REJECTED").and(title("核验结论：退回补充")).and(actor("office"))
				.and(detail("退回意见", "缺少巡查记录，请补充")));
		int returned = index(entries, kind("RETURNED").and(actor("office")));
		int reviewed = index(entries, kind("REVIEW").and(actor("system")));
		int escalated = index(entries, kind("ESCALATION_OPENED"));
		int secondEvidence = index(entries, kind("EVIDENCE").and(title("台账-补充.txt")));
		int verified = index(entries, kind("APPROVED").and(title("核验结论：核验通过")).and(actor("office")));
		int approved = index(entries, kind("APPROVED").and(title("审批结论：同意销号")).and(actor("leader1")));
		int closed = index(entries, kind("CLOSED").and(actor("leader1")));
		int resolved = index(entries, kind("ESCALATION_RESOLVED"));
		int ended = index(entries, kind("PROCESS_ENDED").and(title("措施整改")));

		assertThat(List.of(claimed, reported, progress, firstEvidence, commented, sentBack, returned, reviewed, escalated,
				secondEvidence, verified, approved, closed, resolved, ended)).isSorted().doesNotHaveDuplicates();
		assertThat(entries).extracting(e -> e.get("time").toString()).isSorted();
		// A task is named after its matter (tasklist/TaskMatter names it once created): so is its creation.
		assertThat(entries).anyMatch(kind("TASK_CREATED").and(title("落实整改措施 · P1-M1")));
		// The approval's comment travels with the decision.
		assertThat(entries.get(approved).toString()).contains("同意销号");
		assertThat(((Map<?, ?>) entries.get(approved).get("actor")).get("name")).isEqualTo("李建华");
	}

	@Test
	void everyTimelineEntryNamesTheChainRecordThatCoversIt() {
		for (Map<String, Object> entry : entries(trail(problem, "inspector"))) {
			long seq = ((Number) entry.get("seq")).longValue();
			String key = jdbc.sql("select business_key from rect_audit_record where seq = ?").param(seq)
					.query(String.class).single();
			assertThat(key).as("record %s of %s", seq, entry.get("title")).isEqualTo(entry.get("businessKey"));
		}
	}

	@Test
	void problemAndRoundTrailsIncludeTheirMeasures() {
		var problemKeys = entries(trail(problem, "inspector")).stream().map(e -> e.get("businessKey")).distinct()
				.toList();
		assertThat(problemKeys).contains(problem, measure);
		var roundEntries = entries(trail(round, "office"));
		assertThat(roundEntries).extracting(e -> e.get("businessKey")).contains(round, problem, measure);
		assertThat(roundEntries).anyMatch(kind("APPROVED").and(title("审核结论：通过")).and(actor("leader1")));
	}

	@Test
	void dossierHoldsTheTrailAndEvidenceAndVerifies() throws IOException {
		byte[] zip = dossier(measure);
		var result = DossierVerifier.verify(zip, json);
		assertThat(result.findings()).isEmpty();
		assertThat(result.ok()).isTrue();
		assertThat(result.businessKey()).isEqualTo(measure);

		Map<String, byte[]> files = unzip(zip);
		assertThat(files).containsKeys("dossier.html", "dossier.json", "manifest.json");
		List<String> evidence = files.keySet().stream().filter(n -> n.startsWith("evidence/")).sorted().toList();
		assertThat(evidence).hasSize(2).allMatch(n -> n.matches("evidence/\\d+-台账.*\\.txt"));
		assertThat(files.get(evidence.get(0))).isEqualTo(FIRST_EVIDENCE);

		String manifest = new String(files.get("manifest.json"), StandardCharsets.UTF_8);
		String head = jdbc.sql("select hash from rect_audit_record where seq = (select max(seq) from rect_audit_record)")
				.query(String.class).single();
		assertThat(manifest).contains("\"chainHead\"", "\"generatedAt\"", Payloads.sha256(FIRST_EVIDENCE),
				Payloads.sha256(files.get("dossier.html")), Payloads.sha256(files.get("dossier.json")));
		assertThat(jdbc.sql("select count(*) from rect_audit_record where hash = ?").param(
				json.readTree(manifest).path("chainHead").path("hash").asText())
				.query(Integer.class).single()).isEqualTo(1);
		assertThat(head).isNotBlank();

		String html = new String(files.get("dossier.html"), StandardCharsets.UTF_8);
		assertThat(html).contains("一事一档", measure, "退回补充", "同意销号", Payloads.sha256(SECOND_EVIDENCE),
				"&lt;i&gt;台账&lt;/i&gt;")
				.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;").doesNotContain("<script>alert");
		assertThat(new String(files.get("dossier.json"), StandardCharsets.UTF_8)).contains("\"entries\"", measure);

		byte[] alteredHtml = rezip(files, "dossier.html", html.replace("同意销号", "不同意销号"));
		var altered = DossierVerifier.verify(alteredHtml, json);
		assertThat(altered.ok()).isFalse();
		assertThat(altered.findings()).extracting(DossierVerifier.Finding::file).containsExactly("dossier.html");

		byte[] alteredEvidence = rezip(files, evidence.get(1), "伪造的佐证材料");
		assertThat(DossierVerifier.verify(alteredEvidence, json).findings()).extracting(DossierVerifier.Finding::file)
				.containsExactly(evidence.get(1));
	}

	@Test
	void dossierVerifierCommandLineAnswersZeroForIntactAndOneForAltered() throws IOException {
		byte[] zip = dossier(measure);
		var intact = java.nio.file.Files.createTempFile("dossier", ".zip");
		var altered = java.nio.file.Files.createTempFile("dossier-altered", ".zip");
		try {
			java.nio.file.Files.write(intact, zip);
			Map<String, byte[]> files = unzip(zip);
			java.nio.file.Files.write(altered, rezip(files, "dossier.json", "{}"));
			var out = new ByteArrayOutputStream();
			assertThat(DossierVerifier.run(new String[] { intact.toString() }, new java.io.PrintStream(out, true,
					StandardCharsets.UTF_8), json)).isZero();
			assertThat(DossierVerifier.run(new String[] { altered.toString() }, new java.io.PrintStream(out, true,
					StandardCharsets.UTF_8), json)).isEqualTo(1);
			assertThat(out.toString(StandardCharsets.UTF_8)).contains("校验通过", "dossier.json", "校验未通过");
		}
		finally {
			java.nio.file.Files.deleteIfExists(intact);
			java.nio.file.Files.deleteIfExists(altered);
		}
	}

	@Test
	void alteringARecordBreaksTheChainAtThatRecord() {
		var whole = verify("inspector");
		assertThat(whole.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(whole.getBody()).containsEntry("ok", true).containsEntry("firstBroken", null);
		assertThat(((Number) whole.getBody().get("records")).longValue()).isPositive();

		var target = jdbc.sql("""
				select seq, payload from rect_audit_record where business_key = ? and kind = 'MEASURE_RETURNED'""")
				.param(measure).query((rs, i) -> Map.entry(rs.getLong("seq"), rs.getString("payload"))).single();
		String original = target.getValue();
		jdbc.sql("update rect_audit_record set payload = ? where seq = ?")
				.params(original.replace("缺少巡查记录", "材料齐全"), target.getKey()).update();
		try {
			var broken = verify("office");
			assertThat(broken.getBody()).containsEntry("ok", false);
			@SuppressWarnings("unchecked")
			var first = (Map<String, Object>) broken.getBody().get("firstBroken");
			assertThat(((Number) first.get("seq")).longValue()).isEqualTo(target.getKey());
			assertThat(first).containsEntry("businessKey", measure).containsEntry("kind", "MEASURE_RETURNED");
			assertThat(first.get("reason").toString()).contains("hash");
			// The command-line check says the same and exits with 1.
			var out = new ByteArrayOutputStream();
			assertThat(new AuditVerifyRunner(seal, json, null, "").report(new java.io.PrintStream(out, true,
					StandardCharsets.UTF_8))).isEqualTo(1);
			assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"seq\":" + target.getKey(), "审计链已被破坏");
		}
		finally {
			jdbc.sql("update rect_audit_record set payload = ? where seq = ?").params(original, target.getKey()).update();
		}
		assertThat(verify("admin").getBody()).containsEntry("ok", true);
		assertThat(new AuditVerifyRunner(seal, json, null, "").report(new java.io.PrintStream(new ByteArrayOutputStream())))
				.isZero();
	}

	@Test
	void readsNeverWaitForTheSealAndShowWhatIsPendingAsUnsealed() throws Exception {
		var locked = new java.util.concurrent.CountDownLatch(1);
		var release = new java.util.concurrent.CountDownLatch(1);
		var transactions = new org.springframework.transaction.support.TransactionTemplate(transactionManager);
		// Another node sealing: it holds the chain's lock for as long as this test wants.
		var sealer = java.util.concurrent.Executors.newSingleThreadExecutor();
		var held = sealer.submit(() -> transactions.executeWithoutResult(status -> {
			jdbc.sql("select id from rect_audit_lock where id = 1 for update").query(Integer.class).single();
			locked.countDown();
			try {
				release.await();
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}));
		try {
			assertThat(locked.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
			// A feature states a fact meanwhile, as MeasureEvents does.
			transactions.executeWithoutResult(status -> events.publishEvent(new cn.xuncha.rectify.system.AuditFact(
					cn.xuncha.rectify.system.AuditFact.Source.MEASURE_EVENT, 999_999, measure, "MEASURE_PROGRESS",
					java.time.Instant.now(), "staff-river", Map.of("kind", "PROGRESS", "note", "封存前可见的进展"))));
			long started = System.nanoTime();
			var pending = entries(trail(measure, "inspector")).stream()
					.filter(detail("整改进展", "封存前可见的进展")).toList();
			assertThat(pending).singleElement().satisfies(e -> {
				assertThat(e).containsEntry("sealed", false);
				assertThat(e.get("seq")).as("no seq before the seal").isNull();
			});
			assertThat(verify("inspector").getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(seal.seal()).as("a second sealer skips its turn instead of waiting").isZero();
			assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(5));
		}
		finally {
			release.countDown();
			held.get(10, java.util.concurrent.TimeUnit.SECONDS);
			sealer.shutdown();
		}
		seal.sealNow();
		var sealed = entries(trail(measure, "inspector")).stream().filter(detail("整改进展", "封存前可见的进展")).toList();
		assertThat(sealed).singleElement().satisfies(e -> assertThat(e).containsEntry("sealed", true)
				.extractingByKey("seq").isNotNull());
		assertThat(verify("inspector").getBody()).containsEntry("ok", true);
	}

	@Test
	void staffSeeOnlyTheirDepartmentsMeasures() {
		assertThat(get("/api/audit/" + measure, "staff-law").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(get("/api/audit/" + measure + "/dossier", "staff-law").getStatusCode())
				.isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(get("/api/audit/" + measure, "staff-river").getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(get("/api/audit/" + round, "staff-river").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(get("/api/audit/verify", "staff-river").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(get("/api/audit/verify", "leader1").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(get("/api/audit/" + measure, "leader2").getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(get("/api/audit/" + measure, "secretary").getStatusCode()).isEqualTo(HttpStatus.OK);
	}

	@Test
	void withoutLoginEverythingAnswers401AndUnknownKeys404() {
		for (String path : List.of("/api/audit/" + measure, "/api/audit/" + measure + "/dossier", "/api/audit/verify",
				"/pages/audit.html")) {
			assertThat(rest.getForEntity(path, String.class).getStatusCode()).as(path).isEqualTo(HttpStatus.UNAUTHORIZED);
		}
		var unknown = get("/api/audit/NO-SUCH-KEY", "inspector");
		assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(unknown.getBody()).contains("NO-SUCH-KEY");
	}

	@Test
	void pageLoadsForLoggedInPeopleAndRendersDataAsTextOnly() {
		var page = get("/pages/audit.html", "inspector");
		assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(page.getBody()).contains("全程留痕", "audit.js").doesNotContain("http://", "https://");
		var script = get("/pages/audit.js", "inspector");
		assertThat(script.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(script.getBody()).contains("textContent").doesNotContain("innerHTML", "insertAdjacentHTML",
				"document.write", "outerHTML");
	}

	// --- helpers

	static void at(LocalDate day, int hour) {
		ClockUtil.setCurrentTime(java.util.Date.from(day.atTime(hour, 0).atZone(Now.CHINA).toInstant()));
	}

	Map<String, Object> trail(String key, String user) {
		ResponseEntity<Map<String, Object>> response = rest.withBasicAuth(user, "demo").exchange("/api/audit/" + key,
				HttpMethod.GET, null, new ParameterizedTypeReference<>() {
				});
		assertThat(response.getStatusCode()).as("trail of %s for %s", key, user).isEqualTo(HttpStatus.OK);
		return response.getBody();
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> entries(Map<String, Object> trail) {
		return (List<Map<String, Object>>) trail.get("entries");
	}

	ResponseEntity<String> get(String path, String user) {
		return rest.withBasicAuth(user, "demo").getForEntity(path, String.class);
	}

	ResponseEntity<Map<String, Object>> verify(String user) {
		return rest.withBasicAuth(user, "demo").exchange("/api/audit/verify", HttpMethod.GET, null,
				new ParameterizedTypeReference<>() {
				});
	}

	byte[] dossier(String key) {
		var response = rest.withBasicAuth("inspector", "demo").getForEntity("/api/audit/" + key + "/dossier",
				byte[].class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getHeaders().getContentType().toString()).isEqualTo("application/zip");
		return response.getBody();
	}

	static int index(List<Map<String, Object>> entries, Predicate<Map<String, Object>> matching) {
		for (int i = 0; i < entries.size(); i++) {
			if (matching.test(entries.get(i))) {
				return i;
			}
		}
		throw new AssertionError("no entry matching in " + summary(entries));
	}

	static List<String> summary(List<Map<String, Object>> entries) {
		List<String> lines = new ArrayList<>();
		entries.forEach(e -> lines.add(e.get("time") + " " + e.get("kind") + " " + e.get("title") + " "
				+ ((Map<?, ?>) e.get("actor")).get("id")));
		return lines;
	}

	static Predicate<Map<String, Object>> kind(String kind) {
		return e -> kind.equals(e.get("kind"));
	}

	static Predicate<Map<String, Object>> title(String part) {
		return e -> e.get("title").toString().contains(part);
	}

	static Predicate<Map<String, Object>> actor(String id) {
		return e -> id.equals(((Map<?, ?>) e.get("actor")).get("id"));
	}

	@SuppressWarnings("unchecked")
	static Predicate<Map<String, Object>> detail(String label, String value) {
		return e -> ((List<Map<String, Object>>) e.get("details")).stream()
				.anyMatch(d -> label.equals(d.get("label")) && value.equals(d.get("value")));
	}

	static Map<String, byte[]> unzip(byte[] zip) throws IOException {
		Map<String, byte[]> files = new java.util.LinkedHashMap<>();
		try (var in = new ZipInputStream(new java.io.ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
			ZipEntry entry;
			while ((entry = in.getNextEntry()) != null) {
				files.put(entry.getName(), in.readAllBytes());
			}
		}
		return files;
	}

	static byte[] rezip(Map<String, byte[]> files, String changed, String content) throws IOException {
		var out = new ByteArrayOutputStream();
		try (var zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
			for (var file : files.entrySet()) {
				zip.putNextEntry(new ZipEntry(file.getKey()));
				zip.write(file.getKey().equals(changed) ? content.getBytes(StandardCharsets.UTF_8) : file.getValue());
				zip.closeEntry();
			}
		}
		return out.toByteArray();
	}

	/**
	 * A row's states enter the chain in the order they were written. The seal may read while a writer that took a
	 * lower id is still open; the next chunk must still seal that writer's record before the record of a later
	 * writer of the same row (at 100k measures, a plan approval was once sealed before the plan it approved).
	 */
	@Test
	void aRowsRecordsAreSealedInTheOrderTheyWereWritten(@Autowired AuditChain chain) throws Exception {
		String key = "ORDER-" + System.nanoTime();
		var tx = new org.springframework.transaction.support.TransactionTemplate(transactionManager);
		var appended = new java.util.concurrent.CountDownLatch(1);
		var release = new java.util.concurrent.CountDownLatch(1);
		var writer = java.util.concurrent.Executors.newSingleThreadExecutor();
		try {
			var first = writer.submit(() -> tx.executeWithoutResult(status -> {
				chain.append(List.of(comment(key, "first")));
				appended.countDown();
				try {
					release.await();
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
			}));
			assertThat(appended.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
			tx.executeWithoutResult(status -> chain.append(List.of(comment(key + "-other", "other"))));
			// the seal reads while the first writer is open: only the other record is visible to it
			AuditChain.Chunk read = tx.execute(status -> {
				chain.lock(true);
				return chain.sealChunk(-1, 10_000, false);
			});
			assertThat(read.sealed()).isPositive();
			release.countDown();
			first.get(10, java.util.concurrent.TimeUnit.SECONDS);
			tx.executeWithoutResult(status -> chain.append(List.of(comment(key, "second"))));
			tx.execute(status -> {
				chain.lock(true);
				return chain.sealChunk(read.resumeAfter(), 10_000, false);
			});
			seal.sealNow();
			assertThat(jdbc.sql("select payload from rect_audit_record where business_key = ? order by seq").param(key)
					.query(String.class).list()).containsExactly("{\"n\":\"first\"}", "{\"n\":\"second\"}");
		}
		finally {
			release.countDown();
			writer.shutdownNow();
		}
	}

	private static AuditChain.NewRecord comment(String key, String n) {
		return new AuditChain.NewRecord(Now.instant(), key, AuditKind.COMMENT.name(), "office",
				"{\"n\":\"" + n + "\"}", null, "test", key + ":" + n);
	}
}
