package dev.rampart.work;

import static dev.rampart.db.schema.Tables.COMMENTS;
import static dev.rampart.db.schema.Tables.TASKS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api;
import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import dev.rampart.db.OwnerDatabase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Search across an organization over sealed titles, descriptions and comments: every word
 * must occur, words of 3 letters or more match as prefixes, title hits first, filters,
 * paging; only what the reader may see (a task made restricted leaves the results,
 * another organization's never appear); the stored terms hold no word.
 */
class SearchIntegrationTests extends IntegrationTest {

	@Autowired
	OwnerDatabase owner;

	private TestUser lead;

	private TestUser contributor;

	private String org;

	private String project;

	@BeforeEach
	void aProjectWithAContributor() {
		ProjectTeam team = ProjectTeam.create(api(), "search", "Searching", "Lantern");
		lead = team.lead();
		contributor = team.contributor();
		org = team.org();
		project = team.project();
	}

	private String task(Map<String, Object> fields) {
		return api().create("/api/v1/projects/" + project + "/tasks", lead.token(), fields);
	}

	private List<String> found(TestUser who, String query) {
		return ids(search(who, query, ""));
	}

	private Api.Response search(TestUser who, String query, String more) {
		return api().get(
				"/api/v1/orgs/" + org + "/search?q=" + java.net.URLEncoder.encode(query, StandardCharsets.UTF_8) + more,
				who.token());
	}

	private static List<String> ids(Api.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		response.json().path("items").forEach(hit -> ids.add(hit.path("taskId").asString()));
		return ids;
	}

	@Test
	void titlesDescriptionsAndCommentsAreFoundByWordsAndPrefixes() {
		String login = task(Map.of("title", "Login page times out", "description", "Customers see a spinner"));
		String invoice = task(Map.of("title", "Invoice export", "description", "The login audit needs a column"));
		String quiet = task(Map.of("title", "Quarterly report"));
		api().create("/api/v1/tasks/" + quiet + "/comments", contributor.token(),
				Map.of("body", "Blocked by the LOGIN outage, see Überweisung"));

		// Title hits first, then the description's, then the comment's (by recency).
		List<String> hits = found(contributor, "login");
		assertThat(hits).containsExactlyInAnyOrder(login, invoice, quiet);
		assertThat(hits.get(0)).isEqualTo(login);
		// A prefix of 3 letters or more; any case; accents as written.
		assertThat(found(contributor, "Log")).containsExactlyInAnyOrder(login, invoice, quiet);
		assertThat(found(contributor, "überw")).containsExactly(quiet);
		// Every word must occur; two letters only as a whole word.
		assertThat(found(contributor, "login spinner")).containsExactly(login);
		assertThat(found(contributor, "lo")).isEmpty();
		assertThat(found(contributor, "nothing here")).isEmpty();

		JsonNode first = search(contributor, "spin", "").json().path("items").get(0);
		assertThat(first.path("title").asString()).isEqualTo("Login page times out");
		assertThat(first.path("key").asString()).endsWith("-1");
		assertThat(first.path("matchedIn").toString()).isEqualTo("[\"description\"]");
		assertThat(search(contributor, "outage", "").json().path("items").get(0).path("matchedIn").toString())
			.isEqualTo("[\"comment\"]");

		// Edited and deleted text follows at once.
		assertThat(api().call("PATCH", "/api/v1/tasks/" + invoice, lead.token(),
				Map.of("title", "Billing export", "description", "Nothing about signing in"), Map.of("If-Match", "*"))
			.status()).isEqualTo(200);
		assertThat(found(contributor, "login")).containsExactlyInAnyOrder(login, quiet);
		assertThat(found(contributor, "billing")).containsExactly(invoice);
		String comment = api().get("/api/v1/tasks/" + quiet + "/comments", contributor.token())
			.json()
			.path("items")
			.get(0)
			.path("id")
			.asString();
		assertThat(api()
			.call("PATCH", "/api/v1/comments/" + comment, contributor.token(), Map.of("body", "Resolved"), Map.of())
			.status()).isEqualTo(200);
		assertThat(found(contributor, "outage")).isEmpty();
		assertThat(found(contributor, "resolved")).containsExactly(quiet);
		assertThat(api().call("DELETE", "/api/v1/comments/" + comment, lead.token(), null).status()).isEqualTo(204);
		assertThat(found(contributor, "resolved")).isEmpty();
	}

	@Test
	void filtersAndPages() {
		String label = api().create("/api/v1/orgs/" + org + "/labels", lead.token(),
				Map.of("name", "Rocket", "colour", "#1f6feb"));
		String labelled = task(Map.of("title", "Rocket fuel", "labelIds", List.of(label), "assigneeId",
				contributor.id(), "dueDate", "2027-03-01"));
		String other = task(Map.of("title", "Rocket paint", "status", "done"));
		List<String> many = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			many.add(task(Map.of("title", "Rocket part " + i)));
		}
		assertThat(ids(search(contributor, "rocket", "&labelId=" + label))).containsExactly(labelled);
		assertThat(ids(search(contributor, "rocket", "&assigneeId=" + contributor.id()))).containsExactly(labelled);
		assertThat(ids(search(contributor, "rocket", "&status=done"))).containsExactly(other);
		assertThat(ids(search(contributor, "rocket", "&dueFrom=2027-01-01&dueTo=2027-12-31")))
			.containsExactly(labelled);
		assertThat(ids(search(contributor, "rocket", "&projectId=" + UUID.randomUUID()))).isEmpty();

		// Pages: the same order, no task twice.
		Api.Response page = search(contributor, "rocket", "&limit=3");
		List<String> seen = new ArrayList<>(ids(page));
		while (!page.json().path("next").isNull() && !page.json().path("next").isMissingNode()) {
			page = search(contributor, "rocket", "&limit=3&cursor=" + page.json().path("next").asString());
			seen.addAll(ids(page));
		}
		assertThat(seen).hasSize(7).doesNotHaveDuplicates();

		// Bad queries are 400s naming the parameter.
		assertThat(search(contributor, "   ", "").status()).isEqualTo(400);
		assertThat(search(contributor, "a b c d e f g h i", "").status()).isEqualTo(400);
		assertThat(search(contributor, "x".repeat(201), "").status()).isEqualTo(400);
		assertThat(search(contributor, "rocket", "&dueFrom=tomorrow").status()).isEqualTo(400);
		assertThat(search(contributor, "rocket", "&cursor=nonsense").status()).isEqualTo(400);
	}

	/**
	 * Pages answered from the most recent tasks (enough matches of the best rank there)
	 * and from the whole index (the rest) read as one ranking: every title hit, newest
	 * first, then every other hit; a restricted one neither shows nor shifts a page.
	 */
	@Test
	void pagesFromRecentTasksAndFromTheIndexReadAsOneRanking() {
		List<String> titled = new ArrayList<>();
		List<String> described = new ArrayList<>();
		for (int i = 0; i < 14; i++) {
			titled.add(0, task(Map.of("title", "Zephyr check " + i)));
			if (i % 4 == 0) {
				described.add(0, task(Map.of("title", "Other " + i, "description", "the zephyr wind")));
			}
		}
		task(Map.of("title", "Zephyr secret", "visibility", "restricted"));
		task(Map.of("title", "Unrelated"));
		List<String> expected = new ArrayList<>(titled);
		expected.addAll(described);
		for (String query : List.of("zephyr", "zep")) {
			List<String> paged = new ArrayList<>();
			String cursor = "";
			for (int pages = 0; pages < 10; pages++) {
				Api.Response page = search(contributor, query, "&limit=4" + cursor);
				paged.addAll(ids(page));
				String next = page.json().path("next").asString(null);
				if (next == null) {
					break;
				}
				cursor = "&cursor=" + next;
			}
			assertThat(paged).as(query).containsExactlyElementsOf(expected);
			assertThat(found(contributor, query)).as(query).containsExactlyElementsOf(expected);
		}
	}

	@Test
	void onlyWhatTheReaderMaySeeInTheirOwnOrganization() {
		String secret = task(Map.of("title", "Zeppelin contract"));
		api().create("/api/v1/tasks/" + secret + "/comments", lead.token(), Map.of("body", "zeppelin budget"));
		assertThat(found(contributor, "zeppelin")).containsExactly(secret);

		// Made restricted: out of the contributor's results (in the database too), not
		// the lead's.
		assertThat(api()
			.call("PATCH", "/api/v1/tasks/" + secret, lead.token(), Map.of("visibility", "restricted"),
					Map.of("If-Match", "*"))
			.status()).isEqualTo(200);
		assertThat(found(contributor, "zeppelin")).isEmpty();
		assertThat(found(contributor, "budget")).isEmpty();
		assertThat(found(lead, "zeppelin")).containsExactly(secret);

		// A guest finds exactly the task granted to them.
		TestUser guest = api().newUser("search-guest");
		api().create("/api/v1/orgs/" + org + "/members", lead.token(), Map.of("email", guest.email(), "role", "guest"));
		String shared = task(Map.of("title", "Zeppelin hangar"));
		api().create("/api/v1/tasks/" + shared + "/grants", lead.token(),
				Map.of("email", guest.email(), "role", "viewer"));
		assertThat(found(guest, "zeppelin")).containsExactly(shared);
		assertThat(found(contributor, "zeppelin")).containsExactly(shared);

		// Another organization: its tasks never, its search not at all.
		ProjectTeam other = ProjectTeam.create(api(), "search-other", "Other", "Other");
		api().create("/api/v1/projects/" + other.project() + "/tasks", other.lead().token(),
				Map.of("title", "Zeppelin elsewhere"));
		assertThat(found(lead, "zeppelin")).containsExactlyInAnyOrder(secret, shared);
		assertThat(api().get("/api/v1/orgs/" + other.org() + "/search?q=zeppelin", lead.token()).status())
			.isEqualTo(404);
		Api.Response graphql = api().graphql(lead.token(),
				"query($o: ID!) { organization(id: $o) { search(query: \"zeppelin\") { nodes { taskId } } } }",
				Map.of("o", other.org()));
		assertThat(graphql.body()).doesNotContain("taskId\":\"");
		Api.Response own = api().graphql(contributor.token(),
				"query($o: ID!) { organization(id: $o) { search(query: \"contract\") { nodes { taskId matchedIn } } } }",
				Map.of("o", org));
		assertThat(own.json().at("/data/organization/search/nodes").size()).isZero();
	}

	@Test
	void theStoredTermsHoldNoWordAndDifferAcrossOrganizations() {
		String mine = task(Map.of("title", "Periscope maintenance", "description", "periscope lenses"));
		api().create("/api/v1/tasks/" + mine + "/comments", lead.token(), Map.of("body", "periscope grease"));
		ProjectTeam other = ProjectTeam.create(api(), "search-terms", "Terms", "Terms");
		String theirs = api().create("/api/v1/projects/" + other.project() + "/tasks", other.lead().token(),
				Map.of("title", "Periscope maintenance"));
		var rows = owner.transaction(sql -> sql.select(TASKS.ID, TASKS.TITLE_TERMS, TASKS.SEARCH_TERMS)
			.from(TASKS)
			.where(TASKS.ID.in(UUID.fromString(mine), UUID.fromString(theirs)))
			.fetch());
		byte[][] mineTerms = null;
		byte[][] theirTerms = null;
		for (var row : rows) {
			for (byte[] term : row.value3()) {
				assertThat(term).hasSize(8);
				assertThat(new String(term, StandardCharsets.ISO_8859_1)).doesNotContain("peri", "lens", "grease");
			}
			if (row.value1().toString().equals(mine)) {
				mineTerms = row.value2();
			}
			else {
				theirTerms = row.value2();
			}
		}
		// The same title, other terms: each organization has its own index key.
		assertThat(mineTerms).isNotNull();
		assertThat(theirTerms).isNotNull();
		for (byte[] term : mineTerms) {
			for (byte[] their : theirTerms) {
				assertThat(term).isNotEqualTo(their);
			}
		}
		byte[][] commentTerms = owner.transaction(sql -> sql.select(COMMENTS.BODY_TERMS)
			.from(COMMENTS)
			.where(COMMENTS.TASK_ID.eq(UUID.fromString(mine)))
			.fetchOne(COMMENTS.BODY_TERMS));
		assertThat(commentTerms).isNotEmpty();
	}

}
