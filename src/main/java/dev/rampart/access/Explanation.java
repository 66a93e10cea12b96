package dev.rampart.access;

import dev.rampart.shared.UserId;

/** Why {@code user} may or may not do {@code permission} on {@code resource}. */
public record Explanation(Resource resource, UserId user, String userEmail, Permission permission, Decision decision) {
}
