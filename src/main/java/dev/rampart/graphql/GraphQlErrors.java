package dev.rampart.graphql;

import dev.rampart.errors.ErrorReports;
import dev.rampart.shared.FieldProblem;
import dev.rampart.shared.RampartException;
import dev.rampart.shared.RetryLater;
import dev.rampart.shared.ServiceAvailability;
import dev.rampart.web.ProblemResponses;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.stereotype.Component;

/**
 * Errors of data fetchers as GraphQL errors: the same categories and codes as the REST
 * problem types; anything unexpected becomes an opaque error id, logged with its stack
 * trace only here.
 */
@Component
class GraphQlErrors extends DataFetcherExceptionResolverAdapter {

	private final ErrorReports errorReports;

	private final ServiceAvailability availability;

	GraphQlErrors(ErrorReports errorReports, ServiceAvailability availability) {
		this.errorReports = errorReports;
		this.availability = availability;
	}

	@Override
	protected GraphQLError resolveToSingleError(Throwable ex, DataFetchingEnvironment env) {
		if (ex instanceof RampartException known) {
			Map<String, Object> extensions = new LinkedHashMap<>();
			extensions.put("code", known.code());
			if (known instanceof FieldProblem invalid) {
				extensions.put("field", invalid.field());
				if (invalid.items().size() > 1) {
					extensions.put("errors",
							invalid.items()
								.stream()
								.map(item -> Map.of("field", item.field(), "message", item.reason()))
								.toList());
				}
			}
			if (known instanceof dev.rampart.shared.ProblemDetails detailed) {
				extensions.putAll(detailed.details());
			}
			if (known instanceof RetryLater later) {
				extensions.put("retryAfter", later.retryAfterSeconds());
			}
			return GraphqlErrorBuilder.newError(env)
				.errorType(type(known.category()))
				.message(known.getMessage())
				.extensions(extensions)
				.build();
		}
		if (availability.unavailable(ex)) {
			return GraphqlErrorBuilder.newError(env)
				.errorType(ErrorType.INTERNAL_ERROR)
				.message(java.util.Objects.requireNonNull(ProblemResponses.databaseUnavailable().getDetail()))
				.extensions(Map.of("code", "database-unavailable", "retryAfter", availability.retryAfterSeconds()))
				.build();
		}
		String errorId = errorReports
			.record(ex,
					"graphql " + env.getExecutionStepInfo().getObjectType().getName() + "." + env.getField().getName())
			.toString();
		return GraphqlErrorBuilder.newError(env)
			.errorType(ErrorType.INTERNAL_ERROR)
			.message("internal error; error id " + errorId)
			.extensions(Map.of("code", "internal-error", "errorId", errorId))
			.build();
	}

	private static ErrorType type(RampartException.Category category) {
		return switch (category) {
			case INVALID -> ErrorType.BAD_REQUEST;
			case UNAUTHENTICATED -> ErrorType.UNAUTHORIZED;
			case FORBIDDEN -> ErrorType.FORBIDDEN;
			case NOT_FOUND -> ErrorType.NOT_FOUND;
			case CONFLICT, STALE, PRECONDITION_REQUIRED, TOO_MANY_REQUESTS, TOO_LARGE -> ErrorType.BAD_REQUEST;
			case UNAVAILABLE -> ErrorType.INTERNAL_ERROR;
		};
	}

}
