package dev.rampart.work;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api;
import dev.rampart.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What users do for themselves: their name, leaving an organization, deleting their
 * account, editing their comments; what owners do with custom roles and projects
 * (archive, restore, delete). Each with the refusals that protect others.
 */
class SelfServiceIntegrationTests extends IntegrationTest {

	@Test
	void aUserChangesTheirDisplayName() {
		Api.TestUser user = api().newUser("renamer");
		Api.Response renamed = api().call("PATCH", "/api/v1/me", user.token(), Map.of("displayName", "Ada Renamed"));
		assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
		assertThat(renamed.text("displayName")).isEqualTo("Ada Renamed");
		assertThat(api().get("/api/v1/me", user.token()).text("displayName")).isEqualTo("Ada Renamed");
		Api.Response viaGraphQl = api().graphql(user.token(),
				"mutation { updateProfile(displayName: \"Ada G\") { displayName } }", Map.of());
		assertThat(viaGraphQl.json().at("/data/updateProfile/displayName").asString()).isEqualTo("Ada G");
		assertThat(api().call("PATCH", "/api/v1/me", user.token(), Map.of("displayName", " ")).status()).isEqualTo(400);
		assertThat(api().call("PATCH", "/api/v1/me", null, Map.of("displayName", "x")).status()).isEqualTo(401);
	}

	@Test
	void membersLeaveButTheLastOwnerCannot() {
		Api.TestUser owner = api().newUser("leave-owner");
		Api.TestUser member = api().newUser("leave-member");
		String org = api().create("/api/v1/orgs", owner.token(), Map.of("name", "Leavable"));
		String project = api().create("/api/v1/orgs/" + org + "/projects", owner.token(), Map.of("name", "P"));
		api().create("/api/v1/orgs/" + org + "/members", owner.token(),
				Map.of("email", member.email(), "role", "member"));
		api().create("/api/v1/projects/" + project + "/members", owner.token(),
				Map.of("email", member.email(), "role", "contributor"));
		String task = api().create("/api/v1/projects/" + project + "/tasks", owner.token(),
				Map.of("title", "Mine", "assigneeId", member.id()));

		Api.Response lastOwner = api().post("/api/v1/orgs/" + org + "/leave", owner.token(), null);
		assertThat(lastOwner.status()).isEqualTo(409);
		assertThat(lastOwner.text("detail")).contains("last owner");
		assertThat(api().post("/api/v1/orgs/" + org + "/leave", api().newUser("leave-stranger").token(), null).status())
			.isEqualTo(404);

		assertThat(api().post("/api/v1/orgs/" + org + "/leave", member.token(), null).status()).isEqualTo(204);
		assertThat(api().get("/api/v1/orgs/" + org, member.token()).status()).isEqualTo(404);
		assertThat(api().get("/api/v1/tasks/" + task, owner.token()).json().path("assigneeId").isNull())
			.as("the assignment went with the membership")
			.isTrue();
		assertThat(api().get("/api/v1/orgs/" + org + "/members", owner.token()).body()).doesNotContain(member.email());
	}

	@Test
	void aDeletedAccountIsErasedButItsWorkStays() {
		Api.TestUser owner = api().newUser("closure-owner");
		Api.TestUser leaving = api().newUser("closure-leaving");
		String org = api().create("/api/v1/orgs", owner.token(), Map.of("name", "Closure Org"));
		String project = api().create("/api/v1/orgs/" + org + "/projects", owner.token(), Map.of("name", "P"));
		api().create("/api/v1/orgs/" + org + "/members", owner.token(),
				Map.of("email", leaving.email(), "role", "admin"));
		String task = api().create("/api/v1/projects/" + project + "/tasks", leaving.token(),
				Map.of("title", "Left behind"));
		api().create("/api/v1/tasks/" + task + "/comments", leaving.token(), Map.of("body", "my last words"));
		String apiToken = api()
			.post("/api/v1/me/api-tokens", leaving.token(), Map.of("name", "ci", "access", "read-write"))
			.text("token");

		Api.Response viaToken = api().call("DELETE", "/api/v1/me", apiToken, null);
		assertThat(viaToken.status()).as("an API token cannot delete its account").isEqualTo(403);
		assertThat(viaToken.text("type")).isEqualTo("urn:rampart:problem:step-up-required");
		Api.Response soleOwner = api().call("DELETE", "/api/v1/me", owner.token(), null);
		assertThat(soleOwner.status()).isEqualTo(409);
		assertThat(soleOwner.text("detail")).contains("last owner of Closure Org");

		Api.Response deleted = api().call("DELETE", "/api/v1/me", leaving.token(), null);
		assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
		assertThat(deleted.headers().firstValue("Set-Cookie").orElse("")).contains("Max-Age=0");
		assertThat(api().get("/api/v1/me", leaving.token()).status()).isEqualTo(401);
		assertThat(api().get("/api/v1/me", apiToken).status()).isEqualTo(401);
		assertThat(api()
			.post("/api/v1/auth/login", null, Map.of("email", leaving.email(), "password", Api.STRONG_PASSWORD))
			.status()).isEqualTo(401);
		// The work stays, attributed to a deleted user; the address is free again.
		assertThat(api().get("/api/v1/tasks/" + task, owner.token()).text("title")).isEqualTo("Left behind");
		Api.Response comments = api().get("/api/v1/tasks/" + task + "/comments", owner.token());
		assertThat(comments.json().path("items").get(0).path("authorName").asString()).isEqualTo("deleted user");
		assertThat(api().get("/api/v1/orgs/" + org + "/members", owner.token()).body()).doesNotContain(leaving.email());
		assertThat(api().signUp(leaving.email(), "Again", Api.STRONG_PASSWORD).status()).isEqualTo(202);
		Api.Response log = api().get("/api/v1/orgs/" + org + "/audit?action=task.create", owner.token());
		assertThat(log.json().path("items").get(0).path("actorName").asString()).isEqualTo("deleted user");
	}

	@Test
	void onlyTheAuthorEditsACommentAndTheEditIsRecorded() {
		Api.TestUser owner = api().newUser("edit-owner");
		Api.TestUser author = api().newUser("edit-author");
		String org = api().create("/api/v1/orgs", owner.token(), Map.of("name", "Edits"));
		String project = api().create("/api/v1/orgs/" + org + "/projects", owner.token(), Map.of("name", "P"));
		api().create("/api/v1/orgs/" + org + "/members", owner.token(),
				Map.of("email", author.email(), "role", "member"));
		api().create("/api/v1/projects/" + project + "/members", owner.token(),
				Map.of("email", author.email(), "role", "contributor"));
		String task = api().create("/api/v1/projects/" + project + "/tasks", owner.token(), Map.of("title", "t"));
		String comment = api().create("/api/v1/tasks/" + task + "/comments", author.token(), Map.of("body", "tpyo"));

		Api.Response edited = api().call("PATCH", "/api/v1/comments/" + comment, author.token(),
				Map.of("body", "typo fixed"));
		assertThat(edited.status()).as(edited.body()).isEqualTo(200);
		assertThat(edited.text("body")).isEqualTo("typo fixed");
		assertThat(edited.json().path("editedAt").isNull()).isFalse();
		Api.Response byOwner = api().call("PATCH", "/api/v1/comments/" + comment, owner.token(),
				Map.of("body", "rewritten"));
		assertThat(byOwner.status()).as("not even an owner puts words in an author's mouth").isEqualTo(403);
		assertThat(api()
			.call("PATCH", "/api/v1/comments/" + comment, api().newUser("edit-stranger").token(), Map.of("body", "x"))
			.status()).isEqualTo(404);
		Api.Response viaGraphQl = api().graphql(author.token(),
				"mutation($c: ID!) { updateComment(id: $c, body: \"final\") { body editedAt } }", Map.of("c", comment));
		assertThat(viaGraphQl.json().at("/data/updateComment/body").asString()).isEqualTo("final");
		assertThat(api().get("/api/v1/tasks/" + task + "/comments", owner.token())
			.json()
			.path("items")
			.get(0)
			.path("body")
			.asString()).isEqualTo("final");
		Api.Response log = api().get("/api/v1/orgs/" + org + "/audit?action=comment.update", owner.token());
		assertThat(log.json().path("items")).extracting(e -> e.path("outcome").asString())
			.containsExactly("success", "denied", "success");
	}

	@Test
	void customRolesAreRenamedAndDeletedWithAReplacement() {
		Api.TestUser owner = api().newUser("roles-owner");
		Api.TestUser member = api().newUser("roles-member");
		String org = api().create("/api/v1/orgs", owner.token(), Map.of("name", "Roles"));
		String project = api().create("/api/v1/orgs/" + org + "/projects", owner.token(), Map.of("name", "P"));
		api().create("/api/v1/orgs/" + org + "/members", owner.token(),
				Map.of("email", member.email(), "role", "admin"));
		String role = api().create("/api/v1/orgs/" + org + "/roles", owner.token(),
				Map.of("name", "Reviewer", "permissions", List.of("task.read")));
		assertThat(api().get("/api/v1/orgs/" + org + "/roles/" + role, owner.token()).text("name"))
			.isEqualTo("Reviewer");
		api().create("/api/v1/projects/" + project + "/members", owner.token(),
				Map.of("email", member.email(), "role", "Reviewer"));

		Api.Response renamed = api().call("PATCH", "/api/v1/orgs/" + org + "/roles/" + role, owner.token(),
				Map.of("name", "Auditor", "permissions", List.of("task.read", "task.comment")));
		assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
		assertThat(renamed.text("name")).isEqualTo("Auditor");
		assertThat(renamed.json().path("permissions").toString()).contains("task.comment");
		assertThat(api().call("PATCH", "/api/v1/orgs/" + org + "/roles/" + role, member.token(), Map.of("name", "X"))
			.status()).as("admins do not manage roles").isEqualTo(403);
		Api.Response builtIn = api().call("PATCH",
				"/api/v1/orgs/" + org + "/roles/00000000-0000-0000-0000-000000000003", owner.token(),
				Map.of("name", "Watcher"));
		assertThat(builtIn.status()).isEqualTo(409);

		Api.Response held = api().call("DELETE", "/api/v1/orgs/" + org + "/roles/" + role, owner.token(), null);
		assertThat(held.status()).isEqualTo(409);
		assertThat(held.text("detail")).startsWith("1 project member holds this role: name a replacement");
		assertThat(api()
			.call("DELETE", "/api/v1/orgs/" + org + "/roles/" + role + "?replacement=viewer", owner.token(), null)
			.status()).isEqualTo(204);
		assertThat(api().get("/api/v1/projects/" + project + "/members", owner.token()).body())
			.contains("\"role\":\"viewer\"")
			.doesNotContain("Auditor");
		assertThat(api().get("/api/v1/orgs/" + org + "/roles/" + role, owner.token()).status()).isEqualTo(404);
	}

	@Test
	void anArchivedProjectIsReadOnlyUntilRestoredAndOnlyThenDeletable() {
		Api.TestUser owner = api().newUser("archive-owner");
		String org = api().create("/api/v1/orgs", owner.token(), Map.of("name", "Archive"));
		String project = api().create("/api/v1/orgs/" + org + "/projects", owner.token(), Map.of("name", "Old"));
		String task = api().create("/api/v1/projects/" + project + "/tasks", owner.token(), Map.of("title", "t"));

		Api.Response notYet = api().call("DELETE", "/api/v1/projects/" + project, owner.token(), null);
		assertThat(notYet.status()).isEqualTo(409);
		assertThat(notYet.text("detail")).isEqualTo("only an archived project can be deleted: archive it first");

		Api.Response archived = api().post("/api/v1/projects/" + project + "/archive", owner.token(), null);
		assertThat(archived.status()).as(archived.body()).isEqualTo(200);
		assertThat(archived.json().path("archivedAt").isNull()).isFalse();
		Api.Response create = api().post("/api/v1/projects/" + project + "/tasks", owner.token(),
				Map.of("title", "new"));
		assertThat(create.status()).isEqualTo(409);
		assertThat(create.text("detail")).startsWith("the project is archived");
		assertThat(api()
			.call("PATCH", "/api/v1/tasks/" + task, owner.token(), Map.of("title", "x"), Map.of("If-Match", "*"))
			.status()).isEqualTo(409);
		assertThat(api().post("/api/v1/tasks/" + task + "/comments", owner.token(), Map.of("body", "x")).status())
			.isEqualTo(409);
		assertThat(api().get("/api/v1/tasks/" + task, owner.token()).status()).as("still readable").isEqualTo(200);
		assertThat(api().get("/api/v1/orgs/" + org + "/projects", owner.token()).body()).doesNotContain(project);
		assertThat(api().get("/api/v1/orgs/" + org + "/projects?archived=true", owner.token()).body())
			.contains(project);

		assertThat(api().post("/api/v1/projects/" + project + "/restore", owner.token(), null).status()).isEqualTo(200);
		assertThat(api().post("/api/v1/projects/" + project + "/tasks", owner.token(), Map.of("title", "new")).status())
			.isEqualTo(201);
		Api.Response viaGraphQl = api().graphql(owner.token(),
				"mutation($p: ID!) { archiveProject(id: $p) { archivedAt } }", Map.of("p", project));
		assertThat(viaGraphQl.json().at("/data/archiveProject/archivedAt").isNull()).isFalse();
		assertThat(api().call("DELETE", "/api/v1/projects/" + project, owner.token(), null).status()).isEqualTo(204);
		assertThat(api().get("/api/v1/tasks/" + task, owner.token()).status()).isEqualTo(404);
	}

}
