package dev.rampart.web;

import dev.rampart.idempotency.IdempotentRequests;
import dev.rampart.idempotency.IdempotentRequests.Claim;
import dev.rampart.shared.Actor;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on POST (IETF httpapi draft): for a signed-in user, the first
 * request with a key is carried out and its answer kept; the same key with the same
 * request gets that answer again (with {@code Idempotent-Replayed: true}); with another
 * request 422; while the first still runs 409 with Retry-After. Runs after authentication
 * (keys are per user) and the rate limits (a retry counts). The request's fingerprint is
 * the SHA-256 of method, path, query, content type and body (the parts of an upload), so
 * the body is read before the handler, within the body limit that already applies.
 * Anonymous POSTs (sign-in, sign-up) carry credentials or are safe to repeat: the header
 * is ignored on them.
 */
@ConditionalOnWebApplication
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 100)
class IdempotencyFilter extends OncePerRequestFilter {

	static final String HEADER = "Idempotency-Key";

	static final String REPLAYED = "Idempotent-Replayed";

	private final IdempotentRequests requests;

	private final ProblemResponses problems;

	IdempotencyFilter(IdempotentRequests requests, ProblemResponses problems) {
		this.requests = requests;
		this.problems = problems;
	}

	/** The held key of a request whose handler went asynchronous (GraphQL). */
	private static final String HELD = IdempotencyFilter.class.getName() + ".held";

	/**
	 * GraphQL answers asynchronously: the answer is written in the async dispatch, which
	 * passes through here again to be kept.
	 */
	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (isAsyncDispatch(request)) {
			IdempotentRequests.Held held = (IdempotentRequests.Held) request.getAttribute(HELD);
			ContentCachingResponseWrapper captured = org.springframework.web.util.WebUtils.getNativeResponse(response,
					ContentCachingResponseWrapper.class);
			if (held == null || captured == null) {
				chain.doFilter(request, response);
				return;
			}
			run(held, request, response, captured, chain);
			return;
		}
		String header = request.getHeader(HEADER);
		Actor actor = actor();
		if (header == null || actor == null || !"POST".equals(request.getMethod())) {
			chain.doFilter(request, response);
			return;
		}
		String key = key(header);
		if (key == null) {
			problems.write(response,
					ProblemResponses.problem(HttpStatus.BAD_REQUEST, "invalid-idempotency-key",
							"Idempotency-Key must be a quoted string of 1 to " + requests.maxKeyLength()
									+ " printable ASCII characters"));
			return;
		}
		HttpServletRequest readable;
		byte[] fingerprint;
		try {
			Fingerprinted fingerprinted = fingerprint(request);
			readable = fingerprinted.request();
			fingerprint = fingerprinted.sha256();
		}
		catch (RequestBodyTooLarge tooLarge) {
			var problem = ProblemResponses.problem(HttpStatus.CONTENT_TOO_LARGE, "body-too-large",
					tooLarge.getMessage());
			problems.write(response, problem);
			return;
		}
		Claim claim = requests.claim(actor.userId(), key, fingerprint);
		if (claim instanceof IdempotentRequests.Proceed proceed) {
			carryOut(proceed.held(), readable, response, chain);
		}
		else if (claim instanceof IdempotentRequests.Replay replay) {
			replay(replay, response);
		}
		else if (claim instanceof IdempotentRequests.Mismatch) {
			problems.write(response,
					ProblemResponses.problem(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
							"this Idempotency-Key was used with another request: use a new key for a new request"));
		}
		else if (claim instanceof IdempotentRequests.InProgress) {
			response.setHeader(HttpHeaders.RETRY_AFTER, "1");
			problems.write(response, ProblemResponses.problem(HttpStatus.CONFLICT, "idempotent-request-in-progress",
					"a request with this Idempotency-Key is still being carried out: send it again shortly"));
		}
		else {
			problems.write(response, ProblemResponses.problem(HttpStatus.CONFLICT, "idempotent-request-carried-out",
					"the request with this Idempotency-Key was carried out, but its answer was not kept (it held a"
							+ " secret shown once, or was too large, or the server handling it stopped): read the resource"
							+ " to see the result"));
		}

	}

	private void carryOut(IdempotentRequests.Held held, HttpServletRequest request, HttpServletResponse response,
			FilterChain chain) throws ServletException, IOException {
		ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
		run(held, request, captured, captured, chain);
	}

	/**
	 * Runs the handler with the key bound; keeps the answer once it is complete, which
	 * for an asynchronous handler is at the end of its async dispatch.
	 */
	private void run(IdempotentRequests.Held held, HttpServletRequest request, HttpServletResponse response,
			ContentCachingResponseWrapper captured, FilterChain chain) throws ServletException, IOException {
		requests.bind(held);
		boolean done = false;
		try {
			chain.doFilter(request, response);
			if (request.isAsyncStarted()) {
				request.setAttribute(HELD, held);
				request.getAsyncContext().addListener(new Abandon(held, requests));
				requests.unbind();
				done = true;
				return;
			}
			request.removeAttribute(HELD);
			requests.finish(held, captured.getStatus(), captured.getContentType(),
					captured.getHeader(HttpHeaders.LOCATION), captured.getHeader(HttpHeaders.ETAG),
					captured.getContentAsByteArray());
			done = true;
			captured.copyBodyToResponse();
		}
		finally {
			if (!done) {
				requests.abandon(held);
				captured.copyBodyToResponse();
			}
		}
	}

	/** An asynchronous handler that times out or fails leaves nothing to keep. */
	private record Abandon(IdempotentRequests.Held held,
			IdempotentRequests requests) implements jakarta.servlet.AsyncListener {

		@Override
		public void onComplete(jakarta.servlet.AsyncEvent event) {
			// kept by the async dispatch
		}

		@Override
		public void onTimeout(jakarta.servlet.AsyncEvent event) {
			requests.abandon(held);
		}

		@Override
		public void onError(jakarta.servlet.AsyncEvent event) {
			requests.abandon(held);
		}

		@Override
		public void onStartAsync(jakarta.servlet.AsyncEvent event) {
			// nothing to do
		}

	}

	private static void replay(IdempotentRequests.Replay replay, HttpServletResponse response) throws IOException {
		response.setStatus(replay.status());
		if (replay.contentType() != null) {
			response.setContentType(replay.contentType());
		}
		if (replay.location() != null) {
			response.setHeader(HttpHeaders.LOCATION, replay.location());
		}
		if (replay.etag() != null) {
			response.setHeader(HttpHeaders.ETAG, replay.etag());
		}
		response.setHeader(REPLAYED, "true");
		response.setContentLength(replay.body().length);
		response.getOutputStream().write(replay.body());
	}

	private static @Nullable Actor actor() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return authentication != null && authentication.getPrincipal() instanceof Actor actor ? actor : null;
	}

	/**
	 * The key of a structured-field string ({@code "..."}); a bare token is taken as it
	 * is. Null when empty, too long, or not printable ASCII.
	 */
	@Nullable String key(String header) {
		String value = header.strip();
		if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
			value = value.substring(1, value.length() - 1);
		}
		if (value.isEmpty() || value.length() > requests.maxKeyLength()) {
			return null;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
				return null;
			}
		}
		return value;
	}

	private record Fingerprinted(HttpServletRequest request, byte[] sha256) {
	}

	/**
	 * Method, path, query and content type, then the body: read here into memory (the
	 * body limit applies) and given to the handler again; an upload's parts, which the
	 * container keeps, by name, file name, type and bytes.
	 */
	private static Fingerprinted fingerprint(HttpServletRequest request) throws IOException, ServletException {
		MessageDigest digest = sha256();
		String contentType = request.getContentType() == null ? "" : request.getContentType();
		boolean multipart = contentType.regionMatches(true, 0, "multipart/form-data", 0, 19);
		// An upload's boundary is the client's choice and may change on a retry.
		String type = multipart ? "multipart/form-data" : contentType;
		for (String field : new String[] { request.getMethod(), request.getRequestURI(),
				request.getQueryString() == null ? "" : request.getQueryString(), type }) {
			update(digest, field.getBytes(StandardCharsets.UTF_8));
		}
		if (multipart) {
			for (Part part : request.getParts()) {
				update(digest, part.getName().getBytes(StandardCharsets.UTF_8));
				update(digest, String.valueOf(part.getSubmittedFileName()).getBytes(StandardCharsets.UTF_8));
				update(digest, String.valueOf(part.getContentType()).getBytes(StandardCharsets.UTF_8));
				try (InputStream in = part.getInputStream()) {
					byte[] buffer = new byte[8192];
					for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
						digest.update(buffer, 0, n);
					}
				}
				digest.update((byte) 0);
			}
			return new Fingerprinted(request, digest.digest());
		}
		if (contentType.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33)) {
			// The container parses the form from the body: its parameters, sorted.
			Map<String, String[]> sorted = new TreeMap<>(request.getParameterMap());
			sorted.forEach((name, values) -> {
				update(digest, name.getBytes(StandardCharsets.UTF_8));
				for (String value : values) {
					update(digest, value.getBytes(StandardCharsets.UTF_8));
				}
			});
			return new Fingerprinted(request, digest.digest());
		}
		byte[] body = request.getInputStream().readAllBytes();
		digest.update(body);
		return new Fingerprinted(new BufferedBody(request, body), digest.digest());
	}

	/** A field with its length first, so two fields never read as one. */
	private static void update(MessageDigest digest, byte[] field) {
		digest.update(java.nio.ByteBuffer.allocate(4).putInt(field.length).array());
		digest.update(field);
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The request with its body read already, handed to the handler from memory. */
	private static final class BufferedBody extends HttpServletRequestWrapper {

		private final byte[] body;

		BufferedBody(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(body);
			return new ServletInputStream() {
				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] b, int off, int len) {
					return in.read(b, off, len);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("the body is already read");
				}
			};
		}

		@Override
		public BufferedReader getReader() {
			String encoding = getCharacterEncoding();
			Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
			return new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}

		@Override
		public int getContentLength() {
			return body.length;
		}

		@Override
		public long getContentLengthLong() {
			return body.length;
		}

	}

}
