package dev.rampart.ratelimit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitSettingsUnitTests {

	@Test
	void capacitiesTheBucketsCannotRefillAreRefusedAtStartWithAReason() {
		assertThatThrownBy(() -> settings(Duration.ofMinutes(1), 60_000_000_001L))
			.hasMessageContaining("between 1 and the period in nanoseconds");
		assertThatThrownBy(() -> settings(Duration.ofMinutes(1), 0)).hasMessageContaining("between 1");
		assertThatThrownBy(() -> settings(Duration.ofMillis(10), 5)).hasMessageContaining("period");
		settings(Duration.ofMinutes(1), 60_000_000_000L);
	}

	@Test
	void theDefaultExpensiveRoutesIncludeSearchExportAndStartingFromATemplate() {
		RateLimitSettings defaults = new org.springframework.boot.context.properties.bind.Binder(
				new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(
						java.util.Map.of("rampart.rate-limit.enabled", "true")))
			.bindOrCreate("rampart.rate-limit", RateLimitSettings.class);
		org.springframework.util.AntPathMatcher matcher = new org.springframework.util.AntPathMatcher();
		java.util.function.Predicate<String> expensive = path -> defaults.expensiveRoutes()
			.stream()
			.anyMatch(pattern -> matcher.match(pattern, path));
		org.assertj.core.api.Assertions.assertThat(expensive)
			.accepts("/api/v1/orgs/5a1b/projects/from-template", "/api/v1/orgs/5a1b/audit/export",
					"/api/v1/templates/5a1b/versions/2/export")
			.rejects("/api/v1/orgs/5a1b/projects", "/api/v1/templates/5a1b");
	}

	private static RateLimitSettings settings(Duration period, long capacity) {
		return new RateLimitSettings(true, period, capacity, 600, 300, 50_000, 30, List.of("/x"), Duration.ofMinutes(5),
				0.05, Duration.ofMillis(500), 1000);
	}

}
