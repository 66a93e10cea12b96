package dev.rampart.graphql;

import dev.rampart.ratelimit.Budget;
import dev.rampart.ratelimit.RateLimited;
import dev.rampart.ratelimit.RateLimits;
import dev.rampart.shared.Actor;
import graphql.analysis.FieldComplexityCalculator;
import graphql.analysis.QueryComplexityCalculator;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.ExecutionResult;
import org.jspecify.annotations.Nullable;

/**
 * Estimates an operation's cost once, before any field runs: above {@code maxComplexity}
 * it is refused outright; otherwise the cost is charged to the user's GraphQL budget, so
 * many cheap operations and a few dear ones draw from the same allowance. A refusal is
 * left in the GraphQL context for {@link GraphQlConfiguration}'s interceptor to answer
 * with 429.
 */
final class GraphQlCost extends SimplePerformantInstrumentation {

	private final int maxComplexity;

	private final FieldComplexityCalculator calculator;

	private final RateLimits rateLimits;

	GraphQlCost(int maxComplexity, FieldComplexityCalculator calculator, RateLimits rateLimits) {
		this.maxComplexity = maxComplexity;
		this.calculator = calculator;
		this.rateLimits = rateLimits;
	}

	@Override
	public @Nullable InstrumentationContext<ExecutionResult> beginExecuteOperation(
			InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
		ExecutionContext execution = parameters.getExecutionContext();
		int cost = QueryComplexityCalculator.newCalculator()
			.fieldComplexityCalculator(calculator)
			.schema(execution.getGraphQLSchema())
			.document(execution.getDocument())
			.operationName(execution.getOperationDefinition().getName())
			.variables(execution.getCoercedVariables())
			.build()
			.calculate();
		if (cost > maxComplexity) {
			throw new AbortExecutionException("maximum query complexity exceeded " + cost + " > " + maxComplexity);
		}
		Actor actor = execution.getGraphQLContext().get(Actor.class);
		if (actor != null) {
			try {
				rateLimits.require(Budget.GRAPHQL_COST, actor.userId().value().toString(), cost);
			}
			catch (RateLimited limited) {
				execution.getGraphQLContext().put(RateLimited.class, limited);
				throw new AbortExecutionException(limited.getMessage());
			}
		}
		return super.beginExecuteOperation(parameters, state);
	}

}
