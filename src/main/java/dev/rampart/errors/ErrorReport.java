package dev.rampart.errors;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A stored error report: nothing in it identifies a person (see {@link ErrorReports}).
 */
public record ErrorReport(UUID id, Instant at, String exceptionType, String stackTrace, @Nullable String route,
		@Nullable String requestId, @Nullable String actorHash) {
}
