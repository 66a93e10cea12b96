package dev.rampart.restapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api;
import dev.rampart.IntegrationTest;
import dev.rampart.access.spi.People;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One shape for every list, Location on every 201, If-Match: *, names next to ids, and
 * people named by id or by email alike.
 */
class ConsistentApiIntegrationTests extends IntegrationTest {

	@Test
	void everyListHasItemsAndNext() {
		Api.TestUser owner = api().newUser("shapes");
		String org = api().create("/api/v1/orgs", owner.token(), Map.of("name", "Shapes"));
		api().post("/api/v1/orgs/" + org + "/invitations", owner.token(),
				Map.of("email", Api.newEmail("invitee"), "role", "member"));
		Api.Response token = api().post("/api/v1/me/api-tokens", owner.token(),
				Map.of("name", "ci", "access", "read-only"));
		assertThat(token.status()).isEqualTo(201);
		assertThat(token.headers().firstValue("Location").orElse(""))
			.isEqualTo("/api/v1/me/api-tokens/" + token.json().path("apiToken").path("id").asString());
		for (String list : List.of("/api/v1/orgs/" + org + "/invitations", "/api/v1/me/api-tokens",
				"/api/v1/me/sessions", "/api/v1/orgs", "/api/v1/orgs/" + org + "/members",
				"/api/v1/orgs/" + org + "/roles", "/api/v1/orgs/" + org + "/audit")) {
			Api.Response response = api().get(list, owner.token());
			assertThat(response.status()).as(list).isEqualTo(200);
			assertThat(response.json().path("items").isArray()).as(list + " " + response.body()).isTrue();
			assertThat(response.json().has("next")).as(list).isTrue();
			assertThat(response.json().size()).as(list).isEqualTo(2);
		}
	}

	@Test
	void ifMatchStarChangesWhateverVersionIsCurrent() {
		Api.TestUser owner = api().newUser("star");
		String org = api().create("/api/v1/orgs", owner.token(), Map.of("name", "Star"));
		String project = api().create("/api/v1/orgs/" + org + "/projects", owner.token(), Map.of("name", "P"));
		String task = api().create("/api/v1/projects/" + project + "/tasks", owner.token(), Map.of("title", "one"));
		api().call("PATCH", "/api/v1/tasks/" + task, owner.token(), Map.of("title", "two"),
				Map.of("If-Match", "\"1\""));
		Api.Response star = api().call("PATCH", "/api/v1/tasks/" + task, owner.token(), Map.of("title", "three"),
				Map.of("If-Match", "*"));
		assertThat(star.status()).as(star.body()).isEqualTo(200);
		assertThat(star.headers().firstValue("ETag").orElse("")).isEqualTo("\"3\"");
		assertThat(api()
			.call("PATCH", "/api/v1/tasks/" + task, owner.token(), Map.of("title", "four"), Map.of("If-Match", "\"2\""))
			.status()).isEqualTo(412);
		Api.Response weak = api().call("PATCH", "/api/v1/tasks/" + task, owner.token(), Map.of("title", "four"),
				Map.of("If-Match", "W/\"3\""));
		assertThat(weak.status()).isEqualTo(400);
		assertThat(weak.text("detail")).isEqualTo("If-Match: must be the task's ETag, such as \"3\", or *");
	}

	private static Api.TestUser named(String displayName) {
		String email = Api.newEmail("named");
		assertThat(api().signUp(email, displayName, Api.STRONG_PASSWORD).status()).isEqualTo(202);
		String token = api().login(email, Api.STRONG_PASSWORD);
		return new Api.TestUser(api().get("/api/v1/me", token).text("id"), email, token);
	}

	@Test
	void peopleAreNamedByIdOrEmailAndShownWithTheirNames() {
		Api.TestUser owner = named("Olivia Owner");
		Api.TestUser member = named("Max Member");
		String org = api().create("/api/v1/orgs", owner.token(), Map.of("name", "People"));
		String project = api().create("/api/v1/orgs/" + org + "/projects", owner.token(), Map.of("name", "P"));
		api().create("/api/v1/orgs/" + org + "/members", owner.token(),
				Map.of("email", member.email(), "role", "member"));
		// The project member by id; the assignee by email; the grant by id.
		Api.Response added = api().post("/api/v1/projects/" + project + "/members", owner.token(),
				Map.of("userId", member.id(), "role", "contributor"));
		assertThat(added.status()).as(added.body()).isEqualTo(201);
		assertThat(added.headers().firstValue("Location").orElse(""))
			.isEqualTo("/api/v1/projects/" + project + "/members/" + member.id());
		Api.Response created = api().post("/api/v1/projects/" + project + "/tasks", owner.token(),
				Map.of("title", "Named", "assigneeEmail", member.email()));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(created.text("assigneeId")).isEqualTo(member.id());
		assertThat(created.text("assigneeName")).isEqualTo("Max Member");
		String task = created.text("id");
		Api.Response reassigned = api().call("PATCH", "/api/v1/tasks/" + task, owner.token(),
				Map.of("assigneeEmail", owner.email()), Map.of("If-Match", "*"));
		assertThat(reassigned.text("assigneeName")).isEqualTo("Olivia Owner");
		assertThat(api().get("/api/v1/projects/" + project + "/tasks", member.token())
			.json()
			.path("items")
			.get(0)
			.path("assigneeName")
			.asString()).isEqualTo("Olivia Owner");
		Api.Response both = api().post("/api/v1/projects/" + project + "/tasks", owner.token(),
				Map.of("title", "Twice", "assigneeEmail", member.email(), "assigneeId", member.id()));
		assertThat(both.status()).isEqualTo(400);
		assertThat(both.text("detail")).isEqualTo("assigneeEmail: give assigneeId or assigneeEmail, not both");
		Api.Response stranger = api().post("/api/v1/projects/" + project + "/tasks", owner.token(),
				Map.of("title", "Nobody", "assigneeEmail", Api.newEmail("nobody")));
		assertThat(stranger.status()).isEqualTo(400);
		assertThat(stranger.text("field")).isEqualTo("assigneeEmail");

		Api.Response grant = api().post("/api/v1/tasks/" + task + "/grants", owner.token(),
				Map.of("userId", member.id(), "role", "viewer"));
		assertThat(grant.status()).as(grant.body()).isEqualTo(201);
		assertThat(grant.text("email")).isEqualTo(member.email());

		Api.Response comment = api().post("/api/v1/tasks/" + task + "/comments", member.token(),
				Map.of("body", "hello"));
		assertThat(comment.text("authorName")).isEqualTo("Max Member");
		assertThat(api().get("/api/v1/tasks/" + task + "/comments", owner.token())
			.json()
			.path("items")
			.get(0)
			.path("authorName")
			.asString()).isEqualTo("Max Member");
		Api.Response neither = api().post("/api/v1/orgs/" + org + "/members", owner.token(), Map.of("role", "member"));
		assertThat(neither.status()).isEqualTo(400);
		assertThat(neither.text("detail")).isEqualTo("email: is required (or userId)");
	}

}
