package dev.rampart.work;

import dev.rampart.Api;
import dev.rampart.Api.TestUser;
import java.util.Map;

/**
 * A project's lead (the organization's owner) and a contributor (an organization member
 * with the contributor role in the project): the cast of the planning tests.
 */
public record ProjectTeam(TestUser lead, TestUser contributor, String org, String project) {

	public static ProjectTeam create(Api api, String hint, String orgName, String projectName) {
		TestUser lead = api.newUser(hint + "-lead");
		TestUser contributor = api.newUser(hint + "-contributor");
		String org = api.create("/api/v1/orgs", lead.token(), Map.of("name", orgName));
		api.create("/api/v1/orgs/" + org + "/members", lead.token(),
				Map.of("email", contributor.email(), "role", "member"));
		String project = api.create("/api/v1/orgs/" + org + "/projects", lead.token(), Map.of("name", projectName));
		api.create("/api/v1/projects/" + project + "/members", lead.token(),
				Map.of("email", contributor.email(), "role", "contributor"));
		return new ProjectTeam(lead, contributor, org, project);
	}

}
