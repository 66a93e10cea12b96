package dev.rampart.web;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies above {@code rampart.web.max-request-body} with 413: at once
 * when the declared length is too large, and while reading when a chunked body grows past
 * the limit. Also marks every response as not cacheable.
 */
@ConditionalOnWebApplication
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestBodyLimitFilter extends OncePerRequestFilter {

	private final long limit;

	private final long uploadLimit;

	private final int maxUrlLength;

	private final int maxQueryParameters;

	private final ProblemResponses problems;

	RequestBodyLimitFilter(WebSettings settings, ProblemResponses problems) {
		this.limit = settings.maxRequestBody().toBytes();
		this.uploadLimit = settings.maxUploadBody().toBytes();
		this.maxUrlLength = settings.maxUrlLength();
		this.maxQueryParameters = settings.maxQueryParameters();
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String query = request.getQueryString();
		int urlLength = request.getRequestURI().length() + (query == null ? 0 : query.length() + 1);
		if (urlLength > maxUrlLength) {
			problems.write(response, ProblemResponses.problem(HttpStatus.URI_TOO_LONG, "url-too-long",
					"the URL is longer than " + maxUrlLength + " characters"));
			return;
		}
		if (query != null && query.chars().filter(c -> c == '&').count() + 1 > maxQueryParameters) {
			problems.write(response, ProblemResponses.problem(HttpStatus.BAD_REQUEST, "too-many-parameters",
					"the URL has more than " + maxQueryParameters + " query parameters"));
			return;
		}
		String contentType = request.getContentType();
		boolean upload = contentType != null && contentType.regionMatches(true, 0, "multipart/form-data", 0, 19);
		long allowed = upload ? uploadLimit : limit;
		if (request.getContentLengthLong() > allowed) {
			var problem = ProblemResponses.problem(HttpStatus.CONTENT_TOO_LARGE,
					upload ? "attachment-too-large" : "body-too-large",
					(upload ? "an upload may have at most " : "the request body may have at most ") + allowed
							+ " bytes");
			problem.setProperty("maxBytes", allowed);
			problems.write(response, problem);
			return;
		}
		// Replaces the "private" that Tomcat's CONFIDENTIAL constraint sets, so Spring
		// Security's header writer does not skip it: API answers are never cached
		// anywhere.
		response.setHeader("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
		response.setHeader("Pragma", "no-cache");
		chain.doFilter(new LimitedRequest(request, allowed), response);
	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long limit;

		private ServletInputStream stream;

		LimitedRequest(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (stream == null) {
				stream = new LimitedStream(super.getInputStream(), limit);
			}
			return stream;
		}

	}

	private static final class LimitedStream extends ServletInputStream {

		private final ServletInputStream in;

		private final long limit;

		private long read;

		LimitedStream(ServletInputStream in, long limit) {
			this.in = in;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int b = in.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = in.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws IOException {
			read += n;
			if (read > limit) {
				throw new RequestBodyTooLarge(limit);
			}
		}

		@Override
		public boolean isFinished() {
			return in.isFinished();
		}

		@Override
		public boolean isReady() {
			return in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			in.setReadListener(listener);
		}

	}

}
