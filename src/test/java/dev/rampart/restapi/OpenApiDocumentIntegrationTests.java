package dev.rampart.restapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.IntegrationTest;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The OpenAPI document is valid (swagger-parser), names the API and both credentials, and
 * every route has a summary, an operation id that says what it does, a typed body, and
 * the problem responses it can give.
 */
class OpenApiDocumentIntegrationTests extends IntegrationTest {

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Test
	void theDocumentIsValidAndEveryRouteIsDocumented() {
		String json = api().get("/api/v1/openapi.json", null).body();
		SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(json, null, null);
		assertThat(parsed.getMessages()).as("swagger-parser findings").isEmpty();
		OpenAPI api = parsed.getOpenAPI();
		assertThat(api.getInfo().getTitle()).isEqualTo("Rampart API");
		assertThat(api.getInfo().getVersion()).isNotBlank();
		assertThat(api.getInfo().getDescription()).contains("step-up-required", "problem", "If-Match");
		assertThat(api.getComponents().getSecuritySchemes()).containsKeys("bearer", "session");
		assertThat(api.getPaths()).doesNotContainKey("/error");

		Set<String> operationIds = new HashSet<>();
		int operations = 0;
		for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
			for (Map.Entry<PathItem.HttpMethod, Operation> entry : path.getValue().readOperationsMap().entrySet()) {
				operations++;
				Operation op = entry.getValue();
				String where = entry.getKey() + " " + path.getKey();
				assertThat(op.getSummary()).as(where + " summary").isNotBlank();
				assertThat(op.getOperationId()).as(where + " operation id").matches("[a-z][A-Za-z]+");
				assertThat(operationIds.add(op.getOperationId())).as(where + " unique operation id").isTrue();
				assertThat(op.getTags()).as(where + " tag").isNotEmpty();
				boolean isPublic = op.getSecurity() != null && op.getSecurity().isEmpty();
				if (!isPublic) {
					assertThat(op.getResponses()).as(where).containsKeys("401", "403");
				}
				if (path.getKey().contains("{")) {
					assertThat(op.getResponses()).as(where).containsKeys("400", "404");
				}
				assertThat(op.getResponses()).as(where).containsKey("429");
				if (op.getRequestBody() != null) {
					assertThat(op.getResponses()).as(where).containsKeys("400", "413", "415");
					op.getRequestBody().getContent().forEach((type, media) -> {
						Schema<?> schema = media.getSchema();
						assertThat(schema.get$ref() != null || schema.getProperties() != null)
							.as(where + " has a typed " + type + " body: " + schema)
							.isTrue();
					});
				}
				if (entry.getKey() != PathItem.HttpMethod.GET) {
					assertThat(op.getResponses()).as(where).containsKey("409");
				}
				op.getResponses().forEach((status, response) -> {
					if (status.startsWith("4") || status.startsWith("5")) {
						assertThat(response.getContent()).as(where + " " + status)
							.containsKey("application/problem+json");
						assertThat(response.getDescription()).as(where + " " + status).contains("urn:rampart:problem:");
					}
				});
			}
		}
		assertThat(operations).isGreaterThan(90);

		Operation patchTask = api.getPaths().get("/api/v1/tasks/{taskId}").getPatch();
		assertThat(patchTask.getOperationId()).isEqualTo("updateTask");
		assertThat(patchTask.getParameters()).anySatisfy(p -> {
			assertThat(p.getName()).isEqualTo("If-Match");
			assertThat(p.getRequired()).isTrue();
		});
		assertThat(patchTask.getResponses()).containsKeys("412", "428");
		assertThat(patchTask.getResponses().get("403").getDescription())
			.contains("urn:rampart:problem:step-up-required");
		assertThat(api.getPaths().get("/api/v1/auth/login").getPost().getSecurity()).as("sign-in needs no credentials")
			.isEmpty();
		assertThat(api.getPaths().get("/api/v1/orgs").getGet().getSecurity()).isNull();
		assertThat(api.getSecurity()).hasSize(2);

		// Every route Spring serves under /api/v1 is in the document.
		mappings.getHandlerMethods()
			.forEach((info, method) -> info.getPatternValues()
				.stream()
				.filter(pattern -> pattern.startsWith("/api/v1/") && !pattern.startsWith("/api/v1/openapi.json"))
				.forEach(pattern -> assertThat(api.getPaths()).as(method.toString()).containsKey(pattern)));
	}

}
