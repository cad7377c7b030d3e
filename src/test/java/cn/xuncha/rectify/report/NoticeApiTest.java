package cn.xuncha.rectify.report;

import static cn.xuncha.rectify.report.ReportFixture.ROUND;
import static cn.xuncha.rectify.report.ReportFixture.count;
import static cn.xuncha.rectify.report.ReportFixture.expectedOverdue;
import static cn.xuncha.rectify.report.ReportFixture.expectedRate;
import static cn.xuncha.rectify.report.ReportFixture.get;
import static cn.xuncha.rectify.report.ReportFixture.measures;
import static cn.xuncha.rectify.report.ReportFixture.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.apache.poi.xwpf.extractor.XWPFWordExtractor;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.xuncha.rectify.ledger.Ledger;
import cn.xuncha.rectify.ledger.Measure;
import cn.xuncha.rectify.ledger.MeasureStatus;
import cn.xuncha.rectify.ledger.Problem;
import cn.xuncha.rectify.system.Now;

/**
 * Progress notices (整改进展情况通报) on the demo round, through REST: the figures match the ledger, a published notice
 * never changes, the next one states what changed, the DOCX opens, and only the right people issue and read them.
 * Expectations are computed from the ledger at the time of the test, so other tests' changes do not matter.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class NoticeApiTest {

	static final ObjectMapper JSON = new ObjectMapper();

	@Autowired
	TestRestTemplate rest;
	@Autowired
	Ledger ledger;
	@Autowired
	JdbcClient jdbc;

	@Test
	void noticeStatesTheLedgersFiguresPerCategoryAndProblem() throws Exception {
		List<Measure> measures = measures(ledger);
		assertThat(measures).hasSize(35);
		JsonNode notice = issue("office");
		JsonNode figures = figures(notice);

		JsonNode totals = figures.get("totals");
		assertThat(totals.get("measures").asInt()).isEqualTo(35);
		assertThat(totals.get("completed").asLong()).isEqualTo(count(measures, MeasureStatus.CLOSED));
		assertThat(totals.get("longTerm").asLong()).isEqualTo(count(measures, MeasureStatus.LONG_TERM));
		assertThat(totals.get("open").asLong()).isEqualTo(measures.stream().filter(m -> m.status().isOpen()).count());
		assertThat(totals.get("completionRate").asText()).isEqualTo(expectedRate(measures))
				.matches("\\d{1,3}\\.\\d{2}%");
		assertThat(notice.get("completionRate").asText()).isEqualTo(expectedRate(measures));

		long roundId = ledger.round(ROUND).id();
		var categories = ledger.categories(roundId);
		assertThat(figures.get("categories")).hasSize(categories.size()).hasSize(3);
		Map<Long, List<Measure>> byProblem = measures.stream().collect(Collectors.groupingBy(Measure::problemId));
		Map<String, Problem> problems = ledger.problemsOfRound(roundId).stream()
				.collect(Collectors.toMap(Problem::key, Function.identity()));
		int problemCount = 0;
		for (JsonNode category : figures.get("categories")) {
			int categoryMeasures = 0;
			for (JsonNode p : category.get("problems")) {
				problemCount++;
				List<Measure> own = byProblem.get(problems.get(p.get("key").asText()).id());
				assertThat(keys(p.get("completed"))).as(p.get("key").asText())
						.containsExactlyElementsOf(keysOf(own, MeasureStatus.CLOSED));
				assertThat(keys(p.get("longTerm"))).containsExactlyElementsOf(keysOf(own, MeasureStatus.LONG_TERM));
				assertThat(keys(p.get("open"))).containsExactlyElementsOf(
						own.stream().filter(m -> m.status().isOpen()).map(Measure::key).toList());
				assertThat(p.get("tally").get("measures").asInt()).isEqualTo(own.size());
				categoryMeasures += own.size();
			}
			assertThat(category.get("tally").get("measures").asInt()).isEqualTo(categoryMeasures);
		}
		assertThat(problemCount).isEqualTo(8);

		List<String> overdue = keys(figures.get("overdue"));
		assertThat(overdue.stream().sorted().toList()).isEqualTo(expectedOverdue(measures)).isNotEmpty();
		for (JsonNode o : figures.get("overdue")) {
			Measure m = ledger.measure(o.get("key").asText());
			assertThat(o.get("deadline").asText()).isEqualTo(m.deadline().toString());
			assertThat(o.get("daysOverdue").asLong()).isEqualTo(ChronoUnit.DAYS.between(m.deadline(), Now.today()));
			assertThat(o.get("departmentName").asText()).isNotBlank().doesNotStartWith("dept-");
			assertThat(o.get("responsiblePersonName").asText()).isNotBlank().doesNotStartWith("staff-");
		}
		assertThat(figures.get("talks").asInt()).isEqualTo(talksOfRound());
		Map<String, Integer> levels = new java.util.HashMap<>();
		jdbc.sql("""
				select e.level, count(*) from rect_escalation e join rect_measure m on m.id = e.measure_id
				join rect_problem p on p.id = m.problem_id where p.round_id = ? group by e.level""").param(roundId)
				.query(rs -> {
					levels.put(rs.getString(1), rs.getInt(2));
				});
		assertThat(levels).isNotEmpty();
		levels.forEach((level, n) -> assertThat(figures.get("escalations").get(level).asInt()).as(level).isEqualTo(n));

		var html = get(rest, "office", notice.get("html").asText(), String.class);
		assertThat(html.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(html.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
		assertThat(html.getBody()).contains("海珠区水务局党组关于巡察整改进展情况的通报", "（第" + notice.get("seq").asInt() + "期）",
				"区委第二巡察组于2020年10月20日", "整改完成率为" + expectedRate(measures), "（一）", "（三）", "1.关于",
				"已完成（", "基本完成并长期坚持（", "尚未完成（", "逾期天数", "谈话提醒");
		overdue.forEach(key -> assertThat(html.getBody()).contains(key));
	}

	@Test
	void publishedNoticeIsFrozenAndTheNextStatesTheChange() throws Exception {
		JsonNode first = issue("office");
		byte[] firstHtml = get(rest, "inspector", first.get("html").asText(), byte[].class).getBody();
		byte[] firstDocx = get(rest, "inspector", first.get("docx").asText(), byte[].class).getBody();
		JsonNode firstFigures = figures(first);

		List<Measure> measures = measures(ledger);
		Measure toClose = measures.stream().filter(m -> m.status() == MeasureStatus.IN_PROGRESS)
				.filter(m -> m.deadline().isBefore(Now.today())).findFirst().orElseThrow();
		Measure toBeOverdue = measures.stream().filter(m -> m.status() == MeasureStatus.IN_PROGRESS)
				.filter(m -> m.deadline().isAfter(Now.today())).findFirst().orElseThrow();
		LocalDate newDeadline = Now.today().minusDays(3);
		try {
			jdbc.sql("update rect_measure set status = 'CLOSED', closed_at = ? where id = ?")
					.params(Timestamp.from(Now.instant()), toClose.id()).update();
			jdbc.sql("update rect_measure set deadline = ? where id = ?").params(newDeadline, toBeOverdue.id()).update();
			jdbc.sql("""
					insert into rect_talk (measure_id, leader, held_on, place, participants, content, recorded_at)
					values (?, 'leader1', ?, '局会议室', '李建华、吴强', '督促整改进度。', ?)""")
					.params(toBeOverdue.id(), Now.today(), Timestamp.from(Now.instant())).update();

			JsonNode second = issue("secretary");
			assertThat(second.get("seq").asInt()).isEqualTo(first.get("seq").asInt() + 1);

			// The first notice reads exactly as it was published.
			assertThat(get(rest, "inspector", first.get("html").asText(), byte[].class).getBody()).isEqualTo(firstHtml);
			assertThat(get(rest, "inspector", first.get("docx").asText(), byte[].class).getBody()).isEqualTo(firstDocx);
			assertThat(figures(first)).isEqualTo(firstFigures);
			assertThat(keys(firstFigures.get("overdue"))).contains(toClose.key()).doesNotContain(toBeOverdue.key());
			assertThat(new String(firstHtml, StandardCharsets.UTF_8)).contains("整改完成率为" + first.get("completionRate").asText());

			JsonNode change = figures(second).get("change");
			assertThat(change.get("previousSeq").asInt()).isEqualTo(first.get("seq").asInt());
			assertThat(keys(change.get("newlyCompleted"))).containsExactly(toClose.key());
			assertThat(keys(change.get("newlyOverdue"))).containsExactly(toBeOverdue.key());
			BigDecimal delta = percent(second.get("completionRate").asText())
					.subtract(percent(first.get("completionRate").asText()));
			assertThat(delta).isPositive();
			assertThat(new BigDecimal(change.get("rateDelta").asText())).isEqualByComparingTo(delta);
			assertThat(figures(second).get("talks").asInt()).isEqualTo(firstFigures.get("talks").asInt() + 1);

			String secondHtml = get(rest, "leader1", second.get("html").asText(), String.class).getBody();
			assertThat(secondHtml).contains("与第" + first.get("seq").asInt() + "期通报",
					"完成率提高" + delta.toPlainString() + "个百分点", "本期新完成", toClose.key(), "本期新增逾期",
					toBeOverdue.key(), "开展谈话提醒" + (firstFigures.get("talks").asInt() + 1) + "次");

			var list = get(rest, "inspector", "/api/rounds/" + ROUND + "/notices", JsonNode.class).getBody();
			assertThat(list.get(0).get("id").asLong()).isEqualTo(second.get("id").asLong());
			assertThat(list.get(1).get("id").asLong()).isEqualTo(first.get("id").asLong());
		}
		finally {
			jdbc.sql("update rect_measure set status = ?, closed_at = null where id = ?")
					.params(toClose.status().name(), toClose.id()).update();
			jdbc.sql("update rect_measure set deadline = ? where id = ?").params(toBeOverdue.deadline(), toBeOverdue.id())
					.update();
			jdbc.sql("delete from rect_talk where measure_id = ? and content = '督促整改进度。'").param(toBeOverdue.id())
					.update();
		}
	}

	@Test
	void docxOpensWithTitleAndRate() throws Exception {
		JsonNode notice = issue("office");
		var docx = get(rest, "leader1", notice.get("docx").asText(), byte[].class);
		assertThat(docx.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(docx.getHeaders().getContentType()).isEqualTo(NoticeController.DOCX);
		assertThat(docx.getHeaders().getContentDisposition().getFilename()).endsWith(".docx");
		try (var doc = new XWPFDocument(new ByteArrayInputStream(docx.getBody()));
				var text = new XWPFWordExtractor(doc)) {
			assertThat(doc.getParagraphs().get(0).getText()).isEqualTo("海珠区水务局党组关于巡察整改进展情况的通报");
			assertThat(text.getText()).contains("（第" + notice.get("seq").asInt() + "期）",
					"整改完成率为" + notice.get("completionRate").asText(), "逾期天数");
			assertThat(doc.getTables()).hasSize(1);
			assertThat(doc.getTables().get(0).getNumberOfRows()).isEqualTo(figures(notice).get("overdue").size() + 1);
		}
	}

	@Test
	void dataInTheNoticeIsEscaped() throws Exception {
		Measure measure = measures(ledger).get(0);
		try {
			jdbc.sql("update rect_measure set text = ? where id = ?")
					.params("<script>alert('x')</script>& \"quoted\"", measure.id()).update();
			JsonNode notice = issue("office");
			String html = get(rest, "office", notice.get("html").asText(), String.class).getBody();
			assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;");
			var headers = get(rest, "office", notice.get("html").asText(), String.class).getHeaders();
			assertThat(headers.getFirst("Content-Security-Policy")).contains("default-src 'none'");
		}
		finally {
			jdbc.sql("update rect_measure set text = ? where id = ?").params(measure.text(), measure.id()).update();
		}
	}

	@Test
	void onlyOfficeAndSecretaryIssueAndOnlyThoseWhoSeeAllRead() throws Exception {
		int before = jdbc.sql("select count(*) from rect_notice").query(Integer.class).single();
		String path = "/api/rounds/" + ROUND + "/notices";
		assertThat(post(rest, "staff-law", path, String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(post(rest, "leader1", path, String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(post(rest, "inspector", path, String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(post(rest, null, path, String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(jdbc.sql("select count(*) from rect_notice").query(Integer.class).single()).isEqualTo(before);

		JsonNode notice = issue("office");
		for (String url : List.of(path, notice.get("html").asText(), notice.get("docx").asText())) {
			assertThat(get(rest, "staff-law", url, String.class).getStatusCode()).as(url).isEqualTo(HttpStatus.FORBIDDEN);
			assertThat(get(rest, null, url, String.class).getStatusCode()).as(url).isEqualTo(HttpStatus.UNAUTHORIZED);
			for (String reader : List.of("leader2", "inspector", "secretary", "admin")) {
				assertThat(get(rest, reader, url, String.class).getStatusCode()).as(reader + " " + url)
						.isEqualTo(HttpStatus.OK);
			}
		}
		assertThat(get(rest, "office", "/api/notices/999999", String.class).getStatusCode())
				.isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(post(rest, "office", "/api/rounds/NO-SUCH/notices", String.class).getStatusCode())
				.isEqualTo(HttpStatus.NOT_FOUND);
	}

	private JsonNode issue(String user) throws Exception {
		var response = post(rest, user, "/api/rounds/" + ROUND + "/notices", String.class);
		assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.CREATED);
		JsonNode notice = JSON.readTree(response.getBody());
		assertThat(notice.get("id").asLong()).isPositive();
		assertThat(response.getHeaders().getLocation().getPath()).isEqualTo("/api/notices/" + notice.get("id").asLong());
		return notice;
	}

	private JsonNode figures(JsonNode notice) throws Exception {
		var response = get(rest, "office", notice.get("html").asText() + "/figures", String.class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		return JSON.readTree(response.getBody());
	}

	private int talksOfRound() {
		return jdbc.sql("""
				select count(*) from rect_talk t join rect_measure m on m.id = t.measure_id
				join rect_problem p on p.id = m.problem_id where p.round_id = ?""").param(ledger.round(ROUND).id())
				.query(Integer.class).single();
	}

	private static List<String> keys(JsonNode array) {
		List<String> keys = new ArrayList<>();
		StreamSupport.stream(array.spliterator(), false).forEach(n -> keys.add(n.get("key").asText()));
		return keys;
	}

	private static List<String> keysOf(List<Measure> measures, MeasureStatus status) {
		return measures.stream().filter(m -> m.status() == status).map(Measure::key).toList();
	}

	private static BigDecimal percent(String rate) {
		return new BigDecimal(rate.replace("%", ""));
	}
}
