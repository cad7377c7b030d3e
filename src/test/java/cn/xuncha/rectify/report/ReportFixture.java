package cn.xuncha.rectify.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

import cn.xuncha.rectify.ledger.Ledger;
import cn.xuncha.rectify.ledger.Measure;
import cn.xuncha.rectify.ledger.MeasureStatus;
import cn.xuncha.rectify.system.Now;

/**
 * The demo round HZSW-2020 (profile test) as the report tests read it: requests as its people, and the expected
 * figures computed straight from the ledger, never through the report code.
 */
final class ReportFixture {

	static final String ROUND = "HZSW-2020";
	static final String PASSWORD = "demo";

	private ReportFixture() {
	}

	static <T> ResponseEntity<T> get(TestRestTemplate rest, String user, String path, Class<T> type) {
		return as(rest, user).getForEntity(path, type);
	}

	static <T> ResponseEntity<T> post(TestRestTemplate rest, String user, String path, Class<T> type) {
		return as(rest, user).exchange(path, HttpMethod.POST, null, type);
	}

	private static TestRestTemplate as(TestRestTemplate rest, String user) {
		return user == null ? rest : rest.withBasicAuth(user, PASSWORD);
	}

	static List<Measure> measures(Ledger ledger) {
		return ledger.measuresOfRound(ledger.round(ROUND).id());
	}

	static long count(List<Measure> measures, MeasureStatus... statuses) {
		var wanted = List.of(statuses);
		return measures.stream().filter(m -> wanted.contains(m.status())).count();
	}

	/** 完成率 = (completed + long-term) / total, two decimals. */
	static String expectedRate(List<Measure> measures) {
		long done = count(measures, MeasureStatus.CLOSED, MeasureStatus.LONG_TERM);
		return BigDecimal.valueOf(done * 100).divide(BigDecimal.valueOf(measures.size()), 2, RoundingMode.HALF_UP)
				+ "%";
	}

	/** Open measures whose deadline is before today. */
	static List<String> expectedOverdue(List<Measure> measures) {
		return measures.stream()
				.filter(m -> m.status().isOpen() && m.deadline() != null && m.deadline().isBefore(Now.today()))
				.map(Measure::key).sorted().toList();
	}
}
