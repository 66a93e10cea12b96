package dev.rampart.restapi;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Health for load balancers and orchestrators on the public port: Actuator's health
 * groups {@code readiness} (the process is ready and the database answers; also
 * {@code /api/v1/health}) and {@code liveness} (the process can serve). Only the status,
 * 200 when up and 503 otherwise; the details are on the management port, which listens on
 * loopback.
 */
@Tag(name = "Health", description = "Readiness and liveness for load balancers.")
@RestController
class HealthController {

	private final HealthEndpoint health;

	HealthController(HealthEndpoint health) {
		this.health = health;
	}

	@Operation(operationId = "getHealth", summary = "Is Rampart up",
			description = "The same answer as /api/v1/health/readiness.")
	@GetMapping("/api/v1/health")
	ResponseEntity<Map<String, String>> health() {
		return readiness();
	}

	@Operation(operationId = "getReadiness", summary = "Is Rampart ready to serve",
			description = "200 UP, or 503 while the database is unavailable.")
	@GetMapping("/api/v1/health/readiness")
	ResponseEntity<Map<String, String>> readiness() {
		return answer(health.healthForPath("readiness"));
	}

	@Operation(operationId = "getLiveness", summary = "Is the process alive")
	@GetMapping("/api/v1/health/liveness")
	ResponseEntity<Map<String, String>> liveness() {
		return answer(health.healthForPath("liveness"));
	}

	private static ResponseEntity<Map<String, String>> answer(@Nullable HealthDescriptor group) {
		Status status = group == null ? Status.UNKNOWN : group.getStatus();
		boolean up = Status.UP.equals(status);
		return ResponseEntity.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
			.body(Map.of("status", up ? "up" : status.getCode().toLowerCase(Locale.ROOT)));
	}

}
