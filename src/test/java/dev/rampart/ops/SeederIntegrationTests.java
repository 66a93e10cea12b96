package dev.rampart.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.IntegrationTest;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class SeederIntegrationTests extends IntegrationTest {

	@Autowired
	Seeder seeder;

	@Test
	void seedsADataSetWhosePrintedUsersCanSignInAndSeeOnlyTheirProjects() {
		AtomicLong progress = new AtomicLong();
		List<SeedCredential> credentials = seeder.seed(new SeedPlan(3, 40, 6, 500), progress::set);
		assertThat(progress.get()).isGreaterThanOrEqualTo(40 * 2 + 3 + 6 + 500);
		assertThat(credentials).extracting(SeedCredential::role).containsExactly("owner", "admin", "member", "guest");
		for (SeedCredential credential : credentials) {
			String token = api().login(credential.email(), credential.password());
			assertThat(api().get("/api/v1/projects/" + credential.projectId() + "/tasks?limit=5", token).status())
				.as(credential.role())
				.isEqualTo(200);
			assertThat(api().get("/api/v1/orgs", token).json().get("items").size()).isEqualTo(1);
		}
		SeedCredential member = credentials.get(2);
		String token = api().login(member.email(), member.password());
		assertThat(api().get("/api/v1/orgs/" + member.orgId() + "/projects", token).json().get("items").size())
			.isBetween(1, 3);
	}

}
