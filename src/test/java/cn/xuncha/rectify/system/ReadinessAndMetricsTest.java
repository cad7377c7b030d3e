package cn.xuncha.rectify.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * Operations' view of the application: the probes are open and follow readiness (which waits for the demo), the
 * Prometheus scrape is for office and admin only and carries the review, escalation, seal, job and HTTP figures.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext(classMode = DirtiesContext.ClassMode.BEFORE_CLASS)
class ReadinessAndMetricsTest {

	@Autowired
	TestRestTemplate rest;
	@Autowired
	ApplicationContext context;

	@Test
	void probesAreOpenAndReadyOnceTheDemoIsLoaded() {
		assertThat(anonymous("/actuator/health/liveness").getBody()).contains("\"status\":\"UP\"");
		var readiness = anonymous("/actuator/health/readiness");
		assertThat(readiness.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(readiness.getBody()).contains("\"status\":\"UP\"");
		// the demo's users exist by the time readiness says UP
		assertThat(as("office", "/api/rounds").getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(anonymous("/api/health").getStatusCode()).isEqualTo(HttpStatus.OK);
	}

	@Test
	void notReadyAnswers503OnBothHealthAddresses() {
		AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
		try {
			var readiness = anonymous("/actuator/health/readiness");
			assertThat(readiness.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(readiness.getBody()).contains("OUT_OF_SERVICE");
			var health = anonymous("/api/health");
			assertThat(health.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(health.getBody()).isEqualTo("{\"status\":\"OUT_OF_SERVICE\"}");
			// liveness is not readiness: a load balancer waits, the orchestrator does not restart
			assertThat(anonymous("/actuator/health/liveness").getStatusCode()).isEqualTo(HttpStatus.OK);
		}
		finally {
			AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
		}
	}

	@Test
	void scrapeNeedsOfficeOrAdmin() {
		assertThat(anonymous("/actuator/prometheus").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(as("staff-law", "/actuator/prometheus").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(as("inspector", "/actuator/prometheus").getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		// nothing but health and prometheus is exposed, not even to the admin
		assertThat(anonymous("/actuator/env").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(as("admin", "/actuator/env").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(as("admin", "/actuator").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
	}

	@Test
	void scrapeShowsTheReviewItsActionsTheSealTheJobsAndHttpLatency() {
		// the demo ran the previous review itself
		String reviews = "rectify_review_duration_seconds_count\\{dry_run=\"false\"[^}]*\\}";
		double before = value(as("admin", "/actuator/prometheus").getBody(), reviews);
		var review = rest.withBasicAuth("office", "demo").postForEntity("/api/reviews", null, String.class);
		assertThat(review.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);

		var scrape = as("admin", "/actuator/prometheus");
		assertThat(scrape.getStatusCode()).isEqualTo(HttpStatus.OK);
		String text = scrape.getBody();
		assertThat(value(text, reviews)).isEqualTo(before + 1);
		assertThat(value(text, "rectify_review_duration_seconds_sum\\{dry_run=\"false\"[^}]*\\}")).isPositive();
		assertThat(value(text, "rectify_escalation_actions_opened_total\\{level=\"SUPERVISE\"[^}]*\\}")).isPositive();
		assertThat(value(text, "rectify_escalation_actions_opened_total\\{level=\"TALK\"[^}]*\\}")).isPositive();
		assertThat(value(text, "rectify_audit_unsealed_records(?:\\{[^}]*\\})?")).isNotNegative();
		assertThat(value(text, "rectify_jobs_executable(?:\\{[^}]*\\})?")).isNotNegative();
		assertThat(value(text, "http_server_requests_seconds_count\\{[^}]*uri=\"/api/reviews\"[^}]*\\}")).isPositive();
		assertThat(text).containsPattern("http_server_requests_seconds_bucket\\{[^}]*uri=\"/api/reviews\"");
		assertThat(value(text, "rectify_review_duration_seconds_bucket\\{dry_run=\"false\",le=\"\\+Inf\"[^}]*\\}"))
				.isEqualTo(before + 1);
	}

	private ResponseEntity<String> anonymous(String path) {
		return rest.getForEntity(path, String.class);
	}

	private ResponseEntity<String> as(String user, String path) {
		return rest.withBasicAuth(user, "demo").getForEntity(path, String.class);
	}

	/** The sample's value of the first series matching the name and labels. */
	private static double value(String scrape, String series) {
		Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(scrape);
		assertThat(m.find()).as("series %s in%n%s", series, scrape.lines().filter(l -> l.startsWith("rectify")).toList())
				.isTrue();
		return Double.parseDouble(m.group(1));
	}
}
