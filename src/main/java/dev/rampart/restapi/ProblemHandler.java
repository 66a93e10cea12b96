package dev.rampart.restapi;

import dev.rampart.shared.FieldProblem;
import dev.rampart.shared.RampartException;
import dev.rampart.shared.RetryLater;
import dev.rampart.shared.ServiceAvailability;
import dev.rampart.web.ProblemResponses;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import java.util.Objects;
import dev.rampart.errors.ErrorReports;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error leaves the REST API as a problem document: module errors by their category,
 * framework errors (bad JSON, wrong types, unknown routes) as Spring words them, anything
 * unexpected as 500 with an error id and no detail. The id is logged with the exception
 * type only.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

	private final ErrorReports errorReports;

	private final ServiceAvailability availability;

	private final long maxFileSize;

	ProblemHandler(ErrorReports errorReports, ServiceAvailability availability,
			dev.rampart.work.Attachments attachments) {
		this.maxFileSize = attachments.maxFileSize();
		this.errorReports = errorReports;
		this.availability = availability;
	}

	@ExceptionHandler(RampartException.class)
	ResponseEntity<ProblemDetail> rampart(RampartException ex) {
		HttpStatus status = switch (ex.category()) {
			case INVALID -> HttpStatus.BAD_REQUEST;
			case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
			case FORBIDDEN -> HttpStatus.FORBIDDEN;
			case NOT_FOUND -> HttpStatus.NOT_FOUND;
			case CONFLICT -> HttpStatus.CONFLICT;
			case STALE -> HttpStatus.PRECONDITION_FAILED;
			case PRECONDITION_REQUIRED -> HttpStatus.PRECONDITION_REQUIRED;
			case TOO_MANY_REQUESTS -> HttpStatus.TOO_MANY_REQUESTS;
			case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
			case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
		};
		ProblemDetail problem = ProblemResponses.problem(status, ex.code(), ex.getMessage());
		if (ex instanceof FieldProblem invalid) {
			problem.setProperty("field", invalid.field());
			problem.setProperty("errors",
					invalid.items().stream().map(item -> new FieldError(item.field(), item.reason())).toList());
		}
		if (ex instanceof dev.rampart.shared.ProblemDetails detailed) {
			detailed.details().forEach(problem::setProperty);
		}
		var response = ResponseEntity.status(status);
		if (ex instanceof RetryLater later) {
			response.header(org.springframework.http.HttpHeaders.RETRY_AFTER, Long.toString(later.retryAfterSeconds()));
		}
		if (ex instanceof dev.rampart.ratelimit.RateLimited limited) {
			limited.verdict().headers().forEach(response::header);
		}
		return response.body(problem);
	}

	/**
	 * A path or query parameter of the wrong kind ("abc" for an id): which one, and what
	 * it must be.
	 */
	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException ex) {
		Class<?> type = ex.getRequiredType();
		String expected = type == null ? "has the wrong format" : type == UUID.class ? "must be an id (UUID)"
				: type == Integer.class || type == int.class || type == Long.class || type == long.class
						? "must be a whole number"
						: type == Boolean.class || type == boolean.class ? "must be true or false"
								: type.isEnum() ? "must be one of " + java.util.Arrays.stream(type.getEnumConstants())
									.map(Object::toString)
									.collect(Collectors.joining(", ")) : "has the wrong format";
		return ResponseEntity.badRequest().body(invalid(List.of(new FieldError(ex.getName(), expected))));
	}

	@Override
	protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return ResponseEntity.badRequest()
			.body(invalid(List.of(new FieldError(ex.getParameterName(), "is required (a query parameter)"))));
	}

	@Override
	protected ResponseEntity<Object> handleMissingServletRequestPart(MissingServletRequestPartException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return ResponseEntity.badRequest()
			.body(invalid(List.of(new FieldError(ex.getRequestPartName(),
					"is required (a part of the multipart body named " + ex.getRequestPartName() + ")"))));
	}

	@Override
	protected ResponseEntity<Object> handleServletRequestBindingException(ServletRequestBindingException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (ex instanceof MissingRequestHeaderException header) {
			return ResponseEntity.badRequest()
				.body(invalid(List.of(new FieldError(header.getHeaderName(), "is required (a request header)"))));
		}
		return handleExceptionInternal(ex, null, headers, status, request);
	}

	/**
	 * 415 names the types this route reads (and the Accept or Accept-Patch header says
	 * them too).
	 */
	@Override
	protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String accepted = ex.getSupportedMediaTypes()
			.stream()
			.map(MediaType::toString)
			.distinct()
			.collect(Collectors.joining(", "));
		ProblemDetail problem = ProblemResponses.problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
				ex.getContentType() == null ? "the request needs a Content-Type header; this route reads " + accepted
						: "this route reads " + accepted + ", not " + ex.getContentType().getType() + "/"
								+ ex.getContentType().getSubtype());
		problem.setProperty("accepted",
				ex.getSupportedMediaTypes().stream().map(MediaType::toString).distinct().toList());
		return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).headers(headers).body(problem);
	}

	/** 405 names the methods the route answers (and the Allow header lists them). */
	@Override
	protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String[] allowed = ex.getSupportedMethods() == null ? new String[0] : ex.getSupportedMethods();
		return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
			.headers(headers)
			.body(ProblemResponses.problem(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed",
					ex.getMethod() + " is not allowed here; this route answers " + String.join(", ", allowed)));
	}

	/**
	 * An upload above the file size limit: the same problem the attachment service gives,
	 * with the limit.
	 */
	@Override
	protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(attachmentTooLarge(maxFileSize));
	}

	static ProblemDetail attachmentTooLarge(long maxBytes) {
		ProblemDetail problem = ProblemResponses.problem(HttpStatus.CONTENT_TOO_LARGE, "attachment-too-large",
				"a file may have at most " + maxBytes + " bytes");
		problem.setProperty("maxBytes", maxBytes);
		return problem;
	}

	/**
	 * A multipart body that cannot be read (a NUL in a file name, a broken boundary): bad
	 * input. Size limits are answered by their own, more specific handler (413).
	 */
	@ExceptionHandler(MultipartException.class)
	ResponseEntity<ProblemDetail> unreadableMultipart(MultipartException ex) {
		boolean badName = false;
		for (Throwable t = ex; t != null && !badName; t = t.getCause()) {
			badName = t instanceof org.apache.tomcat.util.http.fileupload.InvalidFileNameException;
		}
		ProblemDetail problem = ProblemResponses.problem(HttpStatus.BAD_REQUEST, "invalid-input",
				badName ? "file: the file name contains a character that is not allowed (such as NUL)"
						: "file: the multipart body could not be read");
		problem.setProperty("field", "file");
		problem.setProperty("errors", List.of(new FieldError("file", badName
				? "the file name contains a character that is not allowed" : "the multipart body could not be read")));
		return ResponseEntity.badRequest().body(problem);
	}

	@ExceptionHandler(DataIntegrityViolationException.class)
	ResponseEntity<ProblemDetail> integrity(DataIntegrityViolationException ex) {
		return ResponseEntity.status(HttpStatus.CONFLICT)
			.body(ProblemResponses.problem(HttpStatus.CONFLICT, "conflict", "the change conflicts with existing data"));
	}

	@ExceptionHandler(QueryTimeoutException.class)
	ResponseEntity<ProblemDetail> timeout(QueryTimeoutException ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "5")
			.body(ProblemResponses.problem(HttpStatus.SERVICE_UNAVAILABLE, "timeout", "the request took too long"));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex, HttpServletRequest request) {
		if (causedByBodyLimit(ex)) {
			return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
				.body(ProblemResponses.problem(HttpStatus.CONTENT_TOO_LARGE, "body-too-large",
						"the request body is too large"));
		}
		if (availability.unavailable(ex)) {
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.header(HttpHeaders.RETRY_AFTER, Long.toString(availability.retryAfterSeconds()))
				.body(ProblemResponses.databaseUnavailable());
		}
		// The report keeps types and frames only: messages may carry request data or SQL
		// values.
		String errorId = errorReports
			.record(ex,
					request.getMethod() + " " + request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE))
			.toString();
		ProblemDetail problem = ProblemResponses.problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
				"something went wrong on our side; quote the error id when reporting it");
		problem.setProperty("errorId", errorId);
		return ResponseEntity.internalServerError().body(problem);
	}

	/**
	 * One invalid field of a request: its JSON path (or parameter name) and what is
	 * wrong.
	 */
	record FieldError(String field, String message) {
	}

	/**
	 * A body that breaks its Bean Validation constraints: every invalid field, in one
	 * answer.
	 */
	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldError> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map(e -> new FieldError(e.getField(), Objects.requireNonNullElse(e.getDefaultMessage(), "is invalid")))
			.sorted(java.util.Comparator.comparing(FieldError::field))
			.toList();
		return ResponseEntity.badRequest().body(invalid(errors));
	}

	/** Parameters (query, path) that break their constraints. */
	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldError> errors = ex.getParameterValidationResults()
			.stream()
			.flatMap(result -> result.getResolvableErrors()
				.stream()
				.map(e -> new FieldError(
						Objects.requireNonNullElse(result.getMethodParameter().getParameterName(), "parameter"),
						Objects.requireNonNullElse(e.getDefaultMessage(), "is invalid"))))
			.toList();
		return ResponseEntity.badRequest().body(invalid(errors));
	}

	private static ProblemDetail invalid(List<FieldError> errors) {
		String fields = errors.stream()
			.map(FieldError::field)
			.distinct()
			.collect(java.util.stream.Collectors.joining(", "));
		ProblemDetail problem = ProblemResponses.problem(HttpStatus.BAD_REQUEST, "invalid-input", errors.size() == 1
				? errors.get(0).field() + ": " + errors.get(0).message() : "invalid fields: " + fields);
		if (!errors.isEmpty()) {
			problem.setProperty("field", errors.get(0).field());
		}
		problem.setProperty("errors", errors);
		return problem;
	}

	/**
	 * A body that is not JSON, names unknown fields or has a value of the wrong kind:
	 * which field, and what it must be.
	 */
	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(
			org.springframework.http.converter.HttpMessageNotReadableException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		if (causedByBodyLimit(ex)) {
			return handleExceptionInternal(ex, null, headers, status, request);
		}
		return UnreadableBody.of(ex)
			.<ResponseEntity<Object>>map(problem -> ResponseEntity.badRequest()
				.body(invalid(List.of(new FieldError(problem.field(), problem.message())))))
			.orElseGet(() -> handleExceptionInternal(ex, null, headers, status, request));
	}

	/**
	 * Spring's own error responses, reshaped to our problem type and stripped of
	 * framework wording.
	 */
	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (causedByBodyLimit(ex)) {
			return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
				.body(ProblemResponses.problem(HttpStatus.CONTENT_TOO_LARGE, "body-too-large",
						"the request body is too large"));
		}
		HttpStatus status = HttpStatus.resolve(statusCode.value());
		if (status == null) {
			status = HttpStatus.BAD_REQUEST;
		}
		String detail = status == HttpStatus.BAD_REQUEST ? "the request body or parameters could not be read"
				: status.getReasonPhrase();
		return ResponseEntity.status(status)
			.headers(headers)
			.body(ProblemResponses.problem(status, "http-" + status.value(), detail));
	}

	private static boolean causedByBodyLimit(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof dev.rampart.web.RequestBodyTooLarge) {
				return true;
			}
		}
		return false;
	}

}
