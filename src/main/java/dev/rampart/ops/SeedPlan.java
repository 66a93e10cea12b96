package dev.rampart.ops;

/** The size of a synthetic data set. */
public record SeedPlan(int orgs, int users, int projects, long tasks) {

	public SeedPlan {
		if (orgs < 1 || users < orgs * 4 || projects < orgs || tasks < 0) {
			throw new IllegalArgumentException(
					"need at least 1 organization, 4 users and 1 project per organization, and no negative task count");
		}
	}

}
