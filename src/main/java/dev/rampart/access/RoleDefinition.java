package dev.rampart.access;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A project role: built in, or defined by an organization owner as a named set of
 * permissions.
 */
public record RoleDefinition(UUID id, String name, boolean builtIn, Set<Permission> permissions,
		Optional<Instant> createdAt) {
}
