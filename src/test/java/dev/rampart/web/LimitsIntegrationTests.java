package dev.rampart.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.Api;
import dev.rampart.IntegrationTest;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.db.ExtraNode;
import dev.rampart.shared.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The size and time limits, each at a deliberately small setting on a node of its own,
 * and each with the legitimate request just inside the limit.
 */
class LimitsIntegrationTests extends IntegrationTest {

	private static ConfigurableApplicationContext node;

	private static Api tight;

	private static java.nio.file.Path sharedAttachments;

	@Autowired
	ApplicationContext running;

	@BeforeEach
	void startTightNode() {
		if (node != null) {
			return;
		}
		int port = freePort();
		try {
			sharedAttachments = java.nio.file.Files.createTempDirectory("rampart-shared-attachments");
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		node = ExtraNode.start(running, HOME, port, Map.ofEntries(
				Map.entry("rampart.attachments.directory", sharedAttachments.resolve("files")),
				Map.entry("rampart.web.max-url-length", 300), Map.entry("rampart.web.max-query-parameters", 5),
				Map.entry("server.tomcat.connection-timeout", "2s"),
				Map.entry("server.tomcat.keep-alive-timeout", "2s"), Map.entry("rampart.db.statement-timeout", "300ms"),
				Map.entry("rampart.graphql.timeout", "1ms"), Map.entry("rampart.attachments.max-file-size", "2KB"),
				Map.entry("rampart.attachments.org-quota", "5KB"), Map.entry("rampart.rate-limit.enabled", false)));
		tight = new Api("https://localhost:" + port, HOME.resolve("tls/certificate.pem"));
	}

	@AfterAll
	static void stop() {
		if (node != null) {
			node.close();
			node = null;
		}
	}

	@Test
	void urlLengthAndQueryParameterCountAreLimited() {
		Api.TestUser user = tight.newUser("urls");
		String path = "/api/v1/tasks?assignee=me&limit=10&x=";
		assertThat(tight.get(path + "a".repeat(300 - path.length()), user.token()).status()).isEqualTo(200);
		Api.Response tooLong = tight.get(path + "a".repeat(301 - path.length()), user.token());
		assertThat(tooLong.status()).isEqualTo(414);
		assertThat(tooLong.text("type")).isEqualTo("urn:rampart:problem:url-too-long");
		assertThat(tight.get("/api/v1/tasks?assignee=me&a=1&b=2&c=3&d=4", user.token()).status()).isEqualTo(200);
		Api.Response tooMany = tight.get("/api/v1/tasks?assignee=me&a=1&b=2&c=3&d=4&e=5", user.token());
		assertThat(tooMany.status()).isEqualTo(400);
		assertThat(tooMany.text("type")).isEqualTo("urn:rampart:problem:too-many-parameters");
	}

	@Test
	void aClientThatStopsHalfwayThroughItsHeadersIsCutOff() {
		long started = System.nanoTime();
		String answer = tight.rawFrom("127.0.0.1", "GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: 1\r\n");
		Duration waited = Duration.ofNanos(System.nanoTime() - started);
		assertThat(waited).as("closed by the server's 2 s read timeout, not our 10 s one")
			.isBetween(Duration.ofMillis(1500), Duration.ofSeconds(8));
		assertThat(answer).doesNotContain("\"status\":\"UP\"");
		String complete = tight.rawFrom("127.0.0.1",
				"GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
		assertThat(complete).startsWith("HTTP/1.1 200");
	}

	@Test
	void everyTransactionHasAStatementTimeout() {
		Database database = node.getBean(Database.class);
		UserId nobody = UserId.random();
		Integer quick = database.read(DbContext.user(nobody),
				sql -> sql.select(DSL.function("pg_sleep", SQLDataType.OTHER, DSL.val(0.05))).execute());
		assertThat(quick).isEqualTo(1);
		assertThatThrownBy(() -> database.read(DbContext.user(nobody),
				sql -> sql.select(DSL.function("pg_sleep", SQLDataType.OTHER, DSL.val(2))).execute()))
			.hasStackTraceContaining("statement timeout");
	}

	@Test
	void graphQlExecutionIsCutOffAtItsTimeout() {
		Api.TestUser user = tight.newUser("slow-graphql");
		Api.Response response = tight.graphql(user.token(),
				"{ viewer { email organizations { id name projects { id name } } } }", Map.of());
		assertThat(response.status()).as(response.body()).isEqualTo(408);
		assertThat(response.body()).doesNotContain("Exception", "at dev.rampart");
	}

	@Test
	void uploadsHaveAFileSizeLimitAndAnOrganizationQuota() {
		Api.TestUser owner = tight.newUser("quota");
		String org = tight.create("/api/v1/orgs", owner.token(), Map.of("name", "Quota"));
		String project = tight.create("/api/v1/orgs/" + org + "/projects", owner.token(), Map.of("name", "P"));
		String task = tight.create("/api/v1/projects/" + project + "/tasks", owner.token(), Map.of("title", "T"));
		String path = "/api/v1/tasks/" + task + "/attachments";
		byte[] justFits = "x".repeat(2048).getBytes(StandardCharsets.UTF_8);
		assertThat(tight.upload(path, owner.token(), "a.txt", "text/plain", justFits).status()).isEqualTo(201);
		assertThat(tight
			.upload(path, owner.token(), "big.txt", "text/plain", "x".repeat(2049).getBytes(StandardCharsets.UTF_8))
			.status()).isEqualTo(413);
		Api.Response second = tight.upload(path, owner.token(), "b.txt", "text/plain", justFits);
		assertThat(second.status()).isEqualTo(201);
		Api.Response overQuota = tight.upload(path, owner.token(), "c.txt", "text/plain", justFits);
		assertThat(overQuota.status()).isEqualTo(413);
		assertThat(overQuota.text("detail")).contains("quota");
		assertThat(tight.call("DELETE", second.text("downloadUrl"), owner.token(), null).status()).isEqualTo(204);
		assertThat(tight.upload(path, owner.token(), "c.txt", "text/plain", justFits).status())
			.as("deleting frees the quota")
			.isEqualTo(201);
		try (var files = java.nio.file.Files.list(sharedAttachments.resolve("files"))) {
			assertThat(files.map(f -> f.getFileName().toString()).toList()).as("bytes in the configured directory")
				.hasSize(2)
				.allMatch(n -> n.matches("[0-9a-f]{32}"));
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
