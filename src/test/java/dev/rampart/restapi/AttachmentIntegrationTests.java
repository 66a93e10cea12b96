package dev.rampart.restapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api;
import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attachments: sniffed types, random names outside any web root, downloads only, access
 * by task.
 */
class AttachmentIntegrationTests extends IntegrationTest {

	/** A 1x1 PNG. */
	static final byte[] PNG = Base64.getDecoder()
		.decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

	static TestUser owner;

	static TestUser viewer;

	static TestUser outsider;

	static String task;

	@BeforeAll
	static void tenant() {
		Api api = api();
		owner = api.newUser("files-owner");
		viewer = api.newUser("files-viewer");
		outsider = api.newUser("files-outsider");
		String org = api.create("/api/v1/orgs", owner.token(), Map.of("name", "Files"));
		String project = api.create("/api/v1/orgs/" + org + "/projects", owner.token(), Map.of("name", "P"));
		api.post("/api/v1/orgs/" + org + "/members", owner.token(), Map.of("email", viewer.email(), "role", "member"));
		api.post("/api/v1/projects/" + project + "/members", owner.token(),
				Map.of("email", viewer.email(), "role", "viewer"));
		task = api.create("/api/v1/projects/" + project + "/tasks", owner.token(), Map.of("title", "With files"));
	}

	@Test
	void theTypeIsSniffedFromTheBytesAndTheNameLosesItsPath() throws Exception {
		Api.Response png = api().upload("/api/v1/tasks/" + task + "/attachments", owner.token(), "../../etc/evil.html",
				"text/html", PNG);
		assertThat(png.status()).as(png.body()).isEqualTo(201);
		assertThat(png.text("contentType")).isEqualTo("image/png");
		assertThat(png.text("fileName")).isEqualTo("evil.html");
		assertThat(png.json().path("sizeBytes").asLong()).isEqualTo(PNG.length);

		byte[] page = "<html><script>alert(document.cookie)</script></html>".getBytes(StandardCharsets.UTF_8);
		Api.Response html = api().upload("/api/v1/tasks/" + task + "/attachments", owner.token(), "cat.png",
				"image/png", page);
		assertThat(html.status()).isEqualTo(201);
		assertThat(html.text("contentType")).isEqualTo("text/html");
		HttpResponse<byte[]> download = api().download(html.text("downloadUrl"), owner.token());
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.body()).isEqualTo(page);
		assertThat(download.headers().firstValue("Content-Disposition"))
			.hasValueSatisfying(v -> assertThat(v).startsWith("attachment;").contains("cat.png"));
		assertThat(download.headers().firstValue("Content-Type"))
			.hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
		assertThat(download.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(download.headers().firstValue("Content-Security-Policy"))
			.hasValueSatisfying(v -> assertThat(v).contains("sandbox"));

		try (Stream<Path> files = Files.list(HOME.resolve("attachments"))) {
			List<String> names = files.map(f -> f.getFileName().toString()).toList();
			assertThat(names).isNotEmpty().allMatch(n -> n.matches("[0-9a-f]{32}"));
		}
	}

	@Test
	void aNulInTheFileNameIsBadInputNotAnError() {
		// Tomcat refuses the part before Rampart sees it (other control characters are
		// stripped from names).
		Api.Response refused = api().upload("/api/v1/tasks/" + task + "/attachments", owner.token(),
				"nul\u0000byte.txt", "text/plain", new byte[] { 'x' });
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.text("field")).isEqualTo("file");
		assertThat(refused.body()).doesNotContain("errorId");
	}

	@Test
	void readersDownloadButOnlyWritersUploadAndStrangersSeeNothing() {
		String path = "/api/v1/tasks/" + task + "/attachments";
		Api.Response uploaded = api().upload(path, owner.token(), "notes.txt", "text/plain",
				"plain notes".getBytes(StandardCharsets.UTF_8));
		String url = uploaded.text("downloadUrl");
		assertThat(api().download(url, viewer.token()).statusCode()).isEqualTo(200);
		assertThat(api().get(path, viewer.token()).json().path("items").size()).isPositive();
		assertThat(api().upload(path, viewer.token(), "x.txt", "text/plain", new byte[] { 'x' }).status())
			.isEqualTo(403);
		assertThat(api().call("DELETE", url, viewer.token(), null).status()).isEqualTo(403);
		assertThat(api().download(url, outsider.token()).statusCode()).isEqualTo(404);
		assertThat(api().get(path, outsider.token()).status()).isEqualTo(404);
		assertThat(api().upload(path, outsider.token(), "x.txt", "text/plain", new byte[] { 'x' }).status())
			.isEqualTo(404);
		assertThat(api().call("DELETE", url, outsider.token(), null).status()).isEqualTo(404);
		assertThat(api().download(url, null).statusCode()).isEqualTo(401);
		String query = "query($t: ID!) { task(id: $t) { attachments { fileName contentType downloadUrl } } }";
		var forViewer = api().graphql(viewer.token(), query, Map.of("t", task)).json();
		assertThat(forViewer.path("data")
			.path("task")
			.path("attachments")
			.valueStream()
			.map(a -> a.path("downloadUrl").asString())).contains(url);
		var forOutsider = api().graphql(outsider.token(), query, Map.of("t", task)).json();
		assertThat(forOutsider.path("data").path("task").isNull()).as(forOutsider.toString()).isTrue();
		assertThat(forOutsider.path("errors").get(0).path("extensions").path("code").asString()).isEqualTo("not-found");
		assertThat(api().call("DELETE", url, owner.token(), null).status()).isEqualTo(204);
		assertThat(api().download(url, owner.token()).statusCode()).isEqualTo(404);
	}

	@Test
	void aFileAboveTheLimitIsRefusedWith413AndNothingIsStored() throws Exception {
		long before;
		try (Stream<Path> files = Files.list(HOME.resolve("attachments"))) {
			before = files.count();
		}
		byte[] big = new byte[25 * 1024 * 1024 + 1];
		Api.Response refused = api().upload("/api/v1/tasks/" + task + "/attachments", owner.token(), "big.bin",
				"application/octet-stream", big);
		assertThat(refused.status()).isEqualTo(413);
		assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		assertThat(refused.text("type")).isEqualTo("urn:rampart:problem:attachment-too-large");
		assertThat(refused.text("detail")).isEqualTo("a file may have at most 26214400 bytes");
		assertThat(refused.json().path("maxBytes").asLong()).isEqualTo(26214400L);
		try (Stream<Path> files = Files.list(HOME.resolve("attachments"))) {
			assertThat(files.count()).isEqualTo(before);
		}
		Api.Response missingPart = api().call("POST", "/api/v1/tasks/" + task + "/attachments", owner.token(), "{}");
		assertThat(missingPart.status()).isEqualTo(415);
		assertThat(missingPart.text("detail")).isEqualTo("this route reads multipart/form-data, not application/json");
	}

}
