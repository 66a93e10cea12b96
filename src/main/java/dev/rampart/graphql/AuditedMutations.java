package dev.rampart.graphql;

import dev.rampart.access.CredentialPolicies;
import dev.rampart.audit.Activity;
import dev.rampart.audit.AuditTrail;
import dev.rampart.audit.Outcome;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Audited;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.springframework.graphql.data.method.annotation.MutationMapping;

/**
 * Each mutation field of a document is one intended action in the activity log, named by
 * the {@link Audited} annotation of its controller method (the same names as the REST
 * routes). The action starts before arguments are bound, so invalid arguments and
 * refusals are recorded too; a successful change has already committed its entry with it.
 */
class AuditedMutations extends SimplePerformantInstrumentation {

	private final AuditTrail trail;

	private final Map<String, String> actions;

	private final CredentialPolicies credentials;

	AuditedMutations(AuditTrail trail, CredentialPolicies credentials) {
		this.trail = trail;
		this.credentials = credentials;
		this.actions = actionsOf(GraphQlController.class);
	}

	static Map<String, String> actionsOf(Class<?> controller) {
		Map<String, String> actions = new HashMap<>();
		for (Method method : controller.getDeclaredMethods()) {
			MutationMapping mutation = method.getAnnotation(MutationMapping.class);
			Audited audited = method.getAnnotation(Audited.class);
			if (mutation != null && audited != null) {
				String field = mutation.name().isEmpty()
						? (mutation.value().isEmpty() ? method.getName() : mutation.value()) : mutation.name();
				actions.put(field, audited.value());
			}
		}
		return Map.copyOf(actions);
	}

	@Override
	public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> fetcher, InstrumentationFieldFetchParameters parameters,
			InstrumentationState state) {
		// The step info, not the environment: building an environment for every field of
		// every query showed in the board's profile.
		var step = parameters.getExecutionStepInfo();
		if (step.getPath().getLevel() != 1 || !"Mutation".equals(step.getObjectType().getName())) {
			return fetcher;
		}
		String field = step.getField().getName();
		String action = actions.getOrDefault(field, "graphql." + field);
		return env -> {
			// From the operation's context: the thread a mutation starts on may be the
			// one the previous mutation's controller method ran on, whose thread locals
			// are already restored.
			Activity activity = env.getGraphQlContext().get(Activity.class);
			if (activity == null) {
				return fetcher.get(env);
			}
			Activity.Action started = activity.start(action);
			started.addData(env.getArguments());
			Object result;
			try {
				Actor actor = env.getGraphQlContext().get(Actor.class);
				if (actor != null) {
					// A mutation changes something: may this credential? (access decides)
					credentials.requireMayChange(actor);
				}
				result = fetcher.get(env);
			}
			catch (Exception ex) {
				end(activity, started, Outcome.of(ex));
				throw ex;
			}
			if (result instanceof CompletionStage<?> pending) {
				// A blocking controller method runs on another thread; mutations run one
				// after another, so the action stays current until this one completes.
				return pending.whenComplete((value, error) -> end(activity, started,
						error == null ? Outcome.SUCCESS : Outcome.of(unwrap(error))));
			}
			end(activity, started, Outcome.SUCCESS);
			return result;
		};
	}

	private void end(Activity activity, Activity.Action action, Outcome outcome) {
		try {
			trail.finish(activity, action, outcome);
		}
		finally {
			activity.end();
		}
	}

	private static Throwable unwrap(Throwable error) {
		return error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause()
				: error;
	}

}
