package dev.rampart.graphql;

import dev.rampart.web.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses batched GraphQL requests (a JSON array of operations) with a 400 problem: one
 * HTTP request runs one operation, so the other limits (complexity, time, rate) apply per
 * operation. Only the leading bytes are read; the body is replayed to the handler
 * unchanged.
 */
@ConditionalOnWebApplication
@Component
@Order(0)
class GraphQlBatchGuard extends OncePerRequestFilter {

	private static final int MAX_LEADING_WHITESPACE = 1024;

	private final ProblemResponses problems;

	GraphQlBatchGuard(ProblemResponses problems) {
		this.problems = problems;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod()) || !"/graphql".equals(request.getRequestURI());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ServletInputStream in = request.getInputStream();
		ByteArrayOutputStream leading = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) >= 0) {
			leading.write(b);
			if (!Character.isWhitespace(b) || leading.size() > MAX_LEADING_WHITESPACE) {
				break;
			}
		}
		if (b == '[') {
			problems.write(response, ProblemResponses.problem(HttpStatus.BAD_REQUEST, "graphql-batch-refused",
					"batched operations are not accepted: send one operation per request"));
			return;
		}
		chain.doFilter(new Replayed(request, leading.toByteArray(), in), response);
	}

	/**
	 * The request with the bytes already read put back in front of the rest of the body.
	 */
	private static final class Replayed extends HttpServletRequestWrapper {

		private final ServletInputStream stream;

		Replayed(HttpServletRequest request, byte[] head, ServletInputStream rest) {
			super(request);
			this.stream = new ServletInputStream() {

				private int position;

				@Override
				public int read() throws IOException {
					return position < head.length ? head[position++] & 0xff : rest.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) throws IOException {
					if (position < head.length) {
						int n = Math.min(length, head.length - position);
						System.arraycopy(head, position, buffer, offset, n);
						position += n;
						return n;
					}
					return rest.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return position >= head.length && rest.isFinished();
				}

				@Override
				public boolean isReady() {
					return position < head.length || rest.isReady();
				}

				@Override
				public void setReadListener(ReadListener listener) {
					rest.setReadListener(listener);
				}

			};
		}

		@Override
		public ServletInputStream getInputStream() {
			return stream;
		}

	}

}
