package dev.rampart.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api.Response;
import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Owners and admins read and export their organization's log (REST and GraphQL); members,
 * other organizations' admins and strangers are refused; filters and keyset pages work.
 */
class AuditReadingIntegrationTests extends IntegrationTest {

	private TestUser ownerUser;

	private TestUser member;

	private TestUser admin;

	private String org;

	private String project;

	@BeforeEach
	void organizationWithHistory() {
		ownerUser = api().newUser("reader-owner");
		member = api().newUser("reader-member");
		admin = api().newUser("reader-admin");
		org = api().create("/api/v1/orgs", ownerUser.token(), Map.of("name", "Readable"));
		api().post("/api/v1/orgs/" + org + "/members", ownerUser.token(),
				Map.of("email", member.email(), "role", "member"));
		api().post("/api/v1/orgs/" + org + "/members", ownerUser.token(),
				Map.of("email", admin.email(), "role", "admin"));
		project = api().create("/api/v1/orgs/" + org + "/projects", ownerUser.token(),
				Map.of("name", "History", "description", ""));
		for (String title : List.of("First", "Second")) {
			api().create("/api/v1/projects/" + project + "/tasks", admin.token(), Map.of("title", title));
		}
		api().call("POST", "/api/v1/projects/" + project + "/tasks", admin.token(), Map.of("title", "Third"),
				Map.of("User-Agent", "=HYPERLINK(\"http://evil.example\")"));
		api().post("/api/v1/projects/" + project + "/tasks", admin.token(), Map.of("title", ""));
	}

	@Test
	void ownersAndAdminsPageThroughTheLogNewestFirst() {
		List<JsonNode> all = new ArrayList<>();
		String cursor = null;
		do {
			Response page = api().get(
					"/api/v1/orgs/" + org + "/audit?first=3" + (cursor == null ? "" : "&after=" + cursor),
					admin.token());
			assertThat(page.status()).isEqualTo(200);
			page.json().get("items").forEach(all::add);
			cursor = page.json().get("next").isNull() ? null : page.json().get("next").asString();
		}
		while (cursor != null);
		assertThat(all).extracting(e -> e.get("action").asString())
			.containsExactly("task.create", "task.create", "task.create", "task.create", "project.create",
					"org.member.add", "org.member.add", "org.create");
		assertThat(all).extracting(e -> e.get("seq").asLong()).containsExactly(8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L);
	}

	@Test
	void filtersNarrowTheLog() {
		JsonNode invalid = api().get("/api/v1/orgs/" + org + "/audit?outcome=invalid", ownerUser.token()).json();
		assertThat(invalid.get("items")).singleElement().satisfies(e -> {
			assertThat(e.get("action").asString()).isEqualTo("task.create");
			assertThat(e.get("actorId").asString()).isEqualTo(admin.id());
		});
		JsonNode byMember = api()
			.get("/api/v1/orgs/" + org + "/audit?actorId=" + admin.id() + "&action=task.create" + "&outcome=success",
					ownerUser.token())
			.json();
		assertThat(byMember.get("items")).hasSize(3);
		String task = byMember.get("items").get(0).get("targetId").asString();
		assertThat(api().get("/api/v1/orgs/" + org + "/audit?target=" + task, ownerUser.token()).json().get("items"))
			.hasSize(1);
		assertThat(api().get("/api/v1/orgs/" + org + "/audit?to=2000-01-01T00:00:00Z", ownerUser.token())
			.json()
			.get("items")).isEmpty();
		assertThat(api().get("/api/v1/orgs/" + org + "/audit?from=2000-01-01T00:00:00Z", ownerUser.token())
			.json()
			.get("items")).hasSize(8);
	}

	@Test
	void badFiltersAreClearFourHundreds() {
		for (String query : List.of("outcome=maybe", "from=yesterday", "actorId=42", "first=0", "first=100000",
				"after=-3", "after=abc")) {
			Response response = api().get("/api/v1/orgs/" + org + "/audit?" + query, ownerUser.token());
			assertThat(response.status()).as(query).isEqualTo(400);
			assertThat(response.body()).as(query).doesNotContain("Exception");
		}
		assertThat(api().get("/api/v1/orgs/" + org + "/audit/export?format=xml", ownerUser.token()).status())
			.isEqualTo(400);
	}

	@Test
	void membersOtherOrganizationsAndStrangersAreRefused() {
		TestUser foreignOwner = api().newUser("reader-foreign");
		api().create("/api/v1/orgs", foreignOwner.token(), Map.of("name", "Elsewhere"));
		assertThat(api().get("/api/v1/orgs/" + org + "/audit", member.token()).status()).isEqualTo(403);
		assertThat(api().get("/api/v1/orgs/" + org + "/audit/export", member.token()).status()).isEqualTo(403);
		assertThat(api().get("/api/v1/orgs/" + org + "/audit", foreignOwner.token()).status()).isEqualTo(404);
		assertThat(api().get("/api/v1/orgs/" + org + "/audit/export?format=csv", foreignOwner.token()).status())
			.isEqualTo(404);
		assertThat(api().get("/api/v1/orgs/" + org + "/audit", null).status()).isEqualTo(401);
		Response graphQl = api().graphql(member.token(),
				"query($id: ID!) { organization(id: $id) { auditLog { nodes { action } } } }", Map.of("id", org));
		assertThat(graphQl.json().at("/errors/0/extensions/code").asString()).isEqualTo("forbidden");
		assertThat(graphQl.body()).doesNotContain("task.create");
		Response foreignGraphQl = api().graphql(foreignOwner.token(),
				"query($id: ID!) { organization(id: $id) { auditLog { nodes { action } } } }", Map.of("id", org));
		assertThat(foreignGraphQl.body()).doesNotContain("task.create");
	}

	@Test
	void graphQlReadsTheSameLogWithFiltersAndCursor() {
		Response response = api().graphql(admin.token(), """
				query($id: ID!) { organization(id: $id) {
				  auditLog(first: 2, filter: {action: "task.create"}) {
				    nodes { seq action outcome actorId targetKind data hash prevHash }
				    pageInfo { hasNextPage endCursor } } } }""", Map.of("id", org));
		JsonNode log = response.json().at("/data/organization/auditLog");
		assertThat(log.get("nodes")).hasSize(2);
		assertThat(log.at("/nodes/0/seq").asString()).isEqualTo("8");
		assertThat(log.at("/nodes/0/outcome").asString()).isEqualTo("invalid");
		assertThat(log.at("/pageInfo/hasNextPage").asBoolean()).isTrue();
		Response next = api().graphql(admin.token(), """
				query($id: ID!, $after: String) { organization(id: $id) {
				  auditLog(first: 5, after: $after, filter: {action: "task.create"}) { nodes { seq } } } }""",
				Map.of("id", org, "after", log.at("/pageInfo/endCursor").asString()));
		assertThat(next.json().at("/data/organization/auditLog/nodes")).extracting(n -> n.get("seq").asString())
			.containsExactly("6", "5");
	}

	@Test
	void exportsStreamJsonLinesOrCsvAndAreThemselvesRecorded() {
		Response jsonl = api().get("/api/v1/orgs/" + org + "/audit/export", ownerUser.token());
		assertThat(jsonl.status()).isEqualTo(200);
		assertThat(jsonl.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/jsonl");
		assertThat(jsonl.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment");
		List<String> lines = jsonl.body().lines().toList();
		assertThat(lines).hasSize(8);
		assertThat(lines.get(0)).contains("\"action\":\"org.create\"", "\"seq\":1");

		Response csv = api().get("/api/v1/orgs/" + org + "/audit/export?format=csv&action=task.create",
				ownerUser.token());
		List<String> rows = csv.body().lines().toList();
		assertThat(rows.get(0)).startsWith("orgId,seq,at,actorId,actorName,");
		assertThat(rows.get(1)).as("the CSV names the actor").contains(",reader-admin,");
		assertThat(lines.get(0)).contains("\"actorName\":\"reader-owner\"").containsPattern("\"data\":\\{");
		assertThat(rows).hasSize(5);
		// A cell a spreadsheet would run as a formula (here a user agent) is defused.
		assertThat(csv.body()).doesNotContain(",=HYPERLINK", ",\"=HYPERLINK").contains("'=HYPERLINK");

		JsonNode exports = api().get("/api/v1/orgs/" + org + "/audit?action=audit.export", ownerUser.token()).json();
		assertThat(exports.get("items")).hasSize(2);
		assertThat(exports.at("/items/0/data/format").asString()).as("data is a JSON object").isEqualTo("csv");
		assertThat(exports.at("/items/0/actorName").asString()).isEqualTo("reader-owner");
		assertThat(exports.at("/next").isNull()).isTrue();
	}

}
