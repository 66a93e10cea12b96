package dev.rampart.web;

import dev.rampart.errors.ErrorReports;
import dev.rampart.audit.Activity;
import dev.rampart.shared.ServiceAvailability;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that reach the servlet container's error page (raised outside Spring MVC) answer
 * with a problem document too, carrying only the status: never the exception, message or
 * path details.
 */
@ConditionalOnWebApplication
@RestController
@Hidden
class ProblemErrorController implements ErrorController {

	private final ErrorReports errorReports;

	private final ServiceAvailability availability;

	ProblemErrorController(ErrorReports errorReports, ServiceAvailability availability) {
		this.errorReports = errorReports;
		this.availability = availability;
	}

	@RequestMapping("/error")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		if (request.getDispatcherType() != DispatcherType.ERROR) {
			// Only the container's error dispatch comes here; to a client /error is no
			// route.
			return ResponseEntity.status(HttpStatus.NOT_FOUND)
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.body(ProblemResponses.problem(HttpStatus.NOT_FOUND, "http-404",
						HttpStatus.NOT_FOUND.getReasonPhrase()));
		}
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
				? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
		ProblemDetail problem = ProblemResponses.problem(status, "http-" + status.value(), status.getReasonPhrase());
		if (status.is5xxServerError()
				&& availability.unavailable((Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION))) {
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.header(org.springframework.http.HttpHeaders.RETRY_AFTER,
						Long.toString(availability.retryAfterSeconds()))
				.body(ProblemResponses.databaseUnavailable());
		}
		if (status.is5xxServerError()
				&& request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable error) {
			UUID errorId = withActivityOf(request,
					() -> errorReports.record(error, request.getMethod() + " (outside the API's routes)"));
			problem = ProblemResponses.problem(status, "internal-error",
					"something went wrong on our side; quote the error id when reporting it");
			problem.setProperty("errorId", errorId.toString());
		}
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	/**
	 * Reports under the failed request's id (its activity was unbound when the error
	 * dispatch began).
	 */
	private static UUID withActivityOf(HttpServletRequest request, java.util.function.Supplier<UUID> report) {
		if (!(request.getAttribute(ActivityFilter.ACTIVITY_ATTRIBUTE) instanceof Activity activity)) {
			return report.get();
		}
		activity.bind();
		try {
			return report.get();
		}
		finally {
			Activity.unbind();
		}
	}

}
