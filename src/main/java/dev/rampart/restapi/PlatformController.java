package dev.rampart.restapi;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import dev.rampart.access.PlatformAccess;
import dev.rampart.access.PlatformPermission;
import dev.rampart.access.PlatformRole;
import dev.rampart.errors.ErrorReport;
import dev.rampart.errors.ErrorReports;
import dev.rampart.keys.KeyReport;
import dev.rampart.keys.KeyRotation;
import dev.rampart.ops.ContentSealer;
import dev.rampart.ops.KeyVerification;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Audited;
import dev.rampart.shared.Inputs;
import dev.rampart.shared.NotFound;
import dev.rampart.shared.OrgId;
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
 * Platform operations for holders of a platform role (separation of duties, C10): key
 * custodians see and rotate keys, operators read health and error reports. None of these
 * answers carries an organization's content, and neither role opens any organization
 * endpoint.
 */
@Tag(name = "Platform", description = "Key custodians and operators.")
@RestController
@RequestMapping("/api/v1/platform")
class PlatformController {

	private static final String KEYS = "keys";

	private final PlatformAccess access;

	private final KeyRotation keys;

	private final KeyReport report;

	private final ContentSealer sealer;

	private final KeyVerification verification;

	private final ErrorReports errors;

	PlatformController(PlatformAccess access, KeyRotation keys, KeyReport report, ContentSealer sealer,
			KeyVerification verification, ErrorReports errors) {
		this.access = access;
		this.keys = keys;
		this.report = report;
		this.sealer = sealer;
		this.verification = verification;
		this.errors = errors;
	}

	/** The caller's own platform roles (an empty list for almost everyone). */
	@Operation(operationId = "listPlatformRoles", summary = "Your platform roles",
			description = "Key custodian and operator roles are granted at the machine (rampart admin grant-role).")
	@GetMapping("/roles")
	Map<String, List<String>> roles(@AuthenticationPrincipal Actor actor) {
		return Map.of("roles", access.roles(actor.userId()).stream().map(PlatformRole::wireName).toList());
	}

	record KeyStatusView(String storeKind, String storeId, String currentKek, List<String> keks, int keysets,
			Map<String, Integer> keysetsByKek, @Nullable String oldestRotation, long dueForRotation,
			long reencryptionPending) {
	}

	@Operation(operationId = "getKeyStatus", summary = "Key store and data key status",
			description = "Key custodians only.")
	@GetMapping("/keys")
	KeyStatusView keyStatus(@AuthenticationPrincipal Actor actor) {
		access.require(actor, PlatformPermission.KEYS_READ, KEYS);
		KeyReport.Status status = report.status();
		return new KeyStatusView(status.storeKind(), status.storeId(), status.currentKek(), status.keks(),
				status.keysets(), status.keysetsByKek(),
				status.oldestRotation() == null ? null : status.oldestRotation().toString(), status.dueForRotation(),
				sealer.pending());
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
		access.require(actor, PlatformPermission.KEYS_MANAGE, KEYS);
		String target = body == null ? null : body.orgId();
		if (target == null) {
			return Map.of("rotated", keys.rotateDue());
		}
		OrgId org = "platform".equals(target) ? null : new OrgId(Inputs.uuid("orgId", target));
		if (org != null && !keys.hasKeys(org)) {
			throw new NotFound("keyset");
		}
		keys.rotate(org);
		return Map.of("rotated", target);
	}

	@Operation(operationId = "rotateKeyEncryptionKey", summary = "Rotate the key-encryption key",
			description = "Key custodians only.")
	@PostMapping("/keys/rotate-kek")
	@Audited("keys.rotate-kek")
	Map<String, Object> rotateKek(@AuthenticationPrincipal Actor actor) {
		access.require(actor, PlatformPermission.KEYS_MANAGE, KEYS);
		int rewrapped = keys.rotateKek();
		return Map.of("currentKek", keys.currentKekId(), "rewrapped", rewrapped);
	}

	@Operation(operationId = "verifyKeys", summary = "Check that sealed data opens",
			description = "Decrypts a sample of every organization's data; key custodians only.")
	@PostMapping("/keys/verify")
	@Audited("keys.verify")
	KeyVerification.Report verify(@AuthenticationPrincipal Actor actor,
			@RequestParam(defaultValue = "20") @Min(1) @Max(KeyVerification.MAX_SAMPLE) int sample) {
		access.require(actor, PlatformPermission.KEYS_MANAGE, KEYS);
		return verification.run(sample);
	}

	@Operation(operationId = "getPlatformHealth", summary = "Platform health for operators")
	@GetMapping("/health")
	Map<String, Object> health(@AuthenticationPrincipal Actor actor) {
		access.require(actor, PlatformPermission.HEALTH_READ, "health");
		List<String> keyProblems = report.verifyStore();
		return Map.of("status", keyProblems.isEmpty() ? "up" : "degraded", "database", "up", "keyStore",
				keyProblems.isEmpty() ? "up" : "unusable", "reencryptionPending", sealer.pending());
	}

	@Operation(operationId = "listErrorReports", summary = "List recent error reports",
			description = "Operators only: types and frames, never messages or request data.")
	@GetMapping("/errors")
	List<ErrorReport> errors(@AuthenticationPrincipal Actor actor,
			@RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
		access.require(actor, PlatformPermission.ERRORS_READ, "errors");
		return errors.list(actor.userId(), limit);
	}

	@Operation(operationId = "getErrorReport", summary = "Read one error report")
	@GetMapping("/errors/{errorId}")
	ErrorReport error(@AuthenticationPrincipal Actor actor, @PathVariable UUID errorId) {
		access.require(actor, PlatformPermission.ERRORS_READ, "errors");
		return errors.find(actor.userId(), errorId).orElseThrow(() -> new NotFound("error report"));
	}

}
