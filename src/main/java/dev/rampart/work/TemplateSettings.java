package dev.rampart.work;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code rampart.templates.*}: how many steps ({@code max-steps}, default 500) and
 * dependencies between them ({@code max-dependencies}, default 1000) one template may
 * have, how many templates an organization may keep ({@code max-per-organization},
 * default 200) and how many versions one template ({@code max-versions}, default 500).
 * Starting a project from a template is one transaction, so these also bound its size.
 */
@ConfigurationProperties("rampart.templates")
record TemplateSettings(@DefaultValue("500") int maxSteps, @DefaultValue("1000") int maxDependencies,
		@DefaultValue("200") int maxPerOrganization, @DefaultValue("500") int maxVersions) {

	TemplateSettings {
		require("max-steps", maxSteps, 5_000);
		require("max-dependencies", maxDependencies, 20_000);
		require("max-per-organization", maxPerOrganization, 10_000);
		require("max-versions", maxVersions, 100_000);
	}

	private static void require(String name, int value, int max) {
		if (value < 1 || value > max) {
			throw new IllegalArgumentException("rampart.templates." + name + " must be between 1 and " + max);
		}
	}

}
