package cn.xuncha.rectify.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipInputStream;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.xuncha.rectify.flow.Walk;
import cn.xuncha.rectify.ledger.RoundDraft;
import cn.xuncha.rectify.round.RoundService;
import cn.xuncha.rectify.system.Now;

/**
 * The chain and the ledger as an attacker with plain SQL but without the key would try them: a measure closed in
 * the table, a chain cut and re-hashed the old unkeyed way, a chain only cut (caught by the head a notice or dossier
 * published), and another key; the legitimate path keeps the check green. Every tampering is undone, so the shared
 * application context stays whole for the next test class. A context of its own (the property only tells it
 * apart): the engine REST API finds the engine named "default" in Camunda's static registry, which holds the engine
 * of the context started last, not that of a cached earlier one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "rectify.test.context=audit-tamper")
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditTamperTest {

	static final String DEMO_MEASURE = "HZSW-2020-P1-M2";
	static final Pattern PRINTED_HEAD = Pattern.compile("审计链头 \\(audit chain head\\): seq (\\d+) · ([0-9a-f]{64})");

	@Autowired
	TestRestTemplate rest;
	@Autowired
	JdbcTemplate jdbc;
	@Autowired
	RoundService rounds;
	@Autowired
	TaskService tasks;
	@Autowired
	IdentityService identity;
	@Autowired
	AuditSeal seal;
	@Autowired
	ObjectMapper json;

	String round;
	String measure;

	/** A round of the test's own, its plan approved: the measure waits for its first progress report. */
	@BeforeAll
	void roundWithOneMeasureInExecution() {
		round = "TAMPER-" + System.nanoTime() % 100000;
		String problem = round + "-P1";
		measure = problem + "-M1";
		identity.setAuthentication("office", List.of("office"));
		try {
			rounds.create(new RoundDraft(round, "防篡改测试", "测试局", "第一巡察组", Now.today(),
					List.of(new RoundDraft.CategoryDraft("测试类别", List.of(
							new RoundDraft.ProblemDraft("台账防篡改", "dept-eng", "leader1", List.of()))))));
		}
		finally {
			identity.clearAuthentication();
		}
		var walk = new Walk(tasks, identity);
		walk.complete(round, "Task_RegisterFeedback", "office", Map.of());
		walk.complete(problem, "Task_DraftPlan", "staff-eng", Map.of("measures", List.of(Map.of("text", "建立台账校验",
				"responsiblePerson", "staff-eng", "deadline", LocalDate.now().plusDays(30).toString(), "type", "FIXED"))));
		walk.complete(problem, "Task_ReviewPlan", "leader1", Map.of("planDecision", "approve"));
	}

	/** As if the scheduled seal had just run: the tests tamper with sealed records. */
	@org.junit.jupiter.api.BeforeEach
	void sealed() {
		seal.sealNow();
	}

	@Test
	void legitimateWorkThroughRestKeepsTheLedgerAndChainInAgreement() {
		String task = tasks.createTaskQuery().processInstanceBusinessKey(measure)
				.taskDefinitionKey("Task_ExecuteMeasure").singleResult().getId();
		assertThat(post("staff-eng", "/engine-rest/task/" + task + "/claim", "{\"userId\":\"staff-eng\"}"))
				.isEqualTo(HttpStatus.NO_CONTENT);
		assertThat(post("staff-eng", "/engine-rest/task/" + task + "/complete", """
				{"variables": {"progressNote": {"value": "已完成第一批台账核对"}, "executionAction": {"value": "report"}}}"""))
				.isEqualTo(HttpStatus.NO_CONTENT);

		Map<String, Object> result = verify("inspector", "");
		assertThat(result).containsEntry("ok", true).containsEntry("firstBroken", null)
				.containsEntry("ledgerMismatchCount", 0);
		assertThat((List<?>) result.get("ledgerMismatches")).isEmpty();
		seal.sealNow();
		// The chain's latest record of the measure is the row as the report left it, with who reported it.
		Map<String, Object> latest = jdbc.queryForMap("""
				select actor, payload from rect_audit_record where kind = 'LEDGER_MEASURE' and business_key = ?
				order by seq desc fetch first 1 rows only""", measure);
		assertThat(latest.get("ACTOR") != null ? latest.get("ACTOR") : latest.get("actor")).isEqualTo("staff-eng");
		assertThat(String.valueOf(latest.get("PAYLOAD") != null ? latest.get("PAYLOAD") : latest.get("payload")))
				.contains("\"status\":\"IN_PROGRESS\"", "\"responsiblePerson\":\"staff-eng\"",
						"\"department\":\"dept-eng\"");
	}

	/**
	 * The ledger comparison walks the chain's keys in chunks of records, not of keys: with chunks smaller than a
	 * key's records it still names every key once, in order (each chunk ends on a key read in full).
	 */
	@Test
	void theKeysOfAKindAreWalkedOnceEachInChunksOfRecords(@Autowired AuditChain chain) {
		List<String> expected = jdbc.queryForList("""
				select distinct business_key from rect_audit_record
				where kind = 'LEDGER_MEASURE' and seq is not null order by business_key""", String.class);
		assertThat(jdbc.queryForObject("""
				select count(*) from rect_audit_record where kind = 'LEDGER_MEASURE' and seq is not null""", Long.class))
				.as("keys with several records").isGreaterThan(expected.size());
		List<String> walked = new ArrayList<>();
		chain.forEachKey("LEDGER_MEASURE", 3, walked::addAll);
		assertThat(walked).hasSizeGreaterThan(20).isEqualTo(expected);
	}

	@Test
	void aMeasureClosedInTheTableIsNamedWithItsField() {
		String status = jdbc.queryForObject("select status from rect_measure where measure_key = ?", String.class,
				DEMO_MEASURE);
		assertThat(status).isNotEqualTo("CLOSED");
		jdbc.update("update rect_measure set status = 'CLOSED' where measure_key = ?", DEMO_MEASURE);
		try {
			Map<String, Object> result = verify("office", "");
			assertThat(result).containsEntry("ok", false).containsEntry("firstBroken", null)
					.containsEntry("ledgerMismatchCount", 1);
			assertThat(mismatches(result)).containsExactly(Map.of("table", "rect_measure", "key", DEMO_MEASURE,
					"field", "status", "ledger", "CLOSED", "chain", status, "reason",
					"台账与审计链记载不一致 (the ledger differs from what the audit chain recorded)"));
			// The command line says the same and exits 1.
			var out = new ByteArrayOutputStream();
			assertThat(runner("").report(new PrintStream(out, true, StandardCharsets.UTF_8))).isEqualTo(1);
			assertThat(out.toString(StandardCharsets.UTF_8)).contains("rect_measure " + DEMO_MEASURE + " status 台账=CLOSED");
		}
		finally {
			jdbc.update("update rect_measure set status = ? where measure_key = ?", status, DEMO_MEASURE);
		}
		assertThat(verify("office", "")).containsEntry("ok", true);
	}

	@Test
	void aChainRecordForgedWithSqlIsNeverSealed() {
		seal.sealNow();
		String status = jdbc.queryForObject("select status from rect_measure where measure_key = ?", String.class,
				DEMO_MEASURE);
		String recorded = jdbc.queryForObject("""
				select payload from rect_audit_record where kind = 'LEDGER_MEASURE' and business_key = ? and seq is not null
				order by seq desc fetch first 1 rows only""", String.class, DEMO_MEASURE);
		// the closure, and a record that says it happened, appended the way the application appends
		jdbc.update("update rect_measure set status = 'CLOSED' where measure_key = ?", DEMO_MEASURE);
		jdbc.update("""
				insert into rect_audit_record (occurred_at, business_key, kind, actor, payload)
				values (current_timestamp, ?, 'LEDGER_MEASURE', 'office', ?)""", DEMO_MEASURE,
				recorded.replace("\"status\":\"" + status + "\"", "\"status\":\"CLOSED\""));
		try {
			Map<String, Object> result = verify("inspector", "");
			assertThat(result).containsEntry("ok", false);
			assertThat(mismatches(result)).extracting(m -> m.get("key") + " " + m.get("field") + " " + m.get("ledger"))
					.containsExactly(DEMO_MEASURE + " status CLOSED");
			@SuppressWarnings("unchecked")
			var forged = (List<Map<String, Object>>) result.get("forgedRecords");
			assertThat(forged).singleElement().satisfies(f -> assertThat(f).containsEntry("businessKey", DEMO_MEASURE)
					.containsEntry("kind", "LEDGER_MEASURE"));
			assertThat(jdbc.queryForObject("select count(*) from rect_audit_record where seq is null", Integer.class))
					.isOne();
		}
		finally {
			jdbc.update("delete from rect_audit_record where seq is null and entry_mac is null");
			jdbc.update("update rect_measure set status = ? where measure_key = ?", status, DEMO_MEASURE);
		}
		assertThat(verify("inspector", "")).containsEntry("ok", true).containsEntry("forgedRecords", List.of());
	}

	@Test
	void aRowInsertedOrDeletedBehindTheLedgerIsNamed() {
		long problemId = jdbc.queryForObject("select problem_id from rect_measure where measure_key = ?", Long.class,
				DEMO_MEASURE);
		String forged = "HZSW-2020-P1-M99";
		jdbc.update("""
				insert into rect_measure (problem_id, seq, measure_key, text, department, responsible_person, deadline,
				  type, status) values (?, 99, ?, '补录措施', 'dept-eng', 'staff-eng', ?, 'FIXED', 'CLOSED')""",
				problemId, forged, java.sql.Date.valueOf(LocalDate.now()));
		try {
			Map<String, Object> result = verify("inspector", "");
			assertThat(result).containsEntry("ok", false);
			assertThat(mismatches(result)).singleElement().satisfies(m -> assertThat(m)
					.containsEntry("table", "rect_measure").containsEntry("key", forged).containsEntry("field", null)
					.containsEntry("ledger", "present").containsEntry("chain", "absent"));
		}
		finally {
			jdbc.update("delete from rect_measure where measure_key = ?", forged);
		}
		// A measure with history cannot simply be removed either: the chain still says it exists.
		String problem = round + "-P1";
		jdbc.update("update rect_problem set lead_leader = 'leader2' where problem_key = ?", problem);
		try {
			assertThat(mismatches(verify("inspector", ""))).singleElement().satisfies(m -> assertThat(m)
					.containsEntry("table", "rect_problem").containsEntry("key", problem)
					.containsEntry("field", "leadLeader").containsEntry("ledger", "leader2")
					.containsEntry("chain", "leader1"));
		}
		finally {
			jdbc.update("update rect_problem set lead_leader = 'leader1' where problem_key = ?", problem);
		}
		assertThat(verify("inspector", "")).containsEntry("ok", true);
	}

	@Test
	void aChainCutAndReHashedWithoutTheKeyIsBrokenAtTheNewHead() {
		seal.sealNow();
		long head = jdbc.queryForObject("select max(seq) from rect_audit_record", Long.class);
		long newHead = head - 3;
		List<Map<String, Object>> removed = jdbc.queryForList("select * from rect_audit_record where seq > ? order by seq",
				newHead);
		Map<String, Object> victim = jdbc.queryForMap(
				"select hash, mac_version from rect_audit_record where seq = ?", newHead);
		jdbc.update("delete from rect_audit_record where seq > ?", newHead);
		try {
			// the old, unkeyed scheme, as the documentation gives it
			jdbc.update("update rect_audit_record set hash = ? where seq = ?", plainSha256(newHead), newHead);
			Map<String, Object> result = verify("inspector", "");
			assertThat(result).containsEntry("ok", false);
			assertThat(broken(result)).containsEntry("seq", (int) newHead);
			assertThat(broken(result).get("reason").toString()).contains("keyed hash");

			// ... and claiming the record predates keying does not help
			jdbc.update("update rect_audit_record set mac_version = 0 where seq = ?", newHead);
			result = verify("inspector", "");
			assertThat(broken(result)).containsEntry("seq", (int) newHead);
			assertThat(broken(result).get("reason").toString()).contains("without the key");
		}
		finally {
			jdbc.update("update rect_audit_record set hash = ?, mac_version = ? where seq = ?", victim.get("hash"),
					victim.get("mac_version"), newHead);
			restore(removed);
		}
		assertThat(verify("inspector", "")).containsEntry("ok", true);
	}

	@Test
	void aChainCutBackIsCaughtByTheHeadANoticeOrDossierPublished() throws IOException {
		// The head will be an engine fact (a claim and its release): facts of the project's tables that are cut off
		// the seal pulls again, identical, which would restore the very head.
		String task = tasks.createTaskQuery().processInstanceBusinessKey(measure)
				.taskDefinitionKey("Task_ExecuteMeasure").singleResult().getId();
		identity.setAuthentication("staff-eng", List.of("dept-eng"));
		try {
			tasks.claim(task, "staff-eng");
			tasks.claim(task, null);
		}
		finally {
			identity.clearAuthentication();
		}
		// A progress notice prints the head; so does a dossier's manifest.
		var issued = rest.withBasicAuth("office", "demo").postForEntity("/api/rounds/" + round + "/notices", null,
				JsonNode.class);
		assertThat(issued.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		String html = rest.withBasicAuth("office", "demo").getForObject(issued.getBody().get("html").asText(),
				String.class);
		var printed = PRINTED_HEAD.matcher(html);
		assertThat(printed.find()).as("the notice prints the chain head").isTrue();
		long seq = Long.parseLong(printed.group(1));
		String hash = printed.group(2);
		JsonNode manifest = manifest(measure);
		assertThat(manifest.path("chainHead").path("seq").asLong()).isGreaterThanOrEqualTo(seq);

		Map<String, Object> intact = verify("inspector", "?seq=" + seq + "&hash=" + hash);
		assertThat(intact).containsEntry("ok", true);
		assertThat(expectedHead(intact)).containsEntry("found", true);
		assertThat(expectedHead(verify("inspector", "?seq=" + manifest.path("chainHead").path("seq").asLong()
				+ "&hash=" + manifest.path("chainHead").path("hash").asText()))).containsEntry("found", true);

		seal.sealNow();
		List<Map<String, Object>> removed = jdbc.queryForList("select * from rect_audit_record where seq >= ? order by seq",
				seq);
		jdbc.update("delete from rect_audit_record where seq >= ?", seq);
		try {
			Map<String, Object> cut = verify("inspector", "?seq=" + seq + "&hash=" + hash.substring(0, 16));
			// What is left is a whole chain: only the published head shows it was cut.
			assertThat(cut).containsEntry("firstBroken", null).containsEntry("ok", false);
			assertThat(expectedHead(cut)).containsEntry("seq", (int) seq).containsEntry("found", false);
			assertThat(expectedHead(cut).get("reason").toString()).contains("records were removed");
			var out = new ByteArrayOutputStream();
			assertThat(runner(seq + ":" + hash).report(new PrintStream(out, true, StandardCharsets.UTF_8))).isEqualTo(1);
			assertThat(out.toString(StandardCharsets.UTF_8)).contains("published head not found");
		}
		finally {
			restore(removed);
		}
		assertThat(expectedHead(verify("inspector", "?seq=" + seq + "&hash=" + hash))).containsEntry("found", true);
		var out = new ByteArrayOutputStream();
		assertThat(runner(seq + ":" + hash).report(new PrintStream(out, true, StandardCharsets.UTF_8))).isZero();
	}

	@Test
	void anotherKeyDoesNotVerifyTheChain() {
		seal.sealNow();
		var otherKey = new AuditKey(Base64.getDecoder().decode(
				Base64.getEncoder().encodeToString("another key, not the chain's one".getBytes(StandardCharsets.UTF_8))));
		// the same database, as a node restarted with another RECTIFY_AUDIT_KEY would see it
		AuditChain.Verification other = new AuditChain(jdbc, otherKey).verify();
		assertThat(other.ok()).isFalse();
		assertThat(other.firstBroken().kind()).isEqualTo(AuditChain.KEYED);
		assertThat(other.firstBroken().reason()).contains("key mismatch", otherKey.id());
		assertThat(verify("admin", "")).containsEntry("ok", true);
	}

	@Test
	void aHeadNeedsBothSeqAndHash() {
		var response = rest.withBasicAuth("inspector", "demo").getForEntity("/api/audit/verify?seq=1", String.class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(expectedHead(verify("inspector", "?seq=1&hash=abc"))).containsEntry("found", false);
	}

	// --- helpers

	/** The hash the pre-keying chain gave a record: SHA-256 over the canonical text docs/audit.md describes. */
	String plainSha256(long seq) {
		Map<String, Object> r = jdbc.queryForMap("""
				select occurred_at, business_key, kind, actor, payload, prev_hash from rect_audit_record where seq = ?""",
				seq);
		LocalDateTime occurred = jdbc.queryForObject("select occurred_at from rect_audit_record where seq = ?",
				LocalDateTime.class, seq);
		var text = new StringBuilder(value(r, "prev_hash")).append('\n').append(seq).append('\n');
		for (String field : new String[] { occurred.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME),
				value(r, "business_key"), value(r, "kind"), value(r, "actor"), value(r, "payload") }) {
			text.append(field == null ? "~" : field.length() + ":" + field).append('\n');
		}
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
					.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
		}
		catch (java.security.NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static String value(Map<String, Object> row, String column) {
		Object v = row.containsKey(column) ? row.get(column) : row.get(column.toUpperCase());
		return v == null ? null : v.toString();
	}

	/**
	 * Puts removed records back exactly as they were (explicit ids and seqs), after removing what the seal appended
	 * meanwhile: it pulls again the project's facts whose records were cut off.
	 */
	void restore(List<Map<String, Object>> rows) {
		long first = ((Number) (rows.get(0).containsKey("seq") ? rows.get(0).get("seq") : rows.get(0).get("SEQ"))).longValue();
		jdbc.update("delete from rect_audit_record where seq >= ? or seq is null", first);
		for (Map<String, Object> row : rows) {
			List<String> columns = new ArrayList<>(row.keySet());
			jdbc.update("insert into rect_audit_record (" + String.join(", ", columns) + ") values ("
					+ String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")",
					columns.stream().map(row::get).toArray());
		}
	}

	AuditVerifyRunner runner(String expectHead) {
		return new AuditVerifyRunner(seal, json, null, expectHead);
	}

	Map<String, Object> verify(String user, String query) {
		var response = rest.withBasicAuth(user, "demo").exchange("/api/audit/verify" + query, HttpMethod.GET, null,
				new ParameterizedTypeReference<Map<String, Object>>() {
				});
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		return response.getBody();
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> mismatches(Map<String, Object> result) {
		return (List<Map<String, Object>>) result.get("ledgerMismatches");
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> broken(Map<String, Object> result) {
		return (Map<String, Object>) result.get("firstBroken");
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> expectedHead(Map<String, Object> result) {
		return (Map<String, Object>) result.get("expectedHead");
	}

	HttpStatus post(String user, String path, String body) {
		var headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		return HttpStatus.valueOf(rest.withBasicAuth(user, "demo")
				.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), String.class).getStatusCode().value());
	}

	JsonNode manifest(String key) throws IOException {
		byte[] zip = rest.withBasicAuth("inspector", "demo").getForObject("/api/audit/" + key + "/dossier",
				byte[].class);
		try (var in = new ZipInputStream(new ByteArrayInputStream(zip))) {
			for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
				if (Dossier.MANIFEST.equals(entry.getName())) {
					return json.readTree(in.readAllBytes());
				}
			}
		}
		throw new AssertionError("no manifest in the dossier of " + key);
	}
}
