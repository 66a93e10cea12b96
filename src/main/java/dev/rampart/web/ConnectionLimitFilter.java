package dev.rampart.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The request side of {@link ConnectionGuard}: starts the body's deadline when a
 * request's head has arrived (and ends it with the request), and limits the requests in
 * progress per client address to the same share as connections, which is what counts
 * behind a trusted proxy (one proxy connection carries many clients; the forwarded
 * address is the client's).
 */
@ConditionalOnWebApplication
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class ConnectionLimitFilter extends OncePerRequestFilter {

	private final ConnectionGuard guard;

	private final ProblemResponses problems;

	private final ConcurrentHashMap<String, AtomicInteger> inProgress = new ConcurrentHashMap<>();

	ConnectionLimitFilter(ConnectionGuard guard, ProblemResponses problems) {
		this.guard = guard;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String client = request.getRemoteAddr();
		boolean counted = !guard.isTrustedProxy(client);
		if (counted && inProgress.computeIfAbsent(client, c -> new AtomicInteger()).incrementAndGet() > guard
			.maxPerAddress()) {
			release(client);
			response.setHeader(HttpHeaders.RETRY_AFTER, "1");
			problems.write(response, ProblemResponses.problem(HttpStatus.TOO_MANY_REQUESTS, "too-many-connections",
					"this address has too many requests in progress; wait for them to finish"));
			return;
		}
		String connection = request.getServletConnection().getConnectionId();
		String contentType = request.getContentType();
		guard.requestStarted(connection,
				contentType != null && contentType.regionMatches(true, 0, "multipart/form-data", 0, 19));
		try {
			chain.doFilter(request, response);
		}
		finally {
			guard.requestEnded(connection);
			if (counted) {
				release(client);
			}
		}
	}

	private void release(String client) {
		inProgress.computeIfPresent(client, (c, count) -> count.decrementAndGet() <= 0 ? null : count);
	}

}
