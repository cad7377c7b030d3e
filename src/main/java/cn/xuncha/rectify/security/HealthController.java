package cn.xuncha.rectify.security;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The one endpoint open without login, for load balancers. */
@RestController
class HealthController {

	@GetMapping(SecurityConfiguration.HEALTH)
	Map<String, String> health() {
		return Map.of("status", "UP");
	}
}
