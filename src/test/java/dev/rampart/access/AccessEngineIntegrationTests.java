package dev.rampart.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api;
import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import dev.rampart.db.OwnerDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Custom roles, grants and their expiry, membership cascades, the last owner, and the
 * explain endpoint.
 */
class AccessEngineIntegrationTests extends IntegrationTest {

	@Autowired
	OwnerDatabase ownerDatabase;

	/**
	 * An organization with an owner, a project and members added with the given org
	 * roles.
	 */
	record World(TestUser owner, String org, String project, Map<String, TestUser> members) {
	}

	private World world(String... orgRoles) {
		Api api = api();
		TestUser owner = api.newUser("owner");
		String org = api.create("/api/v1/orgs", owner.token(), Map.of("name", "Engine"));
		String project = api.create("/api/v1/orgs/" + org + "/projects", owner.token(), Map.of("name", "Engine P"));
		Map<String, TestUser> members = new java.util.LinkedHashMap<>();
		for (String role : orgRoles) {
			TestUser user = api.newUser(role);
			status(201, api.post("/api/v1/orgs/" + org + "/members", owner.token(),
					Map.of("email", user.email(), "role", role)));
			members.put(role, user);
		}
		return new World(owner, org, project, members);
	}

	@Test
	void theLastOwnerCanBeNeitherRemovedNorDemoted() {
		Api api = api();
		World w = world("admin");
		String path = "/api/v1/orgs/" + w.org() + "/members/" + w.owner().id();
		status(409, api.call("PATCH", path, w.owner().token(), Map.of("role", "admin")));
		status(409, api.call("DELETE", path, w.owner().token(), null));
		status(403, api.call("DELETE", path, w.members().get("admin").token(), null));
		status(200, api.call("PATCH", "/api/v1/orgs/" + w.org() + "/members/" + w.members().get("admin").id(),
				w.owner().token(), Map.of("role", "owner")));
		status(200, api.call("PATCH", path, w.owner().token(), Map.of("role", "admin")));
	}

	@Test
	void ownersDefineCustomRolesThatGrantExactlyTheirPermissions() {
		Api api = api();
		World w = world("admin", "member");
		String roles = "/api/v1/orgs/" + w.org() + "/roles";
		Map<String, Object> triager = Map.of("name", "Triager", "permissions", List.of("task.read", "task.update"));
		status(403, api.post(roles, w.members().get("admin").token(), triager));
		status(400, api.post(roles, w.owner().token(), Map.of("name", "x", "permissions", List.of("task.fly"))));
		status(400, api.post(roles, w.owner().token(), Map.of("name", "x", "permissions", List.of("org.delete"))));
		status(400, api.post(roles, w.owner().token(), Map.of("name", "Manager", "permissions", List.of("task.read"))));
		status(400, api.post(roles, w.owner().token(), Map.of("name", "<b>", "permissions", List.of("task.read"))));
		status(400, api.post(roles, w.owner().token(), Map.of("name", "empty", "permissions", List.of())));
		JsonNode created = status(201, api.post(roles, w.owner().token(), triager)).json();
		assertThat(created.path("permissions").toString()).contains("project.read", "task.read", "task.update");
		status(409, api.post(roles, w.owner().token(), Map.of("name", "triager", "permissions", List.of("task.read"))));
		JsonNode listed = status(200, api.get(roles, w.members().get("member").token())).json().path("items");
		List<String> names = new ArrayList<>();
		listed.forEach(r -> names.add(r.path("name").asString()));
		assertThat(names).containsExactly("manager", "contributor", "viewer", "Triager");

		TestUser member = w.members().get("member");
		status(201, api.post("/api/v1/projects/" + w.project() + "/members", w.owner().token(),
				Map.of("email", member.email(), "role", "triager")));
		String task = api.create("/api/v1/projects/" + w.project() + "/tasks", w.owner().token(), Map.of("title", "T"));
		status(200, api.call("PATCH", "/api/v1/tasks/" + task, member.token(), Map.of("status", "done"),
				Map.of("If-Match", "\"1\"")));
		status(403, api.post("/api/v1/tasks/" + task + "/comments", member.token(), Map.of("body", "hi")));
		status(403, api.post("/api/v1/projects/" + w.project() + "/tasks", member.token(), Map.of("title", "new")));
		status(400, api.post("/api/v1/projects/" + w.project() + "/members", w.owner().token(),
				Map.of("email", w.members().get("admin").email(), "role", "no-such-role")));
	}

	@Test
	void grantsOpenOneTaskUntilTheyExpire() throws Exception {
		Api api = api();
		World w = world("guest");
		TestUser guest = w.members().get("guest");
		String task = api.create("/api/v1/projects/" + w.project() + "/tasks", w.owner().token(),
				Map.of("title", "Shared", "visibility", "restricted"));
		String grants = "/api/v1/tasks/" + task + "/grants";
		status(404, api.get("/api/v1/tasks/" + task, guest.token()));
		status(400, api.post(grants, w.owner().token(),
				Map.of("email", guest.email(), "role", "viewer", "expiresAt", "2020-01-01T00:00:00Z")));
		status(400, api.post(grants, w.owner().token(), Map.of("email", guest.email(), "role", "owner")));
		status(400, api.post(grants, w.owner().token(),
				Map.of("email", api.newUser("stranger").email(), "role", "viewer")));
		String expires = Instant.now().plus(1, ChronoUnit.DAYS).toString();
		String grant = api.create(grants, w.owner().token(),
				Map.of("email", guest.email(), "role", "viewer", "expiresAt", expires));
		status(409, api.post(grants, w.owner().token(), Map.of("email", guest.email(), "role", "collaborator")));
		status(200, api.get("/api/v1/tasks/" + task, guest.token()));
		status(404, api.get("/api/v1/projects/" + w.project(), guest.token()));
		status(403, api.call("PATCH", "/api/v1/tasks/" + task, guest.token(), Map.of("title", "x"),
				Map.of("If-Match", "\"1\"")));
		assertThat(ids(api.get("/api/v1/tasks?sharedWith=me", guest.token()))).containsExactly(task);
		JsonNode listed = status(200, api.get(grants, w.owner().token())).json().path("items").get(0);
		assertThat(listed.path("email").asString()).isEqualTo(guest.email());
		assertThat(listed.path("expiresAt").asString()).isNotEmpty();

		try (Connection c = ownerDatabase.connect();
				PreparedStatement expire = c.prepareStatement(
						"update rampart.task_grants set expires_at = now() - interval '1 second' where id = ?")) {
			expire.setObject(1, UUID.fromString(grant));
			assertThat(expire.executeUpdate()).isEqualTo(1);
		}
		status(404, api.get("/api/v1/tasks/" + task, guest.token()));
		assertThat(ids(api.get("/api/v1/tasks?sharedWith=me", guest.token()))).isEmpty();
		status(204, api.call("DELETE", grants + "/" + grant, w.owner().token(), null));
		status(404, api.call("DELETE", grants + "/" + grant, w.owner().token(), null));
	}

	@Test
	void removingAMemberRemovesTheirProjectRolesGrantsAndAssignments() {
		Api api = api();
		World w = world("guest", "member");
		TestUser guest = w.members().get("guest");
		TestUser member = w.members().get("member");
		status(201, api.post("/api/v1/projects/" + w.project() + "/members", w.owner().token(),
				Map.of("email", member.email(), "role", "contributor")));
		String task = api.create("/api/v1/projects/" + w.project() + "/tasks", w.owner().token(),
				Map.of("title", "Contract work", "visibility", "restricted"));
		api.create("/api/v1/tasks/" + task + "/grants", w.owner().token(),
				Map.of("email", guest.email(), "role", "collaborator"));
		status(200, api.call("PATCH", "/api/v1/tasks/" + task, w.owner().token(), Map.of("assigneeId", guest.id()),
				Map.of("If-Match", "\"1\"")));
		String memberTask = api.create("/api/v1/projects/" + w.project() + "/tasks", w.owner().token(),
				Map.of("title", "Member's", "assigneeId", member.id()));
		assertThat(ids(api.get("/api/v1/tasks?assignee=me", guest.token()))).containsExactly(task);

		status(204, api.call("DELETE", "/api/v1/orgs/" + w.org() + "/members/" + guest.id(), w.owner().token(), null));
		status(204, api.call("DELETE", "/api/v1/projects/" + w.project() + "/members/" + member.id(), w.owner().token(),
				null));

		JsonNode after = status(200, api.get("/api/v1/tasks/" + task, w.owner().token())).json();
		assertThat(after.path("assigneeId").isNull()).isTrue();
		assertThat(status(200, api.get("/api/v1/tasks/" + memberTask, w.owner().token())).json()
			.path("assigneeId")
			.isNull()).isTrue();
		assertThat(status(200, api.get("/api/v1/tasks/" + task + "/grants", w.owner().token())).json()
			.path("items")
			.size()).isZero();
		status(201, api.post("/api/v1/orgs/" + w.org() + "/members", w.owner().token(),
				Map.of("email", guest.email(), "role", "guest")));
		status(404, api.get("/api/v1/tasks/" + task, guest.token()));
		status(404, api.get("/api/v1/tasks/" + memberTask, member.token()));
	}

	@Test
	void revokingTheGrantOfAnAssignedGuestUnassignsThem() {
		Api api = api();
		World w = world("guest");
		TestUser guest = w.members().get("guest");
		String task = api.create("/api/v1/projects/" + w.project() + "/tasks", w.owner().token(), Map.of("title", "T"));
		String grant = api.create("/api/v1/tasks/" + task + "/grants", w.owner().token(),
				Map.of("email", guest.email(), "role", "collaborator"));
		status(200, api.call("PATCH", "/api/v1/tasks/" + task, w.owner().token(), Map.of("assigneeId", guest.id()),
				Map.of("If-Match", "\"1\"")));
		status(204, api.call("DELETE", "/api/v1/tasks/" + task + "/grants/" + grant, w.owner().token(), null));
		status(404, api.get("/api/v1/tasks/" + task, guest.token()));
		assertThat(status(200, api.get("/api/v1/tasks/" + task, w.owner().token())).json().path("assigneeId").isNull())
			.isTrue();
	}

	@Test
	void assignedToMeSpansProjectsAndOrganizationsAndPages() {
		Api api = api();
		World first = world();
		World second = world();
		TestUser worker = api.newUser("worker");
		List<String> expected = new ArrayList<>();
		for (World w : List.of(first, second)) {
			status(201, api.post("/api/v1/orgs/" + w.org() + "/members", w.owner().token(),
					Map.of("email", worker.email(), "role", "member")));
			status(201, api.post("/api/v1/projects/" + w.project() + "/members", w.owner().token(),
					Map.of("email", worker.email(), "role", "viewer")));
			expected.add(api.create("/api/v1/projects/" + w.project() + "/tasks", w.owner().token(),
					Map.of("title", "For worker", "assigneeId", worker.id())));
			api.create("/api/v1/projects/" + w.project() + "/tasks", w.owner().token(),
					Map.of("title", "Not for worker"));
		}
		JsonNode page1 = status(200, api.get("/api/v1/tasks?assignee=me&limit=1", worker.token())).json();
		String cursor = page1.path("next").asString();
		JsonNode page2 = status(200, api.get("/api/v1/tasks?assignee=me&limit=1&cursor=" + cursor, worker.token()))
			.json();
		assertThat(List.of(page1.path("items").get(0).path("id").asString(),
				page2.path("items").get(0).path("id").asString()))
			.containsExactlyInAnyOrderElementsOf(expected);
		assertThat(page2.path("next").isNull()).isTrue();
		status(400, api.get("/api/v1/tasks", worker.token()));
		status(400, api.get("/api/v1/tasks?assignee=someone", worker.token()));
	}

	@Test
	void explainSaysWhichRoleOrGrantDecidedAndIsForAdminsOnly() {
		Api api = api();
		World w = world("admin", "member", "guest");
		TestUser member = w.members().get("member");
		TestUser guest = w.members().get("guest");
		status(201, api.post("/api/v1/projects/" + w.project() + "/members", w.owner().token(),
				Map.of("email", member.email(), "role", "viewer")));
		String open = api.create("/api/v1/projects/" + w.project() + "/tasks", w.owner().token(),
				Map.of("title", "Open"));
		String restricted = api.create("/api/v1/projects/" + w.project() + "/tasks", w.owner().token(),
				Map.of("title", "Restricted", "visibility", "restricted"));
		api.create("/api/v1/tasks/" + restricted + "/grants", w.owner().token(),
				Map.of("email", guest.email(), "role", "viewer"));
		TestUser admin = w.members().get("admin");

		JsonNode viewerOpen = explain(admin, "task.read", open, member.email(), 200);
		assertThat(viewerOpen.path("allowed").asBoolean()).isTrue();
		assertThat(viewerOpen.path("reason").asString()).isEqualTo("project role viewer");
		assertThat(viewerOpen.path("resourceKind").asString()).isEqualTo("task");
		JsonNode viewerUpdate = explain(admin, "task.update", open, member.id(), 200);
		assertThat(viewerUpdate.path("allowed").asBoolean()).isFalse();
		assertThat(viewerUpdate.path("reason").asString()).contains("project role viewer lacks task.update");
		JsonNode viewerRestricted = explain(admin, "task.read", restricted, member.email(), 200);
		assertThat(viewerRestricted.path("allowed").asBoolean()).isFalse();
		assertThat(viewerRestricted.path("reason").asString()).contains("restricted");
		JsonNode grantee = explain(admin, "task.read", restricted, guest.email(), 200);
		assertThat(grantee.path("reason").asString()).isEqualTo("task grant viewer");
		JsonNode orgLevel = explain(w.owner(), "org.delete", w.org(), admin.email(), 200);
		assertThat(orgLevel.path("allowed").asBoolean()).isFalse();
		assertThat(orgLevel.path("reason").asString()).isEqualTo("organization role admin lacks org.delete");

		explain(member, "task.read", open, guest.email(), 403);
		explain(api.newUser("outsider"), "task.read", open, guest.email(), 404);
		explain(admin, "task.fly", open, guest.email(), 400);
		JsonNode inapplicable = explain(w.owner(), "task.read", w.org(), admin.email(), 400);
		assertThat(inapplicable.path("detail").asString())
			.startsWith("action: task.read does not apply to an organization; the actions that do are org.read, ");
		explain(admin, "task.read", UUID.randomUUID().toString(), guest.email(), 404);
		explain(admin, "task.read", open, "nobody@example.test", 404);
		explain(admin, "task.read", open, api.newUser("not-a-member").email(), 404);
	}

	/**
	 * What project_access must hold, computed from the source tables (the rule in
	 * AccessRules).
	 */
	private static final String EXPECTED_ACCESS = """
			select om.user_id, p.id, (select r.permissions from rampart.project_roles r
			                           where r.id = '00000000-0000-0000-0000-000000000001')
			  from rampart.org_members om join rampart.projects p on p.org_id = om.org_id
			 where om.org_id = ? and om.role in ('owner', 'admin')
			union all
			select pm.user_id, pm.project_id, r.permissions
			  from rampart.project_members pm
			  join rampart.org_members om on om.org_id = pm.org_id and om.user_id = pm.user_id
			  join rampart.project_roles r on r.id = pm.role_id
			 where pm.org_id = ? and om.role not in ('owner', 'admin')
			except all
			select user_id, project_id, permissions from rampart.project_access where org_id = ?""";

	@Test
	void precomputedProjectAccessFollowsEveryMembershipChange() throws Exception {
		Api api = api();
		World w = world("member", "guest");
		TestUser member = w.members().get("member");
		String orgPath = "/api/v1/orgs/" + w.org();
		assertAccessRowsMatch(w.org(), 1);
		status(201, api.post("/api/v1/projects/" + w.project() + "/members", w.owner().token(),
				Map.of("email", member.email(), "role", "viewer")));
		assertAccessRowsMatch(w.org(), 2);
		status(200, api.call("PATCH", "/api/v1/projects/" + w.project() + "/members/" + member.id(), w.owner().token(),
				Map.of("role", "contributor")));
		assertAccessRowsMatch(w.org(), 2);
		status(200, api.call("PATCH", orgPath + "/members/" + member.id(), w.owner().token(), Map.of("role", "admin")));
		String second = api.create(orgPath + "/projects", w.owner().token(), Map.of("name", "Second"));
		assertAccessRowsMatch(w.org(), 4);
		status(200,
				api.call("PATCH", orgPath + "/members/" + member.id(), w.owner().token(), Map.of("role", "member")));
		assertAccessRowsMatch(w.org(), 3);
		status(201, api.post(orgPath + "/roles", w.owner().token(),
				Map.of("name", "auditor", "permissions", List.of("task.read"))));
		status(201, api.post("/api/v1/projects/" + second + "/members", w.owner().token(),
				Map.of("email", w.members().get("guest").email(), "role", "auditor")));
		assertAccessRowsMatch(w.org(), 4);
		status(200, api.post("/api/v1/projects/" + second + "/archive", w.owner().token(), null));
		status(204, api.call("DELETE", "/api/v1/projects/" + second, w.owner().token(), null));
		assertAccessRowsMatch(w.org(), 2);
		status(204, api.call("DELETE", orgPath + "/members/" + member.id(), w.owner().token(), null));
		assertAccessRowsMatch(w.org(), 1);
		status(204, api.call("DELETE", orgPath, w.owner().token(), null));
		assertAccessRowsMatch(w.org(), 0);
	}

	private void assertAccessRowsMatch(String org, int rows) throws Exception {
		try (Connection c = ownerDatabase.connect()) {
			for (String sql : new String[] { EXPECTED_ACCESS, swapped(EXPECTED_ACCESS) }) {
				try (PreparedStatement missing = c.prepareStatement(sql)) {
					for (int i = 1; i <= 3; i++) {
						missing.setObject(i, UUID.fromString(org));
					}
					try (var rs = missing.executeQuery()) {
						assertThat(rs.next()).as("project_access differs from the membership tables").isFalse();
					}
				}
			}
			try (PreparedStatement count = c
				.prepareStatement("select count(*) from rampart.project_access where org_id = ?")) {
				count.setObject(1, UUID.fromString(org));
				try (var rs = count.executeQuery()) {
					rs.next();
					assertThat(rs.getInt(1)).isEqualTo(rows);
				}
			}
		}
	}

	/**
	 * The same comparison the other way round: rows in project_access that the rule does
	 * not give.
	 */
	private static String swapped(String sql) {
		String[] parts = sql.split("except all");
		return "select * from (" + parts[1] + ") actual except all select * from (" + parts[0] + ") expected";
	}

	private JsonNode explain(TestUser caller, String action, String resource, String user, int expected) {
		return status(expected,
				api().get(
						"/api/v1/access/explain?action=" + action + "&resource=" + resource + "&user="
								+ java.net.URLEncoder.encode(user, java.nio.charset.StandardCharsets.UTF_8),
						caller.token()))
			.json();
	}

	private static List<String> ids(Api.Response response) {
		List<String> ids = new ArrayList<>();
		status(200, response).json().path("items").forEach(t -> ids.add(t.path("id").asString()));
		return ids;
	}

	private static Api.Response status(int expected, Api.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(expected);
		return response;
	}

}
