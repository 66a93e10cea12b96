package dev.rampart.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * RFC 9457 problem details, in one shape for every adapter: {@code type} is
 * {@code urn:rampart:problem:<code>}, {@code detail} is written for the caller and never
 * holds a secret, SQL or a stack trace.
 */
@Component
public class ProblemResponses {

	private final JsonMapper json;

	ProblemResponses(JsonMapper json) {
		this.json = json;
	}

	public static ProblemDetail problem(HttpStatus status, String code, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create("urn:rampart:problem:" + code));
		problem.setTitle(status.getReasonPhrase());
		return problem;
	}

	/**
	 * The answer while the database is down or out of connections (sent with
	 * Retry-After).
	 */
	public static ProblemDetail databaseUnavailable() {
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable",
				"the database is unavailable at the moment; try again in a few seconds");
	}

	/**
	 * Writes a problem directly, for filters and entry points that run before Spring MVC.
	 */
	public void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		json.writeValue(response.getOutputStream(), problem);
	}

}
