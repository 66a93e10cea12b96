package dev.rampart.restapi;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Liveness for load balancers: open, and tells nothing about the system beyond "up". */
@RestController
class HealthController {

	@GetMapping("/api/v1/health")
	Map<String, String> health() {
		return Map.of("status", "up");
	}

}
