package dev.rampart.web;

import dev.rampart.ratelimit.Budget;
import dev.rampart.ratelimit.RateLimits;
import dev.rampart.ratelimit.RateLimits.Verdict;
import dev.rampart.shared.Actor;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Charges every API request to its budgets: first (before authentication work) the source
 * address, then, once the session is known, the token and the user, and the
 * expensive-route budget where it applies. A refusal is 429 with Retry-After; every
 * answer carries the RateLimit headers of the tightest budget. Two instances sit around
 * {@link SessionTokenFilter}.
 */
final class RateLimitFilter extends OncePerRequestFilter {

	private static final String TIGHTEST = RateLimitFilter.class.getName() + ".tightest";

	enum Stage {

		ADDRESS, IDENTITY

	}

	private final RateLimits limits;

	private final ProblemResponses problems;

	private final Stage stage;

	RateLimitFilter(RateLimits limits, ProblemResponses problems, Stage stage) {
		this.limits = limits;
		this.problems = problems;
		this.stage = stage;
	}

	/**
	 * Two instances of this class run per request: each needs its own once-per-request
	 * marker.
	 */
	@Override
	protected String getAlreadyFilteredAttributeName() {
		return RateLimitFilter.class.getName() + "." + stage + ".FILTERED";
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI();
		return !(path.startsWith("/api/") || path.equals("/graphql"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		List<Verdict> verdicts = new ArrayList<>(3);
		if (stage == Stage.ADDRESS) {
			verdicts.add(limits.charge(Budget.ADDRESS, request.getRemoteAddr(), 1));
		}
		else {
			Actor actor = SignedIn.actor();
			if (actor != null) {
				verdicts.add(limits.charge(Budget.TOKEN, actor.sessionId().value().toString(), 1));
				verdicts.add(limits.charge(Budget.USER, actor.userId().value().toString(), 1));
			}
			if (limits.isExpensiveRoute(request.getRequestURI())) {
				verdicts.add(limits.charge(Budget.EXPENSIVE,
						actor != null ? actor.userId().value().toString() : request.getRemoteAddr(), 1));
			}
		}
		Verdict tightest = (Verdict) request.getAttribute(TIGHTEST);
		for (Verdict verdict : verdicts) {
			tightest = tightest == null ? verdict : tightest.tighter(verdict);
		}
		if (tightest != null) {
			request.setAttribute(TIGHTEST, tightest);
			tightest.headers().forEach(response::setHeader);
			if (!tightest.allowed()) {
				response.setHeader("Retry-After", Long.toString(tightest.retryAfterSeconds()));
				ProblemDetail problem = ProblemResponses.problem(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
						"rate limit '" + tightest.budget().policyName() + "' reached; try again in "
								+ tightest.retryAfterSeconds() + " s");
				problems.write(response, problem);
				return;
			}
		}
		chain.doFilter(request, response);
	}

}
