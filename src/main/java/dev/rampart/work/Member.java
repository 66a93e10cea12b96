package dev.rampart.work;

import dev.rampart.shared.UserId;
import java.time.Instant;

/** A member of an organization or project; {@code role} is the role's wire name. */
public record Member(UserId userId, String email, String displayName, String role, Instant addedAt) {
}
