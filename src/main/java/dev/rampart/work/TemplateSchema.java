package dev.rampart.work;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.rampart.shared.FieldProblem;
import dev.rampart.shared.InvalidDocument;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The published JSON Schema of process templates, and the check every template document
 * passes before anything reads it: on import, on every save of a draft. The schema is a
 * class-path resource that refers to nothing outside itself, so checking never fetches
 * anything from the network.
 */
@Component
public class TemplateSchema {

	static final String RESOURCE = "/schemas/process-template-v1.schema.json";

	/** Enough to name every problem of a document without a flood. */
	private static final int MAX_PROBLEMS = 50;

	private final String text;

	private final Schema schema;

	private final JsonMapper json;

	private final TemplateSettings settings;

	private final ChecklistSettings checklists;

	TemplateSchema(JsonMapper json, TemplateSettings settings, ChecklistSettings checklists) {
		this.json = json;
		this.settings = settings;
		this.checklists = checklists;
		try (InputStream in = TemplateSchema.class.getResourceAsStream(RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException("the process template schema is missing from the class path");
			}
			this.text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		SchemaRegistryConfig config = SchemaRegistryConfig.builder()
			.pathType(PathType.JSON_POINTER)
			.formatAssertionsEnabled(true)
			.build();
		this.schema = SchemaRegistry
			.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, builder -> builder.schemaRegistryConfig(config))
			.getSchema(json.readTree(text));
	}

	/** The schema as published (served at {@value TemplateDocument#SCHEMA_URL}). */
	public String text() {
		return text;
	}

	/**
	 * Reads a document given as JSON text (GraphQL passes it so): malformed JSON is named
	 * with its line and column.
	 */
	public TemplateDocument read(String document) {
		JsonNode node;
		try {
			node = json.readTree(document);
		}
		catch (JacksonException malformed) {
			var at = malformed.getLocation();
			throw new InvalidDocument(List.of(new FieldProblem.Item("", "is not JSON"
					+ (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"))));
		}
		return read(node);
	}

	/**
	 * Checks a document against the schema, then against the rules a schema cannot say;
	 * throws {@link InvalidDocument} naming every problem by its JSON Pointer.
	 */
	public TemplateDocument read(JsonNode document) {
		List<Error> errors = schema.validate(document);
		if (!errors.isEmpty()) {
			throw new InvalidDocument(errors.stream()
				.sorted(Comparator.comparing((Error e) -> e.getInstanceLocation().toString()))
				.limit(MAX_PROBLEMS)
				.map(TemplateSchema::problem)
				.toList());
		}
		return TemplateDocument.read(document, new TemplateDocument.Limits(settings.maxSteps(),
				settings.maxDependencies(), checklists.maxItemsPerTask()));
	}

	/**
	 * A document this service sealed itself (checked when it was saved): read without the
	 * limits, which an operator may have lowered since.
	 */
	TemplateDocument stored(String document) {
		return TemplateDocument.read(json.readTree(document),
				new TemplateDocument.Limits(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE));
	}

	/**
	 * A schema error as a problem: its place as a JSON Pointer, its message without the
	 * place repeated in front.
	 */
	private static FieldProblem.Item problem(Error error) {
		String at = error.getInstanceLocation().toString();
		if ("pattern".equals(error.getKeyword())) {
			// The schema's patterns in words: a person fixes "only spaces" faster than
			// "\S".
			return new FieldProblem.Item(at, at.endsWith("/key") || at.contains("/dependsOn/")
					? "must be a step key: lower-case letters, digits and hyphens, starting with a letter or digit, at most 40"
					: "must not be empty or only spaces");
		}
		String message = error.getMessage();
		if (message.startsWith(at + ": ")) {
			message = message.substring(at.length() + 2);
		}
		else if (message.startsWith(": ")) {
			message = message.substring(2);
		}
		return new FieldProblem.Item(at, message);
	}

}
