package dev.rampart.web;

import dev.rampart.shared.ServiceAvailability;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * While the database is down, answers every request but the health checks with 503 and
 * Retry-After at once, before anything (sessions, rate limits) would wait on it. A
 * request that meets the outage on its way (in a filter, before any handler could answer)
 * gets the same answer instead of an error page.
 */
@ConditionalOnWebApplication
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class AvailabilityFilter extends OncePerRequestFilter {

	static final String HEALTH_PATH = "/api/v1/health";

	private final ServiceAvailability availability;

	private final ProblemResponses problems;

	AvailabilityFilter(ServiceAvailability availability, ProblemResponses problems) {
		this.availability = availability;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!availability.isAvailable() && !isHealthCheck(request)) {
			refuse(response);
			return;
		}
		try {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException failed) {
			if (response.isCommitted() || !availability.unavailable(failed)) {
				throw failed;
			}
			response.resetBuffer();
			refuse(response);
		}
	}

	private void refuse(HttpServletResponse response) throws IOException {
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(availability.retryAfterSeconds()));
		problems.write(response, ProblemResponses.databaseUnavailable());
	}

	private static boolean isHealthCheck(HttpServletRequest request) {
		String path = request.getRequestURI();
		return path.equals(HEALTH_PATH) || path.startsWith(HEALTH_PATH + "/");
	}

}
