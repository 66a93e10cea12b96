package dev.rampart.audit;

import dev.rampart.keys.DataKeys;
import dev.rampart.shared.OrgId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The request data of an entry, sealed with the data key of the organization whose chain
 * it is in (the platform's for the platform chain) and bound to the chain and request.
 * Stored as {@code sealed:v1:<base64>}; readers see the opened text.
 */
@Component
class SealedData {

	private static final String PREFIX = "sealed:v1:";

	/**
	 * What readers see when the organization's key no longer exists (crypto-shredded).
	 */
	static final String UNREADABLE = "[sealed; the key is gone]";

	private final DataKeys keys;

	SealedData(DataKeys keys) {
		this.keys = keys;
	}

	String seal(UUID chain, @Nullable String requestId, String data) {
		try {
			byte[] sealed = keys.auditAead(org(chain))
				.encrypt(data.getBytes(StandardCharsets.UTF_8), binding(chain, requestId));
			return PREFIX + Base64.getEncoder().encodeToString(sealed);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("sealing an activity-log entry failed", ex);
		}
	}

	String open(UUID chain, @Nullable String requestId, String stored) {
		if (!stored.startsWith(PREFIX)) {
			return stored;
		}
		try {
			return new String(keys.auditAead(org(chain))
				.decrypt(Base64.getDecoder().decode(stored.substring(PREFIX.length())), binding(chain, requestId)),
					StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			return UNREADABLE;
		}
	}

	/** The entry as readers see it: the same fields, the data opened. */
	AuditEntry opened(AuditEntry entry) {
		return new AuditEntry(entry.chain(), entry.seq(), entry.at(), entry.actorId(), entry.tokenId(), entry.action(),
				entry.targetKind(), entry.targetId(), entry.outcome(), entry.address(), entry.userAgent(),
				entry.requestId(), open(entry.chain(), entry.requestId(), entry.data()), entry.detail(),
				entry.prevHash(), entry.hash());
	}

	private static @Nullable OrgId org(UUID chain) {
		return AuditEntry.PLATFORM_CHAIN.equals(chain) ? null : new OrgId(chain);
	}

	private static byte[] binding(UUID chain, @Nullable String requestId) {
		return ("rampart:v1:audit:" + chain + ":" + requestId).getBytes(StandardCharsets.UTF_8);
	}

}
