package dev.rampart.restapi;

import dev.rampart.access.PlatformRole;
import dev.rampart.errors.ErrorReport;
import dev.rampart.keys.KeyReport;
import dev.rampart.ops.KeyVerification;
import dev.rampart.ops.PlatformOperations;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Audited;
import dev.rampart.shared.NotFound;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Platform operations over HTTP ({@link PlatformOperations} decides who may): key
 * custodians see and rotate keys, operators read health and error reports.
 */
@Tag(name = "Platform", description = "Key custodians and operators.")
@RestController
@RequestMapping("/api/v1/platform")
class PlatformController {

	private final PlatformOperations platform;

	PlatformController(PlatformOperations platform) {
		this.platform = platform;
	}

	/** The caller's own platform roles (an empty list for almost everyone). */
	@Operation(operationId = "listPlatformRoles", summary = "Your platform roles",
			description = "Key custodian and operator roles are granted at the machine (rampart admin grant-role).")
	@GetMapping("/roles")
	Map<String, List<String>> roles(@AuthenticationPrincipal Actor actor) {
		return Map.of("roles", platform.roles(actor).stream().map(PlatformRole::wireName).toList());
	}

	record KeyStatusView(String storeKind, String storeId, String currentKek, List<String> keks, int keysets,
			Map<String, Integer> keysetsByKek, @Nullable String oldestRotation, long dueForRotation,
			long reencryptionPending) {
	}

	@Operation(operationId = "getKeyStatus", summary = "Key store and data key status",
			description = "Key custodians only.")
	@GetMapping("/keys")
	KeyStatusView keyStatus(@AuthenticationPrincipal Actor actor) {
		PlatformOperations.KeyStatus current = platform.keyStatus(actor);
		KeyReport.Status status = current.keys();
		return new KeyStatusView(status.storeKind(), status.storeId(), status.currentKek(), status.keks(),
				status.keysets(), status.keysetsByKek(),
				status.oldestRotation() == null ? null : status.oldestRotation().toString(), status.dueForRotation(),
				current.reencryptionPending());
	}

	/**
	 * {@code orgId}: one organization's keysets, {@code "platform"}: the platform's;
	 * absent: every keyset due.
	 */
	record RotateRequest(@Nullable @Size(max = 36) String orgId) {
	}

	@Operation(operationId = "rotateDataKeys", summary = "Rotate data keys",
			description = "Key custodians only; re-encryption follows in the background.")
	@PostMapping("/keys/rotate")
	@Audited("keys.rotate")
	Map<String, Object> rotate(@AuthenticationPrincipal Actor actor,
			@RequestBody(required = false) @Nullable RotateRequest body) {
		return Map.of("rotated", platform.rotate(actor, body == null ? null : body.orgId()));
	}

	@Operation(operationId = "rotateKeyEncryptionKey", summary = "Rotate the key-encryption key",
			description = "Key custodians only.")
	@PostMapping("/keys/rotate-kek")
	@Audited("keys.rotate-kek")
	Map<String, Object> rotateKek(@AuthenticationPrincipal Actor actor) {
		PlatformOperations.KekRotated rotated = platform.rotateKek(actor);
		return Map.of("currentKek", rotated.currentKek(), "rewrapped", rotated.rewrapped());
	}

	@Operation(operationId = "verifyKeys", summary = "Check that sealed data opens",
			description = "Decrypts a sample of every organization's data; key custodians only.")
	@PostMapping("/keys/verify")
	@Audited("keys.verify")
	KeyVerification.Report verify(@AuthenticationPrincipal Actor actor,
			@RequestParam(defaultValue = "20") @Min(1) @Max(KeyVerification.MAX_SAMPLE) int sample) {
		return platform.verifyKeys(actor, sample);
	}

	@Operation(operationId = "getPlatformHealth", summary = "Platform health for operators")
	@GetMapping("/health")
	Map<String, Object> health(@AuthenticationPrincipal Actor actor) {
		PlatformOperations.Health health = platform.health(actor);
		List<String> keyProblems = health.keyProblems();
		return Map.of("status", keyProblems.isEmpty() ? "up" : "degraded", "database", "up", "keyStore",
				keyProblems.isEmpty() ? "up" : "unusable", "reencryptionPending", health.reencryptionPending());
	}

	@Operation(operationId = "listErrorReports", summary = "List recent error reports",
			description = "Operators only: types and frames, never messages or request data.")
	@GetMapping("/errors")
	List<ErrorReport> errors(@AuthenticationPrincipal Actor actor,
			@RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
		return platform.errors(actor, limit);
	}

	@Operation(operationId = "getErrorReport", summary = "Read one error report")
	@GetMapping("/errors/{errorId}")
	ErrorReport error(@AuthenticationPrincipal Actor actor, @PathVariable UUID errorId) {
		return platform.error(actor, errorId).orElseThrow(() -> new NotFound("error report"));
	}

}
