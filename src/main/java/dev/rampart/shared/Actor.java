package dev.rampart.shared;

/**
 * The signed-in user on whose behalf an operation runs, and the session that proved it. Every
 * module API that touches tenant data takes one, so there is no way to call it anonymously.
 */
public record Actor(UserId userId, SessionId sessionId) implements java.io.Serializable {
}
