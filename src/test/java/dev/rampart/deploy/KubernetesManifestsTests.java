package dev.rampart.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests (deploy/kubernetes, C28): each overlay rendered by kustomize
 * ({@code kubectl kustomize}) and validated against the Kubernetes API schema and
 * Rampart's deployment rules (deploy/kubernetes/validate); a broken manifest is refused.
 */
class KubernetesManifestsTests {

	private static final Path DEPLOY = Path.of("deploy/kubernetes");

	private static final Path OUT = Path.of("target/kubernetes");

	@ParameterizedTest
	@ValueSource(strings = { "staging", "production" })
	void eachEnvironmentRendersAndValidates(String environment) throws Exception {
		Path rendered = render(environment);
		String yaml = Files.readString(rendered);
		assertThat(yaml).contains("namespace: rampart-" + environment)
			.contains("readOnlyRootFilesystem: true")
			.contains("replicas: 3")
			.contains("image: registry.example.com/rampart:0.1.0");
		Result result = validate(rendered, environment);
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("valid for " + environment);
	}

	@Test
	void theEnvironmentsHaveTheirOwnKeys() throws Exception {
		String staging = Files.readString(render("staging"));
		String production = Files.readString(render("production"));
		assertThat(staging).contains("value: local").doesNotContain("pkcs11");
		assertThat(production).contains("value: pkcs11")
			.contains("key: pin")
			.doesNotContain("rampart-keys/rampart.p12");
		assertThat(staging + production).as("no secret value in the repository").doesNotContain("kind: Secret");
	}

	@Test
	void aBrokenManifestIsRefused() throws Exception {
		String good = Files.readString(render("production"));
		for (String[] change : List.of(
				new String[] { "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false",
						"readOnlyRootFilesystem must be true" },
				new String[] { "  replicas: 3", "  replicaz: 3", "replicaz: not a field of V1DeploymentSpec" },
				new String[] { "  minAvailable: 2", "  minAvailable: 1", "PodDisruptionBudget keeps at least 2" },
				new String[] { "protocol: TCP", "protocol: TCPX", "must be equal to one of the allowed values" },
				new String[] { "pod-security.kubernetes.io/enforce: restricted",
						"pod-security.kubernetes.io/enforce: privileged", "must enforce Pod Security" })) {
			assertThat(good).contains(change[0]);
			Path broken = OUT.resolve("broken.yaml");
			Files.writeString(broken, good.replaceFirst(java.util.regex.Pattern.quote(change[0]), change[1]));
			Result result = validate(broken, "production");
			assertThat(result.exitCode()).as(change[1]).isEqualTo(1);
			assertThat(result.output()).as(change[1]).contains(change[2]);
		}
	}

	private static Path render(String environment) throws IOException, InterruptedException {
		String kubectl = kubectl();
		Files.createDirectories(OUT);
		Path rendered = OUT.resolve(environment + ".yaml");
		Result result = run(List.of(kubectl, "kustomize", DEPLOY.resolve("overlays/" + environment).toString()));
		assertThat(result.exitCode()).as(result.output()).isZero();
		Files.writeString(rendered, result.stdout(), StandardCharsets.UTF_8);
		return rendered;
	}

	private static Result validate(Path rendered, String environment) throws IOException, InterruptedException {
		Assumptions.assumeTrue(Files.isDirectory(DEPLOY.resolve("validate/node_modules")),
				"deploy/kubernetes/validate has no node_modules: the build's npm ci did not run");
		return run(
				List.of("node", DEPLOY.resolve("validate/validate.mjs").toString(), rendered.toString(), environment));
	}

	/**
	 * Debian's kubernetes-client ({@code .ci/run} installs it); skipped with the reason
	 * where it is missing.
	 */
	private static String kubectl() {
		String configured = System.getenv("RAMPART_KUBECTL");
		String kubectl = configured != null ? configured : "/usr/bin/kubectl";
		if (!Files.isExecutable(Path.of(kubectl))) {
			String reason = "kubectl is not installed (apt-get install kubernetes-client): the Kubernetes manifests"
					+ " are not rendered";
			if (System.getenv("RAMPART_TEST_REQUIRE_KUBECTL") != null) {
				Assertions.fail(reason + ", but RAMPART_TEST_REQUIRE_KUBECTL is set");
			}
			Assumptions.abort(reason);
		}
		return kubectl;
	}

	private record Result(int exitCode, String stdout, String output) {
	}

	private static Result run(List<String> command) throws IOException, InterruptedException {
		Path stdout = Files.createTempFile("rampart-manifests-", ".out");
		Path stderr = Files.createTempFile("rampart-manifests-", ".err");
		try {
			Process process = new ProcessBuilder(new ArrayList<>(command)).redirectOutput(stdout.toFile())
				.redirectError(stderr.toFile())
				.start();
			if (!process.waitFor(2, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new IllegalStateException(command + " did not finish");
			}
			String out = Files.readString(stdout);
			return new Result(process.exitValue(), out, out + Files.readString(stderr));
		}
		finally {
			Files.deleteIfExists(stdout);
			Files.deleteIfExists(stderr);
		}
	}

}
