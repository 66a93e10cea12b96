package dev.rampart.web;

import dev.rampart.audit.AuditTrail;
import dev.rampart.audit.Outcome;
import dev.rampart.errors.ScrubbedJsonLogFormat;
import dev.rampart.audit.Activity;
import dev.rampart.shared.Audited;
import dev.rampart.shared.ServiceAvailability;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The first filter: gives the request its id (response header {@code X-Request-Id}, and
 * {@code http.request.id} on every log line it causes), binds its {@link Activity}, and
 * when the route it goes to is {@link Audited} starts that action before anything else
 * can refuse the request, so refusals by later filters (CSRF, rate limits,
 * authentication) and failed argument validation are recorded too. When the request is
 * over, the action's entry is written unless it already committed with the change, then
 * any access denials of the request.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ActivityFilter extends OncePerRequestFilter {

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ActivityFilter.class);

	static final String REQUEST_ID_HEADER = "X-Request-Id";

	/**
	 * The request's activity, for the container's error dispatch (which runs after this
	 * filter).
	 */
	static final String ACTIVITY_ATTRIBUTE = Activity.class.getName();

	/**
	 * Methods whose route is looked up here, before the security filters can refuse them
	 * (CSRF, authentication, rate limits). Other methods' audited routes (exports) start
	 * their action in {@link AuditedRouteInterceptor}, from the handler Spring MVC has
	 * already found.
	 */
	private static final Set<String> CHANGING_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");

	private final AuditTrail trail;

	private final ObjectProvider<RequestMappingHandlerMapping> routes;

	private volatile @Nullable RequestMappingHandlerMapping mapping;

	/** Each handler method's action name ("" when it is not audited). */
	private static final Map<java.lang.reflect.Method, String> ACTIONS = new java.util.concurrent.ConcurrentHashMap<>();

	private final ServiceAvailability availability;

	ActivityFilter(AuditTrail trail,
			@Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> routes,
			ServiceAvailability availability) {
		this.trail = trail;
		this.routes = routes;
		this.availability = availability;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String requestId = UUID.randomUUID().toString();
		Activity activity = new Activity(requestId, request.getRemoteAddr(), request.getHeader("User-Agent"));
		activity.bind();
		request.setAttribute(ACTIVITY_ATTRIBUTE, activity);
		MDC.put(ScrubbedJsonLogFormat.REQUEST_ID, requestId);
		response.setHeader(REQUEST_ID_HEADER, requestId);
		startAuditedAction(request, activity);
		boolean failed = true;
		try {
			chain.doFilter(request, response);
			failed = false;
		}
		finally {
			Activity.unbind();
			MDC.remove(ScrubbedJsonLogFormat.REQUEST_ID);
			Activity.Action action = activity.action();
			if (request.isAsyncStarted()) {
				request.getAsyncContext().addListener(new Completion(activity, action, response));
			}
			else {
				complete(activity, action, failed ? Outcome.ERROR : Outcome.ofStatus(response.getStatus()));
			}
		}
	}

	private void complete(Activity activity, Activity.@Nullable Action action, Outcome outcome) {
		try {
			if (action != null) {
				trail.finish(activity, action, outcome);
			}
			trail.finishRequest(activity);
		}
		catch (RuntimeException failed) {
			// A change commits with its own entry; what cannot be written now is the
			// entry of a request that changed nothing, refused because the database was
			// down.
			if (!availability.unavailable(failed)) {
				throw failed;
			}
			log.warn("Activity-log entry of request {} not written: the database is unavailable", activity.requestId());
		}
	}

	private void startAuditedAction(HttpServletRequest request, Activity activity) {
		if (!CHANGING_METHODS.contains(request.getMethod())) {
			return;
		}
		RequestMappingHandlerMapping mapping = mapping();
		if (mapping == null) {
			return;
		}
		HandlerExecutionChain handler;
		try {
			if (!ServletRequestPathUtils.hasParsedRequestPath(request)) {
				ServletRequestPathUtils.parseAndCache(request);
			}
			handler = mapping.getHandler(request);
		}
		catch (Exception noRoute) {
			return;
		}
		if (handler != null && handler.getHandler() instanceof HandlerMethod method) {
			start(activity, method, request);
		}
	}

	/**
	 * Looked up once: a bean lookup per request showed in profiles of the cheapest
	 * routes.
	 */
	private @Nullable RequestMappingHandlerMapping mapping() {
		RequestMappingHandlerMapping found = mapping;
		if (found == null) {
			found = routes.getIfAvailable();
			mapping = found;
		}
		return found;
	}

	/**
	 * Starts the action of an {@link Audited} handler, with the path variables and query
	 * parameters as its data.
	 */
	static void start(Activity activity, HandlerMethod method, HttpServletRequest request) {
		String name = ACTIONS.computeIfAbsent(method.getMethod(), m -> {
			Audited audited = method.getMethodAnnotation(Audited.class);
			return audited == null ? "" : audited.value();
		});
		if (name.isEmpty()) {
			return;
		}
		Activity.Action action = activity.start(name);
		action.addData(queryParameters(request));
		if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables) {
			@SuppressWarnings("unchecked")
			Map<String, String> pathVariables = (Map<String, String>) variables;
			action.addData(pathVariables);
		}
	}

	/**
	 * The query string's parameters (not the body's: reading those would consume a form
	 * body).
	 */
	private static Map<String, Object> queryParameters(HttpServletRequest request) {
		String query = request.getQueryString();
		if (query == null || query.isEmpty()) {
			return Map.of();
		}
		Map<String, Object> parameters = new java.util.LinkedHashMap<>();
		UriComponentsBuilder.newInstance().query(query).build().getQueryParams().forEach((name, values) -> {
			List<String> decoded = values.stream()
				.map(v -> v == null ? "" : URLDecoder.decode(v, StandardCharsets.UTF_8))
				.toList();
			parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8),
					decoded.size() == 1 ? decoded.get(0) : decoded);
		});
		return parameters;
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return true;
	}

	/**
	 * Ends the activity of a request answered asynchronously (GraphQL) once the answer is
	 * complete.
	 */
	private final class Completion implements AsyncListener {

		private final Activity activity;

		private final Activity.@Nullable Action action;

		private final HttpServletResponse response;

		Completion(Activity activity, Activity.@Nullable Action action, HttpServletResponse response) {
			this.activity = activity;
			this.action = action;
			this.response = response;
		}

		@Override
		public void onComplete(AsyncEvent event) {
			complete(activity, action, Outcome.ofStatus(response.getStatus()));
		}

		@Override
		public void onTimeout(AsyncEvent event) {
		}

		@Override
		public void onError(AsyncEvent event) {
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
		}

	}

}
