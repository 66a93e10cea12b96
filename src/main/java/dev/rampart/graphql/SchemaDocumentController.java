package dev.rampart.graphql;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The GraphQL schema as SDL, at a stable URL, for code generators and editors (Relay's
 * compiler, GraphQL language servers). Introspection stays off: this file is the same
 * schema the server runs, served from the files it is built from, and says nothing a
 * client could not learn from the docs.
 */
@Tag(name = "GraphQL", description = "The GraphQL API's schema.")
@RestController
class SchemaDocumentController {

	static final String PATH = "/api/v1/graphql/schema.graphqls";

	private final String schema;

	SchemaDocumentController() {
		try {
			Resource[] files = new PathMatchingResourcePatternResolver()
				.getResources("classpath*:graphql/**/*.graphqls");
			StringBuilder text = new StringBuilder();
			for (Resource file : Arrays.stream(files).sorted(Comparator.comparing(Resource::getFilename)).toList()) {
				text.append(file.getContentAsString(StandardCharsets.UTF_8)).append('\n');
			}
			this.schema = text.toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Operation(operationId = "getGraphQlSchema", summary = "The GraphQL schema (SDL)",
			description = "For code generators and editors; introspection stays off.")
	@GetMapping(path = PATH, produces = "text/plain;charset=UTF-8")
	ResponseEntity<String> schema() {
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noCache())
			.contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
			.body(schema);
	}

}
