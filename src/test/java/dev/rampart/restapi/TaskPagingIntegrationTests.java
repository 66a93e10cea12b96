package dev.rampart.restapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api;
import dev.rampart.IntegrationTest;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskPagingIntegrationTests extends IntegrationTest {

	@Test
	void keysetPagesCoverEveryTaskOnceAndBadCursorsAreRefused() {
		Api.TestUser owner = api().newUser("paging");
		String org = api().create("/api/v1/orgs", owner.token(), Map.of("name", "Paging"));
		String project = api().create("/api/v1/orgs/" + org + "/projects", owner.token(), Map.of("name", "P"));
		for (int i = 0; i < 5; i++) {
			api().create("/api/v1/projects/" + project + "/tasks", owner.token(), Map.of("title", "Task " + i));
		}
		Set<String> seen = new HashSet<>();
		String cursor = null;
		int pages = 0;
		do {
			Api.Response page = api().get(
					"/api/v1/projects/" + project + "/tasks?limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
					owner.token());
			assertThat(page.status()).isEqualTo(200);
			page.json().get("items").forEach(item -> assertThat(seen.add(item.get("id").asString())).isTrue());
			cursor = page.json().get("next").isNull() ? null : page.text("next");
			pages++;
		}
		while (cursor != null);
		assertThat(seen).hasSize(5);
		assertThat(pages).isEqualTo(3);
		assertThat(api().get("/api/v1/projects/" + project + "/tasks?cursor=bm9wZQ", owner.token()).status())
			.isEqualTo(400);
		assertThat(api().get("/api/v1/projects/" + project + "/tasks?limit=101", owner.token()).status())
			.isEqualTo(400);
	}

}
