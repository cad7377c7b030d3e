package cn.xuncha.rectify.report;

import static cn.xuncha.rectify.report.ReportFixture.ROUND;
import static cn.xuncha.rectify.report.ReportFixture.count;
import static cn.xuncha.rectify.report.ReportFixture.expectedOverdue;
import static cn.xuncha.rectify.report.ReportFixture.expectedRate;
import static cn.xuncha.rectify.report.ReportFixture.get;
import static cn.xuncha.rectify.report.ReportFixture.measures;
import static cn.xuncha.rectify.report.ReportFixture.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import com.fasterxml.jackson.databind.JsonNode;

import cn.xuncha.rectify.ledger.Ledger;
import cn.xuncha.rectify.ledger.Measure;
import cn.xuncha.rectify.ledger.MeasureStatus;

/** The dashboard's data (整改看板) on the demo round: its shape, its numbers against the ledger, who may see it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class DashboardApiTest {

	static final String PATH = "/api/dashboard/" + ROUND;

	@Autowired
	TestRestTemplate rest;
	@Autowired
	Ledger ledger;
	@Autowired
	JdbcClient jdbc;

	@Test
	void dashboardCountsTheLedger() {
		assertThat(post(rest, "office", "/api/rounds/" + ROUND + "/notices", String.class).getStatusCode())
				.isEqualTo(HttpStatus.CREATED);
		var response = get(rest, "office", PATH, JsonNode.class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		JsonNode d = response.getBody();
		List<Measure> measures = measures(ledger);

		assertThat(d.get("round").get("id").asText()).isEqualTo(ROUND);
		assertThat(d.get("round").get("inspectionTeam").asText()).isEqualTo("区委第二巡察组");
		assertThat(d.get("viewer").get("name").asText()).isEqualTo("刘芳");
		assertThat(d.get("viewer").get("mayIssueNotices").asBoolean()).isTrue();
		assertThat(d.get("viewer").get("maySampleRechecks").asBoolean()).isTrue();
		JsonNode totals = d.get("totals");
		assertThat(totals.get("measures").asInt()).isEqualTo(35);
		assertThat(totals.get("completed").asLong()).isEqualTo(count(measures, MeasureStatus.CLOSED));
		assertThat(totals.get("longTerm").asLong()).isEqualTo(count(measures, MeasureStatus.LONG_TERM));
		assertThat(totals.get("completionRate").asText()).isEqualTo(expectedRate(measures));

		assertThat(d.get("byCategory")).hasSize(3);
		assertThat(sum(d.get("byCategory"), "measures")).isEqualTo(35);
		assertThat(sum(d.get("byCategory"), "completed")).isEqualTo(count(measures, MeasureStatus.CLOSED));
		Map<String, Long> perDepartment = measures.stream()
				.collect(Collectors.groupingBy(Measure::department, Collectors.counting()));
		assertThat(d.get("byDepartment")).hasSize(perDepartment.size());
		for (JsonNode bar : d.get("byDepartment")) {
			assertThat(bar.get("tally").get("measures").asLong()).isEqualTo(perDepartment.get(bar.get("key").asText()));
			assertThat(bar.get("label").asText()).doesNotStartWith("dept-");
		}

		JsonNode lights = d.get("lights");
		Map<String, Integer> colours = new java.util.HashMap<>();
		jdbc.sql("""
				select m.colour, count(*) from rect_measure m join rect_problem p on p.id = m.problem_id
				where p.round_id = ? and m.status in ('PLANNED', 'IN_PROGRESS', 'CLOSURE_REQUESTED', 'REBOUND')
				group by m.colour""").param(ledger.round(ROUND).id())
				.query(rs -> {
					colours.put(rs.getString(1) == null ? "NONE" : rs.getString(1), rs.getInt(2));
				});
		assertThat(lights.get("red").asInt()).isEqualTo(colours.getOrDefault("RED", 0)).isPositive();
		assertThat(lights.get("yellow").asInt()).isEqualTo(colours.getOrDefault("YELLOW", 0));
		assertThat(lights.get("green").asInt()).isEqualTo(colours.getOrDefault("GREEN", 0));
		assertThat(lights.get("unreviewed").asInt()).isEqualTo(colours.getOrDefault("NONE", 0));
		assertThat(lights.get("redMeasures")).hasSize(lights.get("red").asInt());

		List<String> overdue = new ArrayList<>();
		d.get("overdue").forEach(o -> overdue.add(o.get("key").asText()));
		assertThat(overdue.stream().sorted().toList()).isEqualTo(expectedOverdue(measures));
		assertThat(d.get("overdue").get(0).get("daysOverdue").asLong())
				.isGreaterThanOrEqualTo(d.get("overdue").get(overdue.size() - 1).get("daysOverdue").asLong());

		assertThat(d.get("trend")).isNotEmpty();
		JsonNode last = d.get("trend").get(d.get("trend").size() - 1);
		assertThat(last.get("reviewedOn").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
		assertThat(last.get("red").asInt() + last.get("yellow").asInt() + last.get("green").asInt()).isPositive();

		assertThat(d.get("notices")).isNotEmpty();
		assertThat(d.get("notices").get(0).get("html").asText()).startsWith("/api/notices/");
		assertThat(d.get("talks").asInt()).isNotNegative();
	}

	@Test
	void leadersOfficeSecretaryInspectorsAndAdminSeeItStaffDoNot() {
		for (String user : List.of("leader1", "secretary", "office", "inspector", "admin")) {
			assertThat(get(rest, user, PATH, String.class).getStatusCode()).as(user).isEqualTo(HttpStatus.OK);
		}
		assertThat(get(rest, "leader1", PATH, JsonNode.class).getBody().get("viewer").get("mayIssueNotices")
				.asBoolean()).isFalse();
		assertThat(get(rest, "secretary", PATH, JsonNode.class).getBody().get("viewer").get("maySampleRechecks")
				.asBoolean()).isFalse();
		var refused = get(rest, "staff-law", PATH, JsonNode.class);
		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(refused.getBody().get("message").asText()).contains("整改看板");
		assertThat(get(rest, null, PATH, String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(get(rest, "office", "/api/dashboard/NO-SUCH", String.class).getStatusCode())
				.isEqualTo(HttpStatus.NOT_FOUND);
	}

	@Test
	void pagesNeedLoginAndTheWelcomePageLinksThem() {
		assertThat(get(rest, null, "/pages/dashboard.html", String.class).getStatusCode())
				.isEqualTo(HttpStatus.UNAUTHORIZED);
		// A browser without a session is sent to the login of the Camunda webapps.
		var browser = new org.springframework.http.HttpHeaders();
		browser.setAccept(List.of(MediaType.TEXT_HTML));
		var redirect = rest.exchange("/pages/dashboard.html", org.springframework.http.HttpMethod.GET,
				new org.springframework.http.HttpEntity<>(browser), String.class);
		// (the test client follows the redirect: it lands on the welcome app, not on the dashboard)
		assertThat(redirect.getStatusCode()).isIn(HttpStatus.FOUND, HttpStatus.OK);
		assertThat(redirect.getStatusCode() == HttpStatus.FOUND ? redirect.getHeaders().getLocation().getPath()
				: redirect.getBody()).contains("welcome").doesNotContain("dashboard.js");
		for (String page : List.of("/pages/dashboard.html", "/pages/notice.html")) {
			var html = get(rest, "inspector", page, String.class);
			assertThat(html.getStatusCode()).as(page).isEqualTo(HttpStatus.OK);
			assertThat(html.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
			assertThat(html.getBody()).doesNotContain("http://", "https://").contains("lang=\"zh-CN\"");
		}
		String config = get(rest, null, "/camunda/app/welcome/scripts/config.js", String.class).getBody();
		assertThat(config).contains("links", "整改看板", "/pages/dashboard.html", "审计追溯", "/pages/audit.html");
	}

	private static long sum(JsonNode bars, String field) {
		long sum = 0;
		for (JsonNode bar : bars) {
			sum += bar.get("tally").get(field).asLong();
		}
		return sum;
	}
}
