package cn.xuncha.rectify.security;

import java.util.Map;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The project's open health address, kept for load balancers set up before Actuator: it answers as
 * {@code /actuator/health/readiness} does, 503 OUT_OF_SERVICE until the demo and its users are loaded.
 */
@RestController
class HealthController {

	private final ApplicationAvailability availability;

	HealthController(ApplicationAvailability availability) {
		this.availability = availability;
	}

	@GetMapping(SecurityConfiguration.HEALTH)
	ResponseEntity<Map<String, String>> health() {
		if (availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC) {
			return ResponseEntity.ok(Map.of("status", "UP"));
		}
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("status", "OUT_OF_SERVICE"));
	}
}
