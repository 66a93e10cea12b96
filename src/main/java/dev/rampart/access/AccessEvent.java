package dev.rampart.access;

import dev.rampart.shared.OrgId;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What the access module decided or changed, published through Spring's
 * {@code ApplicationEventPublisher} as it happens (inside the transaction of a change).
 * Listeners: the activity log (in the transaction), and whatever acts after commit.
 */
public sealed interface AccessEvent {

	/** An access decision allowed {@code permission} on the resource. */
	record AccessGranted(String permission, String targetKind, String targetId,
			@Nullable OrgId org) implements AccessEvent {
	}

	/**
	 * An access decision refused. {@code org} is null when the resource was invisible to
	 * the actor (which organization it belongs to is not theirs to know); {@code reason}
	 * names a rule beyond roles (an archived project, an organization requiring MFA).
	 */
	record AccessDenied(String permission, String targetKind, String targetId, @Nullable OrgId org,
			@Nullable String reason) implements AccessEvent {
	}

	/** The credential itself was refused ({@code reason}: which named policy). */
	record CredentialRefused(String reason) implements AccessEvent {
	}

	record RoleCreated(UUID role, OrgId org) implements AccessEvent {
	}

	record RoleChanged(UUID role, OrgId org) implements AccessEvent {
	}

	record RoleDeleted(UUID role, OrgId org) implements AccessEvent {
	}

}
