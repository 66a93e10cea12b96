package dev.rampart.db;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The health component {@code database} (part of the readiness group): what the
 * availability probe last found, read without a query, so a health check never waits on
 * the database.
 */
@Component("databaseHealthIndicator")
class DatabaseHealthIndicator implements HealthIndicator {

	private final DatabaseAvailability availability;

	DatabaseHealthIndicator(DatabaseAvailability availability) {
		this.availability = availability;
	}

	@Override
	public Health health() {
		Health.Builder health = availability.isAvailable() ? Health.up() : Health.down();
		health.withDetail("since", availability.since().toString())
			.withDetail("outages", (long) availability.outages());
		if (!availability.problem().isEmpty()) {
			health.withDetail("lastProblem", availability.problem());
		}
		return health.build();
	}

}
