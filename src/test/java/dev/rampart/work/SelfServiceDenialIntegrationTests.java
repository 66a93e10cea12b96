package dev.rampart.work;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api;
import dev.rampart.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The denial path of every route and mutation the self-service work added: without
 * credentials 401, for someone outside the organization 404 (nothing learned), for a
 * member without the permission 403, over REST and GraphQL alike. Nothing changes in any
 * of these cases.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SelfServiceDenialIntegrationTests extends IntegrationTest {

	private Api.TestUser owner;

	private Api.TestUser viewer;

	private Api.TestUser outsider;

	private String org;

	private String project;

	private String comment;

	private String role;

	@BeforeAll
	void world() {
		owner = api().newUser("denial-owner");
		viewer = api().newUser("denial-viewer");
		outsider = api().newUser("denial-outsider");
		org = api().create("/api/v1/orgs", owner.token(), Map.of("name", "Denials"));
		project = api().create("/api/v1/orgs/" + org + "/projects", owner.token(), Map.of("name", "P"));
		api().create("/api/v1/orgs/" + org + "/members", owner.token(),
				Map.of("email", viewer.email(), "role", "member"));
		api().create("/api/v1/projects/" + project + "/members", owner.token(),
				Map.of("email", viewer.email(), "role", "viewer"));
		String task = api().create("/api/v1/projects/" + project + "/tasks", owner.token(), Map.of("title", "t"));
		comment = api().create("/api/v1/tasks/" + task + "/comments", owner.token(), Map.of("body", "owner's words"));
		role = api().create("/api/v1/orgs/" + org + "/roles", owner.token(),
				Map.of("name", "Kept", "permissions", List.of("task.read")));
	}

	@Test
	void restRoutesRefuseWithoutChangingAnything() {
		record Call(String method, String path, Object body) {
		}
		List<Call> calls = List.of(new Call("PATCH", "/api/v1/comments/" + comment, Map.of("body", "x")),
				new Call("POST", "/api/v1/projects/" + project + "/archive", null),
				new Call("POST", "/api/v1/projects/" + project + "/restore", null),
				new Call("DELETE", "/api/v1/projects/" + project, null),
				new Call("PATCH", "/api/v1/orgs/" + org + "/roles/" + role, Map.of("name", "Taken")),
				new Call("DELETE", "/api/v1/orgs/" + org + "/roles/" + role + "?replacement=viewer", null),
				new Call("GET", "/api/v1/orgs/" + org + "/roles/" + role, null));
		for (Call call : calls) {
			String what = call.method() + " " + call.path();
			assertThat(api().call(call.method(), call.path(), null, call.body()).status()).as(what + " anonymous")
				.isEqualTo(401);
			assertThat(api().call(call.method(), call.path(), outsider.token(), call.body()).status())
				.as(what + " outsider")
				.isEqualTo(404);
			if (!call.method().equals("GET")) {
				assertThat(api().call(call.method(), call.path(), viewer.token(), call.body()).status())
					.as(what + " viewer")
					.isEqualTo(403);
			}
		}
		assertThat(api().call("POST", "/api/v1/orgs/" + org + "/leave", null, null).status()).isEqualTo(401);
		assertThat(api().call("POST", "/api/v1/orgs/" + org + "/leave", outsider.token(), null).status())
			.isEqualTo(404);
		assertThat(api().call("PATCH", "/api/v1/me", null, Map.of("displayName", "x")).status()).isEqualTo(401);
		assertThat(api().call("DELETE", "/api/v1/me", null, null).status()).isEqualTo(401);
		// Nothing changed.
		assertThat(api().get("/api/v1/orgs/" + org + "/roles/" + role, owner.token()).text("name")).isEqualTo("Kept");
		assertThat(api().get("/api/v1/projects/" + project, owner.token()).json().path("archivedAt").isNull()).isTrue();
		assertThat(api().get("/api/v1/orgs/" + org + "/members", owner.token()).body()).contains(viewer.email());
	}

	@Test
	void graphQlMutationsRefuseAlike() {
		Map<String, String> mutations = Map.of("mutation($c: ID!) { updateComment(id: $c, body: \"x\") { id } }", "c",
				"mutation($p: ID!) { archiveProject(id: $p) { id } }", "p",
				"mutation($p: ID!) { restoreProject(id: $p) { id } }", "p",
				"mutation($r: ID!) { updateRole(organizationId: \"" + "%ORG%" + "\", id: $r, name: \"Taken\") { id } }",
				"r", "mutation($r: ID!) { deleteRole(organizationId: \"%ORG%\", id: $r, replacement: \"viewer\") }",
				"r", "mutation($o: ID!) { leaveOrganization(id: $o) }", "o");
		Map<String, String> ids = Map.of("c", comment, "p", project, "r", role, "o", org);
		mutations.forEach((template, variable) -> {
			String document = template.replace("%ORG%", org);
			Map<String, Object> variables = Map.of(variable, ids.get(variable));
			assertThat(api().graphql(null, document, variables).status()).as(document + " anonymous").isEqualTo(401);
			assertThat(code(api().graphql(outsider.token(), document, variables))).as(document + " outsider")
				.isEqualTo("not-found");
			if (!document.contains("leaveOrganization")) {
				assertThat(code(api().graphql(viewer.token(), document, variables))).as(document + " viewer")
					.isEqualTo("forbidden");
			}
		});
		assertThat(api().graphql(null, "mutation { updateProfile(displayName: \"x\") { id } }", Map.of()).status())
			.isEqualTo(401);
		assertThat(api().graphql(null, "mutation { deleteAccount }", Map.of()).status()).isEqualTo(401);
		assertThat(api().get("/api/v1/orgs/" + org + "/roles/" + role, owner.token()).text("name")).isEqualTo("Kept");
	}

	private static String code(Api.Response response) {
		return response.json().at("/errors/0/extensions/code").asString();
	}

}
