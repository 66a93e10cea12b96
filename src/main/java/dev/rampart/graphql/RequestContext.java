package dev.rampart.graphql;

import dev.rampart.errors.ScrubbedJsonLogFormat;
import dev.rampart.audit.Activity;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import java.util.Map;
import org.slf4j.MDC;

/**
 * Hands the request's activity and log context (request id) to the thread a GraphQL
 * operation runs on.
 */
final class RequestContext {

	static {
		// Spring for GraphQL runs blocking controller methods on another thread (virtual
		// threads) and restores the thread locals registered here there, as it does
		// Spring Security's.
		ContextRegistry.getInstance()
			.registerThreadLocalAccessor("rampart.activity", Activity::current, Activity::bind, Activity::unbind);
		ContextRegistry.getInstance()
			.registerThreadLocalAccessor(new Slf4jThreadLocalAccessor(ScrubbedJsonLogFormat.REQUEST_ID));
	}

	private RequestContext() {
	}

	/** Registers the accessors (class initialisation does it once). */
	static void register() {
		// the static initialiser above
	}

	/**
	 * Wraps {@code task} so it runs with the context of the thread calling this method.
	 */
	static Runnable carriedTo(Runnable task) {
		Activity activity = Activity.current();
		Map<String, String> logContext = MDC.getCopyOfContextMap();
		return () -> {
			Activity previous = Activity.current();
			Map<String, String> previousLog = MDC.getCopyOfContextMap();
			if (activity != null) {
				activity.bind();
			}
			if (logContext != null) {
				MDC.setContextMap(logContext);
			}
			try {
				task.run();
			}
			finally {
				if (previous != null) {
					previous.bind();
				}
				else {
					Activity.unbind();
				}
				if (previousLog != null) {
					MDC.setContextMap(previousLog);
				}
				else {
					MDC.clear();
				}
			}
		};
	}

}
