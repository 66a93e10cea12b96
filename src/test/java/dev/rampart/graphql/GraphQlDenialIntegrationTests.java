package dev.rampart.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api;
import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Denial paths of the GraphQL fields and mutations the generated matrix does not drive:
 * member management mutations, the back-links from a task to its project and from a
 * project to its organization, and the viewer's own lists.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GraphQlDenialIntegrationTests extends IntegrationTest {

	private Api api;

	private TestUser owner;

	private TestUser member;

	private TestUser guest;

	private TestUser outsider;

	private String org;

	private String project;

	private String task;

	@BeforeAll
	void world() {
		api = api();
		owner = api.newUser("gd-owner");
		member = api.newUser("gd-member");
		guest = api.newUser("gd-guest");
		outsider = api.newUser("gd-outsider");
		org = api.create("/api/v1/orgs", owner.token(), Map.of("name", "Denials"));
		api.create("/api/v1/orgs/" + org + "/members", owner.token(),
				Map.of("email", member.email(), "role", "member"));
		api.create("/api/v1/orgs/" + org + "/members", owner.token(), Map.of("email", guest.email(), "role", "guest"));
		project = api.create("/api/v1/orgs/" + org + "/projects", owner.token(), Map.of("name", "P"));
		api.create("/api/v1/projects/" + project + "/members", owner.token(),
				Map.of("email", member.email(), "role", "contributor"));
		task = api.create("/api/v1/projects/" + project + "/tasks", owner.token(),
				Map.of("title", "Shared", "visibility", "restricted"));
		api.create("/api/v1/tasks/" + task + "/grants", owner.token(),
				Map.of("email", guest.email(), "role", "viewer"));
	}

	@Test
	void memberManagementMutationsAreDeniedToNonAdminsAndHiddenFromOutsiders() {
		String[] mutations = {
				"mutation($o: ID!, $u: ID!) { changeOrganizationMemberRole(organizationId: $o, userId: $u, role: admin) { role } }",
				"mutation($o: ID!, $u: ID!) { removeOrganizationMember(organizationId: $o, userId: $u) }" };
		for (String mutation : mutations) {
			Map<String, Object> variables = Map.of("o", org, "u", guest.id());
			assertThat(classification(api.graphql(member.token(), mutation, variables))).isEqualTo("FORBIDDEN");
			assertThat(classification(api.graphql(outsider.token(), mutation, variables))).isEqualTo("NOT_FOUND");
		}
		String[] projectMutations = {
				"mutation($p: ID!, $u: ID!) { changeProjectMemberRole(projectId: $p, userId: $u, role: \"viewer\") { role } }",
				"mutation($p: ID!, $u: ID!) { removeProjectMember(projectId: $p, userId: $u) }" };
		for (String mutation : projectMutations) {
			Map<String, Object> variables = Map.of("p", project, "u", member.id());
			assertThat(classification(api.graphql(member.token(), mutation, variables))).isEqualTo("FORBIDDEN");
			assertThat(classification(api.graphql(guest.token(), mutation, variables))).isEqualTo("NOT_FOUND");
			assertThat(classification(api.graphql(outsider.token(), mutation, variables))).isEqualTo("NOT_FOUND");
		}
		JsonNode changed = GraphQlIntegrationTests
			.ok(api.graphql(owner.token(), projectMutations[0], Map.of("p", project, "u", member.id())));
		assertThat(changed.path("changeProjectMemberRole").path("role").asString()).isEqualTo("viewer");
	}

	@Test
	void aGranteeSeesTheTaskButNotItsProject() {
		Api.Response response = api.graphql(guest.token(), "query($t: ID!) { task(id: $t) { title project { name } } }",
				Map.of("t", task));
		JsonNode body = response.json();
		assertThat(body.path("data").path("task").path("title").asString()).isEqualTo("Shared");
		assertThat(body.path("data").path("task").path("project").isNull()).isTrue();
		assertThat(body.path("errors").get(0).path("path").toString()).contains("project");
		assertThat(body.path("errors").get(0).path("extensions").path("classification").asString())
			.isEqualTo("NOT_FOUND");
		JsonNode shared = GraphQlIntegrationTests.ok(api.graphql(guest.token(),
				"{ viewer { sharedTasks { nodes { id } } assignedTasks { nodes { id } } } }", Map.of()));
		assertThat(shared.path("viewer").path("sharedTasks").path("nodes").get(0).path("id").asString())
			.isEqualTo(task);
		assertThat(shared.path("viewer").path("assignedTasks").path("nodes").size()).isZero();
	}

	@Test
	void aRestrictedTaskIsInvisibleToAContributorEvenThroughItsProject() {
		JsonNode data = GraphQlIntegrationTests.ok(api.graphql(member.token(),
				"query($p: ID!) { project(id: $p) { organization { name } tasks { nodes { id } } } }",
				Map.of("p", project)));
		assertThat(data.path("project").path("organization").path("name").asString()).isEqualTo("Denials");
		assertThat(data.path("project").path("tasks").path("nodes").toString()).doesNotContain(task);
		assertThat(classification(
				api.graphql(member.token(), "query($t: ID!) { task(id: $t) { id } }", Map.of("t", task))))
			.isEqualTo("NOT_FOUND");
	}

	private static String classification(Api.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode errors = response.json().path("errors");
		assertThat(errors.size()).as(response.body()).isGreaterThan(0);
		assertThat(response.body()).doesNotContain("Exception", "at dev.rampart");
		return errors.get(0).path("extensions").path("classification").asString();
	}

}
