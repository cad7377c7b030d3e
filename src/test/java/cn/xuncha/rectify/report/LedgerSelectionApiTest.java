package cn.xuncha.rectify.report;

import static cn.xuncha.rectify.report.ReportFixture.ROUND;
import static cn.xuncha.rectify.report.ReportFixture.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.ActiveProfiles;

import com.fasterxml.jackson.databind.JsonNode;

import cn.xuncha.rectify.ledger.Ledger;

/**
 * The ledger API at province scale is read a page or a selection at a time: by department, status and light, in
 * pages that together are the whole ledger in its order; bad parameters get a 400 that names them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class LedgerSelectionApiTest {

	static final String PATH = "/api/rounds/" + ROUND + "/ledger";

	@Autowired
	TestRestTemplate rest;
	@Autowired
	Ledger ledger;

	@Test
	void pagesTogetherAreTheWholeLedgerInItsOrder() {
		List<String> whole = keys(read("office", PATH));
		assertThat(whole).hasSize(35);
		List<String> paged = new ArrayList<>();
		for (int page = 1; page <= 4; page++) {
			JsonNode reply = read("office", PATH + "?page=" + page + "&size=10");
			assertThat(reply.path("page").path("number").asInt()).isEqualTo(page);
			assertThat(reply.path("page").path("pages").asInt()).isEqualTo(4);
			assertThat(reply.path("page").path("measures").asInt()).isEqualTo(35);
			assertThat(reply.path("totals").path("measures").asInt()).isEqualTo(35);
			assertThat(keys(reply)).hasSize(page < 4 ? 10 : 5);
			paged.addAll(keys(reply));
		}
		assertThat(paged).isEqualTo(whole);
		assertThat(keys(read("office", PATH + "?page=5&size=10"))).isEmpty();
	}

	@Test
	void selectionsByDepartmentStatusAndLight() {
		JsonNode law = read("office", PATH + "?department=dept-law");
		assertThat(measures(law)).isNotEmpty().allMatch(m -> m.path("department").asText().equals("dept-law"));
		assertThat(law.path("totals").path("measures").asInt()).isEqualTo(measures(law).size());

		JsonNode overdue = read("office", PATH + "?status=OVERDUE");
		long expectedOverdue = measures(read("office", PATH)).stream().filter(m -> m.path("overdue").asBoolean())
				.count();
		assertThat(measures(overdue)).hasSize((int) expectedOverdue).allMatch(m -> m.path("overdue").asBoolean());
		assertThat(overdue.path("totals").path("overdue").asLong()).isEqualTo(expectedOverdue);

		JsonNode closed = read("office", PATH + "?status=CLOSED");
		assertThat(measures(closed)).allMatch(m -> m.path("status").asText().equals("CLOSED"));

		for (String light : List.of("GREEN", "YELLOW", "RED", "NONE")) {
			List<String> expected = ledger.markings(ROUND).stream()
					.filter(m -> light.equals(m.colour() == null ? "NONE" : m.colour())).map(Ledger.Marking::measureKey)
					.sorted().toList();
			assertThat(keys(read("office", PATH + "?light=" + light)).stream().sorted().toList()).as(light)
					.isEqualTo(expected);
		}
	}

	@Test
	void staffSelectWithinTheirDepartmentOnly() {
		assertThat(measures(read("staff-law", PATH + "?department=dept-eng"))).isEmpty();
		assertThat(measures(read("staff-law", PATH + "?page=1&size=1000")))
				.allMatch(m -> m.path("department").asText().equals("dept-law"));
	}

	@Test
	void badParametersAnswer400NamingThem() {
		for (String query : List.of("status=NOPE", "light=PURPLE", "page=0", "size=5000")) {
			var reply = get(rest, "office", PATH + "?" + query, String.class);
			assertThat(reply.getStatusCode()).as(query).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(reply.getBody()).as(query).contains(query.substring(0, query.indexOf('=')));
		}
	}

	private JsonNode read(String user, String path) {
		var reply = get(rest, user, path, JsonNode.class);
		assertThat(reply.getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
		return reply.getBody();
	}

	private static List<JsonNode> measures(JsonNode tree) {
		List<JsonNode> measures = new ArrayList<>();
		tree.path("categories").forEach(c -> c.path("problems").forEach(p -> p.path("measures").forEach(measures::add)));
		return measures;
	}

	private static List<String> keys(JsonNode tree) {
		return measures(tree).stream().map(m -> m.path("key").asText()).toList();
	}
}
