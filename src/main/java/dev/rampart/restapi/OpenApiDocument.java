package dev.rampart.restapi;

import dev.rampart.shared.SessionCookie;
import dev.rampart.web.PublicRoutes;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /api/v1/openapi.json}, written for the people who
 * integrate with Rampart: what the API is and how to authenticate, both credentials as
 * security schemes, and on every operation the problem responses it can give with the
 * problem types each carries (summaries and operation ids sit on the controllers).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiDocument {

	static final String PROBLEM = "Problem";

	/**
	 * The problem types each status carries (the {@code type} is
	 * {@code urn:rampart:problem:<code>}).
	 */
	static final Map<String, List<String>> PROBLEM_TYPES = problemTypes();

	private static final String DESCRIPTION = """
			Rampart's REST API. The GraphQL API at `/graphql` serves the same data under the same access \
			decisions (its schema: `/api/v1/graphql/schema.graphqls`).

			**Authentication.** Send a session token or a personal API token as `Authorization: Bearer …` \
			(`POST /api/v1/auth/login` answers a session token; `POST /api/v1/me/api-tokens` creates an API \
			token, shown once). Browsers use the `__Host-rampart-session` cookie instead, and every change \
			sent with the cookie carries a one-time token from `GET /api/v1/auth/csrf-tokens` in `X-CSRF-Token`. \
			Sensitive changes need a recent proof of identity: a `403` with type \
			`urn:rampart:problem:step-up-required` means `POST /api/v1/auth/step-up` first (it is not a sign-out).

			**Errors** are RFC 9457 problem documents (`application/problem+json`): `type` \
			(`urn:rampart:problem:<code>`), `title`, `status`, `detail` written for the caller, and for invalid \
			input `field` and `errors` (every invalid field with what it must be). Bodies are read strictly: \
			unknown fields, numbers or booleans for text and fractions for whole numbers are refused.

			**Lists** have one shape: `{"items": […], "next": "<cursor>"}`; pass `next` as `after` for the \
			following page (null on the last). **Creation** answers `201` with `Location`. **Tasks** carry an \
			`ETag` (their version): `PATCH` needs `If-Match` with it (`412` if the task changed meanwhile, `428` \
			without it) or `*`.""";

	@Bean
	OpenAPI rampartOpenApi() {
		String version = OpenApiDocument.class.getPackage().getImplementationVersion();
		return new OpenAPI()
			.info(new Info().title("Rampart API")
				.version(version == null ? "development" : version)
				.description(DESCRIPTION))
			.components(new Components()
				.addSecuritySchemes("bearer",
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.description("A session token (from sign-in) or a personal API token (rpt_…)."))
				.addSecuritySchemes("session",
						new SecurityScheme().type(SecurityScheme.Type.APIKEY)
							.in(SecurityScheme.In.COOKIE)
							.name(SessionCookie.NAME)
							.description("The browser's session cookie; changes also need X-CSRF-Token.")))
			.addSecurityItem(new SecurityRequirement().addList("bearer"))
			.addSecurityItem(new SecurityRequirement().addList("session"));
	}

	/**
	 * Public routes need no credentials; every operation lists the problems it can
	 * answer.
	 */
	@Bean
	OpenApiCustomizer problemsAndPublicRoutes() {
		return api -> {
			// Here, after springdoc has gathered the schemas of the controllers, so it is
			// kept.
			api.getComponents().addSchemas(PROBLEM, problemSchema());
			api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
				boolean isPublic = PublicRoutes.isPublic(method.name(), path);
				if (isPublic) {
					operation.setSecurity(List.of());
				}
				addProblems(path, method, operation, isPublic);
			}));
		};
	}

	private static void addProblems(String path, PathItem.HttpMethod method, Operation operation, boolean isPublic) {
		ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
		boolean hasInput = operation.getRequestBody() != null
				|| (operation.getParameters() != null && !operation.getParameters().isEmpty()) || path.contains("{");
		boolean changes = method != PathItem.HttpMethod.GET;
		boolean ifMatch = operation.getParameters() != null
				&& operation.getParameters().stream().anyMatch(p -> "If-Match".equalsIgnoreCase(p.getName()));
		if (hasInput) {
			add(responses, "400", "The request is invalid: which field, and what it must be.");
		}
		if (!isPublic) {
			add(responses, "401", "No valid session or API token.");
			add(responses, "403",
					"The access decision refuses this (or a step-up, a second factor or a read-write token is needed).");
		}
		if (path.contains("{")) {
			add(responses, "404", "It does not exist, or you may not know that it does.");
		}
		if (changes) {
			add(responses, "409",
					"It conflicts with the current state (a duplicate, the last owner, an archived project, …).");
		}
		if (ifMatch) {
			add(responses, "412", "The task changed since the ETag in If-Match: read it again.");
			add(responses, "428", "If-Match is missing.");
		}
		if (operation.getRequestBody() != null) {
			add(responses, "413", "The body (or the file) is larger than allowed; maxBytes says the limit.");
			add(responses, "415", "The body is not of a type this route reads; accepted lists them.");
		}
		add(responses, "429", "Too many requests (or sign-in attempts): Retry-After says when to try again.");
		add(responses, "503", "The database is unavailable for a moment: Retry-After says when to try again.");
		operation.setResponses(responses);
	}

	private static void add(ApiResponses responses, String status, String description) {
		if (responses.containsKey(status)) {
			return;
		}
		responses.addApiResponse(status, new ApiResponse()
			.description(description + " Problem types: "
					+ String.join(", ",
							PROBLEM_TYPES.get(status).stream().map(code -> "urn:rampart:problem:" + code).toList())
					+ ".")
			.content(new Content().addMediaType("application/problem+json",
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
	}

	private static Map<String, List<String>> problemTypes() {
		Map<String, List<String>> types = new LinkedHashMap<>();
		types.put("400", List.of("invalid-input", "invalid-token", "weak-password", "too-many-parameters", "http-400"));
		types.put("401", List.of("unauthenticated", "invalid-credentials"));
		types.put("403", List.of("forbidden", "step-up-required", "mfa-enrolment-required", "read-only-token",
				"csrf-token-invalid", "cross-origin-request"));
		types.put("404", List.of("not-found", "http-404"));
		types.put("409", List.of("conflict"));
		types.put("412", List.of("stale-version"));
		types.put("413", List.of("body-too-large", "attachment-too-large"));
		types.put("415", List.of("unsupported-media-type"));
		types.put("428", List.of("missing-if-match"));
		types.put("429", List.of("rate-limited", "sign-in-throttled", "too-many-connections"));
		types.put("503", List.of("database-unavailable", "timeout"));
		return Map.copyOf(types);
	}

	@SuppressWarnings("rawtypes")
	private static Schema problemSchema() {
		ObjectSchema error = new ObjectSchema();
		error.addProperty("field", new StringSchema().description("A JSON path or parameter name."));
		error.addProperty("message", new StringSchema().description("What it must be."));
		ObjectSchema problem = new ObjectSchema();
		problem.description("An RFC 9457 problem document.");
		problem.addProperty("type", new StringSchema().description("urn:rampart:problem:<code>"));
		problem.addProperty("title", new StringSchema());
		problem.addProperty("status", new IntegerSchema());
		problem.addProperty("detail",
				new StringSchema().description("What went wrong, for the caller; never a secret."));
		problem.addProperty("field", new StringSchema().description("The first invalid field, for invalid input."));
		problem.addProperty("errors", new io.swagger.v3.oas.models.media.ArraySchema().items(error));
		problem.addProperty("errorId", new StringSchema().description("For a 500: quote it when reporting the error."));
		problem.addProperty("maxBytes", new IntegerSchema().description("For a 413: the limit."));
		problem.addProperty("accepted", new io.swagger.v3.oas.models.media.ArraySchema().items(new StringSchema())
			.description("For a 415: the media types the route reads."));
		problem.required(List.of("type", "title", "status"));
		return problem;
	}

}
