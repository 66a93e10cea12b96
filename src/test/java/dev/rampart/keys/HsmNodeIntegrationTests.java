package dev.rampart.keys;

import static dev.rampart.db.schema.Tables.AUDIT_CHECKPOINTS;
import static dev.rampart.db.schema.Tables.KEY_SETS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api.TestUser;
import dev.rampart.Api;
import dev.rampart.RampartApplication;
import dev.rampart.access.PlatformRole;
import dev.rampart.access.PlatformRoles;
import dev.rampart.audit.AuditCheckpoints;
import dev.rampart.audit.AuditVerifier;
import dev.rampart.db.OwnerDatabase;
import dev.rampart.ops.ContentSealer;
import dev.rampart.shared.UserId;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A whole Rampart node on the {@code pkcs11} key store (SoftHSM2), with its own database:
 * content written through the API is sealed under keys the HSM wraps, key custodians
 * rotate data keys and the KEK through the API, the re-encryption job retires the old
 * keys, and the activity log is signed by a key inside the HSM and verifies.
 */
class HsmNodeIntegrationTests {

	@Test
	void aNodeOnTheHsmSealsRotatesAndSignsWithKeysThatStayInIt(@TempDir Path home) throws Exception {
		SoftHsm.requireToken();
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		String[] arguments = Map
			.<String, Object>of("rampart.home", home, "server.port", port, "rampart.web.http-port", -1,
					"management.server.port", 0, "rampart.keys.store", "pkcs11", "rampart.keys.pkcs11.library",
					SoftHsm.LIBRARY, "rampart.keys.pkcs11.pin", SoftHsm.PIN, "rampart.keys.cache-time", "2s",
					"rampart.rate-limit.per-address", 1_000_000, "rampart.rate-limit.per-user", 1_000_000)
			.entrySet()
			.stream()
			.map(e -> "--" + e.getKey() + "=" + e.getValue())
			.toArray(String[]::new);
		try (ConfigurableApplicationContext node = new SpringApplicationBuilder(RampartApplication.class)
			.web(WebApplicationType.SERVLET)
			.run(arguments)) {
			Api api = new Api("https://localhost:" + port, home.resolve("tls/certificate.pem"));
			DataKeys keys = node.getBean(DataKeys.class);
			assertThat(keys.store().kind()).isEqualTo("pkcs11");
			assertThat(node.getBean(SigningKeys.class).currentKeyId()).startsWith("pkcs11-ecdsa-p256-");

			String marker = "HSMMARKER" + UUID.randomUUID().toString().replace("-", "");
			TestUser user = api.newUser("hsm-user");
			String org = api.create("/api/v1/orgs", user.token(), Map.of("name", "HSM " + marker));
			String project = api.create("/api/v1/orgs/" + org + "/projects", user.token(),
					Map.of("name", "P", "description", ""));
			String task = api.create("/api/v1/projects/" + project + "/tasks", user.token(),
					Map.of("title", "title " + marker, "description", "description " + marker));
			api.post("/api/v1/tasks/" + task + "/comments", user.token(), Map.of("body", "comment " + marker));
			byte[] file = ("%PDF-1.4 " + marker).repeat(1000).getBytes(StandardCharsets.UTF_8);
			String attachment = api
				.upload("/api/v1/tasks/" + task + "/attachments", user.token(), "f.pdf", "application/pdf", file)
				.text("id");

			OwnerDatabase owner = node.getBean(OwnerDatabase.class);
			List<String> stores = owner
				.transaction(sql -> sql.selectDistinct(KEY_SETS.STORE_ID).from(KEY_SETS).fetch(KEY_SETS.STORE_ID));
			assertThat(stores).containsExactly(keys.store().storeId());

			TestUser custodian = api.newUser("hsm-custodian");
			node.getBean(PlatformRoles.class)
				.grant(new UserId(UUID.fromString(custodian.id())), PlatformRole.KEY_CUSTODIAN);
			custodian = new TestUser(custodian.id(), custodian.email(),
					dev.rampart.SecondFactor.enrolTotp(api, custodian).token());
			assertThat(api.post("/api/v1/platform/keys/rotate", custodian.token(), Map.of("orgId", org)).status())
				.isEqualTo(200);
			assertThat(api.post("/api/v1/platform/keys/rotate-kek", custodian.token(), null).status()).isEqualTo(200);
			Api.Response verified = api.post("/api/v1/platform/keys/verify?sample=10", custodian.token(), null);
			assertThat(verified.json().get("problems")).as(verified.body()).isEmpty();

			Thread.sleep(2500);
			ContentSealer sealer = node.getBean(ContentSealer.class);
			while (sealer.run() < 0) {
				Thread.sleep(100);
			}
			assertThat(sealer.pending()).isZero();
			List<Integer> counts = owner.transaction(sql -> sql.select(KEY_SETS.KEY_COUNT)
				.from(KEY_SETS)
				.where(KEY_SETS.ORG_ID.eq(UUID.fromString(org)))
				.and(KEY_SETS.PURPOSE.in("data", "stream"))
				.fetch(KEY_SETS.KEY_COUNT));
			assertThat(counts).containsOnly(1);
			assertThat(api.get("/api/v1/tasks/" + task, user.token()).text("title")).isEqualTo("title " + marker);
			assertThat(api.download("/api/v1/attachments/" + attachment, user.token()).body()).isEqualTo(file);

			node.getBean(AuditCheckpoints.class).checkpoint();
			String checkpointKey = owner.transaction(sql -> sql.select(AUDIT_CHECKPOINTS.KEY_ID)
				.from(AUDIT_CHECKPOINTS)
				.orderBy(AUDIT_CHECKPOINTS.ID.desc())
				.limit(1)
				.fetchOne(AUDIT_CHECKPOINTS.KEY_ID));
			assertThat(checkpointKey).startsWith("pkcs11-ecdsa-p256-");
			assertThat(node.getBean(AuditVerifier.class).verify(null, null).intact()).isTrue();

			String rows = owner.transaction(sql -> {
				StringBuilder out = new StringBuilder();
				for (String table : sql.fetch("select tablename from pg_tables where schemaname = 'rampart'")
					.getValues(0, String.class)) {
					sql.fetch("select t::text from rampart.\"" + table.replace("\"", "") + "\" t")
						.forEach(r -> out.append(r.get(0)));
				}
				return out.toString();
			});
			assertThat(rows).doesNotContain(marker);
			try (var files = Files.walk(home.resolve("attachments"))) {
				for (Path stored : files.filter(Files::isRegularFile).toList()) {
					assertThat(new String(Files.readAllBytes(stored), StandardCharsets.ISO_8859_1))
						.doesNotContain(marker);
				}
			}
		}
	}

}
