package dev.rampart.ops;

import dev.rampart.access.PlatformAccess;
import dev.rampart.access.PlatformPermission;
import dev.rampart.access.PlatformRole;
import dev.rampart.errors.ErrorReport;
import dev.rampart.errors.ErrorReports;
import dev.rampart.keys.KeyReport;
import dev.rampart.keys.KeyRotation;
import dev.rampart.shared.Actor;
import dev.rampart.shared.NotFound;
import dev.rampart.shared.OrgId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Platform operations for holders of a platform role (separation of duties, C10): key
 * custodians see and rotate keys, operators read health and error reports. Every method
 * asks {@link PlatformAccess} first; none of the answers carries an organization's
 * content.
 */
@Service
public class PlatformOperations {

	private static final String KEYS = "keys";

	private final PlatformAccess access;

	private final KeyRotation keys;

	private final KeyReport report;

	private final ContentSealer sealer;

	private final KeyVerification verification;

	private final ErrorReports errors;

	PlatformOperations(PlatformAccess access, KeyRotation keys, KeyReport report, ContentSealer sealer,
			KeyVerification verification, ErrorReports errors) {
		this.access = access;
		this.keys = keys;
		this.report = report;
		this.sealer = sealer;
		this.verification = verification;
		this.errors = errors;
	}

	/** The caller's own platform roles (empty for almost everyone; asking needs none). */
	public Set<PlatformRole> roles(Actor actor) {
		return access.roles(actor.userId());
	}

	/** The key store and data keys, and how much waits for re-encryption. */
	public record KeyStatus(KeyReport.Status keys, long reencryptionPending) {
	}

	public KeyStatus keyStatus(Actor actor) {
		access.require(actor, PlatformPermission.KEYS_READ, KEYS);
		return new KeyStatus(report.status(), sealer.pending());
	}

	/**
	 * Rotates data keys: {@code target} names one organization's keysets (its id) or the
	 * platform's ({@code "platform"}); null rotates every keyset due. The number rotated,
	 * or the target.
	 */
	public Object rotate(Actor actor, @Nullable String target) {
		access.require(actor, PlatformPermission.KEYS_MANAGE, KEYS);
		if (target == null) {
			return keys.rotateDue();
		}
		OrgId org = "platform".equals(target) ? null : new OrgId(dev.rampart.shared.Inputs.uuid("orgId", target));
		if (org != null && !keys.hasKeys(org)) {
			throw new NotFound("keyset");
		}
		keys.rotate(org);
		return target;
	}

	/** A new KEK, and every keyset re-wrapped with it. */
	public record KekRotated(String currentKek, int rewrapped) {
	}

	public KekRotated rotateKek(Actor actor) {
		access.require(actor, PlatformPermission.KEYS_MANAGE, KEYS);
		int rewrapped = keys.rotateKek();
		return new KekRotated(keys.currentKekId(), rewrapped);
	}

	public KeyVerification.Report verifyKeys(Actor actor, int sample) {
		access.require(actor, PlatformPermission.KEYS_MANAGE, KEYS);
		return verification.run(sample);
	}

	/** Problems the key store reports (empty: it answers). */
	public record Health(List<String> keyProblems, long reencryptionPending) {
	}

	public Health health(Actor actor) {
		access.require(actor, PlatformPermission.HEALTH_READ, "health");
		return new Health(report.verifyStore(), sealer.pending());
	}

	public List<ErrorReport> errors(Actor actor, int limit) {
		access.require(actor, PlatformPermission.ERRORS_READ, "errors");
		return errors.list(actor.userId(), limit);
	}

	public Optional<ErrorReport> error(Actor actor, UUID id) {
		access.require(actor, PlatformPermission.ERRORS_READ, "errors");
		return errors.find(actor.userId(), id);
	}

}
