package cn.xuncha.rectify.report;

import static cn.xuncha.rectify.report.ReportFixture.ROUND;
import static cn.xuncha.rectify.report.ReportFixture.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;

import org.apache.poi.xwpf.extractor.XWPFWordExtractor;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.xuncha.rectify.ledger.Ledger;
import cn.xuncha.rectify.ledger.MeasureStatus;
import cn.xuncha.rectify.ledger.RoundStatus;
import cn.xuncha.rectify.system.MatterDocuments;

/**
 * The demo's two-month report (整改情况报告), through REST: drafted by the office and signed by the secretary before
 * it was due, it lists the measures completed, basically completed and continuing, and not completed with the
 * completion rate, while the round goes on and its long-term measures are still checked; only readers of every
 * matter read it, and it is filed for the round's dossier.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "rectify.test.context=round-reports")
@ActiveProfiles("test")
@org.springframework.test.context.event.RecordApplicationEvents
class RoundReportApiTest {

	static final ObjectMapper JSON = new ObjectMapper();

	@Autowired
	TestRestTemplate rest;
	@Autowired
	Ledger ledger;
	@Autowired
	RuntimeService runtime;
	@Autowired
	HistoryService history;
	@Autowired
	MatterDocuments documents;
	@Autowired
	RoundReports service;
	@Autowired
	org.springframework.test.context.event.ApplicationEvents events;

	@Test
	void theDemosTwoMonthReportWasSignedBeforeItWasDueWhileLongTermMeasuresContinue() throws Exception {
		var round = ledger.round(ROUND);
		var reports = get(rest, "secretary", "/api/rounds/" + ROUND + "/reports", String.class);
		assertThat(reports.getStatusCode()).isEqualTo(HttpStatus.OK);
		JsonNode list = JSON.readTree(reports.getBody());
		assertThat(list).hasSize(1);
		JsonNode report = list.get(0);
		assertThat(report.get("kind").asText()).isEqualTo("INTERIM");
		assertThat(report.get("kindLabel").asText()).isEqualTo("两个月整改情况报告");
		assertThat(report.get("signedBy").asText()).isEqualTo("secretary");
		assertThat(report.get("signedByName").asText()).isEqualTo("陈志远");
		assertThat(report.get("dueDate").asText()).isEqualTo(round.reportDueDate().toString());
		assertThat(report.get("asOf").asText()).isLessThan(report.get("dueDate").asText());

		JsonNode figures = JSON.readTree(get(rest, "office", "/api/round-reports/" + report.get("id").asLong()
				+ "/figures", String.class).getBody());
		int completed = figures.get("completed").size();
		int longTerm = figures.get("longTerm").size();
		int open = figures.get("open").size();
		assertThat(completed + longTerm + open).isEqualTo(35);
		assertThat(longTerm).isPositive();
		assertThat(open).isPositive();
		assertThat(figures.get("figures").get("totals").get("completionRate").asText())
				.isEqualTo(report.get("completionRate").asText())
				.isEqualTo(cn.xuncha.rectify.ledger.LedgerView.rate(completed + longTerm, 35));

		String html = get(rest, "inspector", report.get("html").asText(), String.class).getBody();
		assertThat(html).contains("两个月整改情况报告", "已完成（" + completed + "项）", "基本完成并长期坚持（" + longTerm + "项）",
				"尚未完成（" + open + "项）", report.get("completionRate").asText(), "第一责任人 陈志远 签发", "集中整改期间");
		var docx = get(rest, "leader1", report.get("docx").asText(), byte[].class);
		assertThat(docx.getStatusCode()).isEqualTo(HttpStatus.OK);
		try (var doc = new XWPFDocument(new ByteArrayInputStream(docx.getBody()));
				var text = new XWPFWordExtractor(doc)) {
			assertThat(text.getText()).contains("基本完成并长期坚持（" + longTerm + "项）");
		}

		// the round goes on: not closed, its long-term measures checked periodically
		assertThat(ledger.round(ROUND).status()).isEqualTo(RoundStatus.IN_PROGRESS);
		assertThat(ledger.measuresOfRound(round.id()).stream().filter(m -> m.status() == MeasureStatus.LONG_TERM))
				.isNotEmpty();
		assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("longTermCheck").count()).isPositive();
		assertThat(history.createHistoricTaskInstanceQuery().taskDefinitionKey("Task_SignInterimReport")
				.taskAssignee("secretary").finished().count()).isEqualTo(1);
	}

	@Test
	void onlyThoseWhoSeeEveryMatterReadTheReports() {
		assertThat(get(rest, "staff-eng", "/api/rounds/" + ROUND + "/reports", String.class).getStatusCode())
				.isEqualTo(HttpStatus.FORBIDDEN);
		long id = ledgerReportId();
		assertThat(get(rest, "staff-law", "/api/round-reports/" + id, String.class).getStatusCode())
				.isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(get(rest, "staff-law", "/api/round-reports/" + id + ".docx", byte[].class).getStatusCode())
				.isEqualTo(HttpStatus.FORBIDDEN);
		for (String reader : List.of("office", "leader2", "secretary", "inspector", "admin")) {
			assertThat(get(rest, reader, "/api/round-reports/" + id, String.class).getStatusCode()).as(reader)
					.isEqualTo(HttpStatus.OK);
		}
		assertThat(rest.getForEntity("/api/round-reports/" + id, String.class).getStatusCode())
				.isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(get(rest, "office", "/api/round-reports/999999", Map.class).getStatusCode())
				.isEqualTo(HttpStatus.NOT_FOUND);
	}

	@Test
	void theSignedReportIsFiledForTheRoundsDossier() {
		var filed = documents.of(ROUND);
		assertThat(filed).extracting(MatterDocuments.Document::name).containsExactly(
				"reports/" + ledgerReportId() + "-两个月整改情况报告.html", "reports/" + ledgerReportId() + "-两个月整改情况报告.docx");
		assertThat(filed.get(0).sha256()).isEqualTo(RoundReports.sha256(filed.get(0).content()));
		assertThat(documents.of("HZSW-2020-P1")).isEmpty();

		// The round's dossier carries them, listed in its manifest; its trail shows the signing.
		var zip = get(rest, "inspector", "/api/audit/" + ROUND + "/dossier", byte[].class);
		assertThat(zip.getStatusCode()).isEqualTo(HttpStatus.OK);
		java.util.Map<String, byte[]> entries = new java.util.HashMap<>();
		try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip.getBody()))) {
			for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
				entries.put(e.getName(), in.readAllBytes());
			}
		}
		catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
		assertThat(entries).containsKeys(filed.get(0).name(), filed.get(1).name());
		assertThat(RoundReports.sha256(entries.get(filed.get(0).name()))).isEqualTo(filed.get(0).sha256());
		assertThat(new String(entries.get("manifest.json"), java.nio.charset.StandardCharsets.UTF_8))
				.contains(filed.get(0).name(), filed.get(0).sha256());
		var trail = get(rest, "inspector", "/api/audit/" + ROUND, String.class);
		assertThat(trail.getBody()).contains("REPORT_SIGNED", "签发「");
	}

	@Test
	void anUnsignedReportIsRemindedAndUrgedToTheOfficeAndTheSecretaryOnceEach() {
		String round = "HZSW-2026-ZX";
		var reminded = service.alert(round, RoundReportKind.INTERIM, "REMIND");
		assertThat(reminded.notified()).containsExactlyInAnyOrder("office", "secretary");
		assertThat(service.alert(round, RoundReportKind.INTERIM, "REMIND").notified()).as("once only").isEmpty();
		assertThat(service.alert(round, RoundReportKind.INTERIM, "URGE").notified()).hasSize(2);
		assertThat(events.stream(cn.xuncha.rectify.system.AuditFact.class)
				.filter(f -> f.businessKey().equals(round)))
				.extracting(cn.xuncha.rectify.system.AuditFact::kind)
				.containsExactly("ROUND_REPORT_REMIND", "ROUND_REPORT_URGE");
	}

	@Test
	void aRoundHasOneReportOfEachKind() {
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.issue(ROUND, RoundReportKind.INTERIM, null,
				"再次签发", null, "secretary")).isInstanceOf(cn.xuncha.rectify.system.ConflictException.class);
	}

	@Test
	void aRoundsReportIsDueTwoMonthsAfterTheFeedbackUnlessRegisteredOtherwise() throws Exception {
		String body = """
				{"key": "%s", "title": "报告时限测试", "unit": "测试局", "inspectionTeam": "第一巡察组", "feedbackDate": "2026-11-20",
				 %s "categories": [{"title": "类别", "problems": [{"title": "问题", "department": "dept-law",
				 "leadLeader": "leader1", "measures": []}]}]}""";
		var byDefault = post("office", "/api/rounds", body.formatted("RPT-DEFAULT", ""));
		assertThat(byDefault.getStatusCode()).as(byDefault.getBody()).isEqualTo(HttpStatus.CREATED);
		assertThat(ledger.round("RPT-DEFAULT").reportDueDate()).hasToString("2027-01-20");
		assertThat(ledger.round("RPT-DEFAULT").planSignOff()).as("the test profile's default").isFalse();

		var registered = post("office", "/api/rounds",
				body.formatted("RPT-SET", "\"reportDueDate\": \"2027-02-10\", \"planSignOff\": true,"));
		assertThat(registered.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(ledger.round("RPT-SET").reportDueDate()).hasToString("2027-02-10");
		assertThat(ledger.round("RPT-SET").planSignOff()).isTrue();

		var early = post("office", "/api/rounds", body.formatted("RPT-EARLY", "\"reportDueDate\": \"2026-11-01\","));
		assertThat(early.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(early.getBody()).contains("reportDueDate", "早于反馈日期");
		assertThat(ledger.roundExists("RPT-EARLY")).isFalse();
	}

	@Test
	void theOfficeConfirmsTheRoundsSettingsWhenRegisteringTheFeedback() throws Exception {
		String body = """
				{"key": "RPT-FORM", "title": "登记设置测试", "feedbackDate": "2026-11-20", "categories": [{"title": "类别",
				 "problems": [{"title": "问题", "department": "dept-law", "leadLeader": "leader1", "measures": []}]}]}""";
		assertThat(post("office", "/api/rounds", body).getStatusCode()).isEqualTo(HttpStatus.CREATED);
		String task = JSON.readTree(rest.withBasicAuth("office", "demo").getForEntity(
				"/engine-rest/task?processInstanceBusinessKey=RPT-FORM&taskDefinitionKey=Task_RegisterFeedback",
				String.class).getBody()).get(0).get("id").asText();
		JsonNode shown = JSON.readTree(rest.withBasicAuth("office", "demo").getForEntity(
				"/engine-rest/task/" + task + "/form-variables?deserializeValues=false", String.class).getBody());
		assertThat(shown.get("reportDeadline").get("value").asText()).isEqualTo("2027-01-20");
		assertThat(shown.get("planSignOff").get("value").asBoolean()).isFalse();
		String problems = shown.get("problems").get("value").asText();
		post("office", "/engine-rest/task/" + task + "/claim", "{\"userId\": \"office\"}");

		var bad = post("office", "/engine-rest/task/" + task + "/complete", variables(problems, "2027-02-30"));
		assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(bad.getBody()).contains("整改情况报告报送时限");

		var done = post("office", "/engine-rest/task/" + task + "/complete", variables(problems, "2027-03-01"));
		assertThat(done.getStatusCode()).as(done.getBody()).isEqualTo(HttpStatus.NO_CONTENT);
		assertThat(ledger.round("RPT-FORM").reportDueDate()).hasToString("2027-03-01");
		assertThat(ledger.round("RPT-FORM").planSignOff()).isTrue();
	}

	private static String variables(String problems, String reportDeadline) throws Exception {
		return """
				{"variables": {"problems": {"value": %s, "type": "Json"}, "reportDeadline": {"value": "%s"},
				 "planSignOff": {"value": true}}}""".formatted(JSON.writeValueAsString(problems), reportDeadline);
	}

	private org.springframework.http.ResponseEntity<String> post(String user, String path, String json) {
		var headers = new org.springframework.http.HttpHeaders();
		headers.setContentType(org.springframework.http.MediaType.APPLICATION_JSON);
		return rest.withBasicAuth(user, "demo").postForEntity(path,
				new org.springframework.http.HttpEntity<>(json, headers), String.class);
	}

	private long ledgerReportId() {
		try {
			return JSON.readTree(get(rest, "office", "/api/rounds/" + ROUND + "/reports", String.class).getBody()).get(0)
					.get("id").asLong();
		}
		catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}
}
