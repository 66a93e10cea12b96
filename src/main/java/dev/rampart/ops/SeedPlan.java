package dev.rampart.ops;

/** The size of a synthetic data set. */
public record SeedPlan(int orgs, int users, int projects, long tasks) {

	/**
	 * What a plan needs: every organization gets an owner, an admin, a member and a
	 * guest, and a project.
	 */
	public static final String MINIMUMS = "at least 1 organization, 4 users and 1 project per organization,"
			+ " and 0 or more tasks";

	public SeedPlan {
		if (orgs < 1 || users < orgs * 4L || projects < orgs || tasks < 0 || orgs > 100_000 || users > 10_000_000
				|| projects > 1_000_000 || tasks > 100_000_000) {
			throw new IllegalArgumentException("a seed needs " + MINIMUMS + " (and at most 100000 organizations,"
					+ " 10000000 users, 1000000 projects, 100000000 tasks); asked for " + orgs + " organizations, "
					+ users + " users, " + projects + " projects, " + tasks + " tasks");
		}
	}

}
