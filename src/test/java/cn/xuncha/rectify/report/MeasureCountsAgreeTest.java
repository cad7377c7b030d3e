package cn.xuncha.rectify.report;

import static cn.xuncha.rectify.report.ReportFixture.ROUND;
import static cn.xuncha.rectify.report.ReportFixture.expectedOverdue;
import static cn.xuncha.rectify.report.ReportFixture.get;
import static cn.xuncha.rectify.report.ReportFixture.measures;
import static cn.xuncha.rectify.report.ReportFixture.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;

import com.fasterxml.jackson.databind.JsonNode;

import cn.xuncha.rectify.ledger.Ledger;
import cn.xuncha.rectify.ledger.Measure;
import cn.xuncha.rectify.ledger.MeasureStatus;
import cn.xuncha.rectify.system.Now;

/**
 * The dashboard, the half-monthly review (dry run) and a progress notice count the same round on the same day alike,
 * including a measure whose plan still waits for approval past its deadline, where they used to disagree.
 * The measure moved back to PLANNED is restored afterwards; the other report tests compute their expectations from
 * the ledger at the time they run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class MeasureCountsAgreeTest {

	@Autowired
	TestRestTemplate rest;
	@Autowired
	Ledger ledger;

	@Test
	void dashboardReviewAndNoticeCountTheSameOverdueMeasures() {
		Measure late = measures(ledger).stream().filter(m -> m.isOpen() && m.isOverdue(Now.today())).findFirst()
				.orElseThrow();
		ledger.updateMeasureStatus(late.key(), MeasureStatus.PLANNED);
		try {
			countsAgree(late);
		}
		finally {
			ledger.updateMeasureStatus(late.key(), late.status());
		}
	}

	private void countsAgree(Measure late) {
		List<Measure> measures = measures(ledger);
		Set<String> ofRound = measures.stream().map(Measure::key).collect(Collectors.toSet());
		List<String> expected = expectedOverdue(measures);
		assertThat(expected).contains(late.key());

		JsonNode dashboard = get(rest, "office", "/api/dashboard/" + ROUND, JsonNode.class).getBody();
		var review = post(rest, "office", "/api/reviews?dryRun=true", JsonNode.class);
		assertThat(review.getStatusCode()).isEqualTo(HttpStatus.OK);
		var notice = post(rest, "office", "/api/rounds/" + ROUND + "/notices", JsonNode.class);
		assertThat(notice.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		JsonNode figures = get(rest, "office", notice.getBody().get("html").asText() + "/figures", JsonNode.class)
				.getBody();

		assertThat(keys(dashboard.get("overdue"))).isEqualTo(expected);
		assertThat(dashboard.get("totals").get("overdue").asInt()).isEqualTo(expected.size());
		assertThat(keys(figures.get("overdue"))).isEqualTo(expected);
		assertThat(figures.get("totals").get("overdue").asInt()).isEqualTo(expected.size());
		List<String> reviewed = new ArrayList<>();
		review.getBody().get("overdue").forEach(k -> reviewed.add(k.asText()));
		assertThat(reviewed.stream().filter(ofRound::contains).sorted().toList()).isEqualTo(expected);
		assertThat(dashboard.get("totals").get("open").asInt()).isEqualTo(figures.get("totals").get("open").asInt());
	}

	private static List<String> keys(JsonNode list) {
		List<String> keys = new ArrayList<>();
		list.forEach(o -> keys.add(o.get("key").asText()));
		return keys.stream().sorted().toList();
	}
}
