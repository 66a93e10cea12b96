package dev.rampart.graphql;

import graphql.ErrorClassification;
import graphql.ExecutionInput;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.execution.preparsed.persisted.PersistedQuerySupport;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.InlineFragment;
import graphql.language.Node;
import graphql.language.OperationDefinition;
import graphql.language.SelectionSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Every document passes here before it runs: persisted queries are resolved by their
 * SHA-256 hash (and, when required, nothing else is accepted), documents with too many
 * aliases are refused, and parsed, validated documents are cached by hash so repeated
 * queries skip parsing.
 */
final class DocumentGate implements PreparsedDocumentProvider {

	static final String PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND";

	/**
	 * Context key: true when this request may run registered documents only (the
	 * browser's).
	 */
	static final String REGISTERED_ONLY = "rampart.registeredDocumentsOnly";

	private static final int CACHE_SIZE = 1_000;

	private final GraphQlSettings settings;

	/** Registered persisted queries: hash to document text. */
	private final Map<String, String> registered;

	/** Documents clients sent with their hash (automatic persisted queries), bounded. */
	private final Map<String, String> remembered = lru(CACHE_SIZE);

	private final Map<String, PreparsedDocumentEntry> parsed = lru(CACHE_SIZE);

	DocumentGate(GraphQlSettings settings) {
		this.settings = settings;
		this.registered = Map.copyOf(load(settings.persistedQueriesLocation()));
	}

	@Override
	public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
			Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
		return CompletableFuture.completedFuture(document(input, parseAndValidate));
	}

	private PreparsedDocumentEntry document(ExecutionInput input,
			Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
		String requestedHash = requestedHash(input);
		String query = input.getQuery();
		boolean registeredOnly = settings.persistedQueriesRequired()
				|| Boolean.TRUE.equals(input.getGraphQLContext().get(REGISTERED_ONLY));
		if (PersistedQuerySupport.PERSISTED_QUERY_MARKER.equals(query)) {
			String known = requestedHash == null ? null : lookup(requestedHash, registeredOnly);
			if (known == null) {
				return refused("PersistedQueryNotFound: send the query text with its hash, or register it",
						PERSISTED_QUERY_NOT_FOUND);
			}
			query = known;
		}
		String hash = sha256(query);
		if (requestedHash != null && !requestedHash.equalsIgnoreCase(hash)) {
			return refused("the persisted query hash does not match the query text", "PERSISTED_QUERY_HASH_MISMATCH");
		}
		if (registeredOnly && !registered.containsKey(hash)) {
			return refused(
					"only registered persisted queries are accepted here (send other documents with an API token)",
					"PERSISTED_QUERY_REQUIRED");
		}
		if (requestedHash != null && !registered.containsKey(hash)) {
			synchronized (remembered) {
				remembered.put(hash, query);
			}
		}
		PreparsedDocumentEntry cached;
		synchronized (parsed) {
			cached = parsed.get(hash);
		}
		if (cached != null) {
			return cached;
		}
		String text = query;
		PreparsedDocumentEntry entry = parseAndValidate.apply(input.transform(b -> b.query(text)));
		if (!entry.hasErrors()) {
			int aliases = countAliases(entry.getDocument());
			if (aliases > settings.maxAliases()) {
				entry = refused("too many aliases: " + aliases + " (at most " + settings.maxAliases() + ")",
						"TOO_MANY_ALIASES");
			}
		}
		synchronized (parsed) {
			parsed.put(hash, entry);
		}
		return entry;
	}

	private @Nullable String lookup(String hash, boolean registeredOnly) {
		String text = registered.get(hash.toLowerCase(java.util.Locale.ROOT));
		if (text != null || registeredOnly) {
			return text;
		}
		synchronized (remembered) {
			return remembered.get(hash.toLowerCase(java.util.Locale.ROOT));
		}
	}

	private static @Nullable String requestedHash(ExecutionInput input) {
		Object persisted = input.getExtensions().get("persistedQuery");
		if (persisted instanceof Map<?, ?> map && map.get("sha256Hash") instanceof String hash
				&& hash.matches("[0-9a-fA-F]{64}")) {
			return hash.toLowerCase(java.util.Locale.ROOT);
		}
		return null;
	}

	static int countAliases(Document document) {
		int count = 0;
		for (Node<?> definition : document.getDefinitions()) {
			if (definition instanceof OperationDefinition operation) {
				count += countAliases(operation.getSelectionSet());
			}
			else if (definition instanceof FragmentDefinition fragment) {
				count += countAliases(fragment.getSelectionSet());
			}
		}
		return count;
	}

	private static int countAliases(@Nullable SelectionSet selections) {
		if (selections == null) {
			return 0;
		}
		int count = 0;
		for (var selection : selections.getSelections()) {
			if (selection instanceof Field field) {
				count += (field.getAlias() != null ? 1 : 0) + countAliases(field.getSelectionSet());
			}
			else if (selection instanceof InlineFragment fragment) {
				count += countAliases(fragment.getSelectionSet());
			}
		}
		return count;
	}

	private static PreparsedDocumentEntry refused(String message, String code) {
		GraphQLError error = GraphqlErrorBuilder.newError()
			.message(message)
			.errorType(ErrorClassification.errorClassification("ValidationError"))
			.extensions(Map.of("code", code))
			.build();
		return new PreparsedDocumentEntry(error);
	}

	static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", e);
		}
	}

	/**
	 * Persisted queries shipped in classpath:graphql/persisted/ (one document per
	 * {@code *.graphql}, or a JSON object of id to document as the Relay compiler writes
	 * it for the web application) plus those in the configured directory. Each is keyed
	 * by the SHA-256 of its text, whatever id the file gave it.
	 */
	private static Map<String, String> load(@Nullable String location) {
		Map<String, String> queries = new HashMap<>();
		try {
			PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
			for (Resource resource : resolver.getResources("classpath*:graphql/persisted/*.graphql")) {
				String text = new String(resource.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
				queries.put(sha256(text), text);
			}
			for (Resource resource : resolver.getResources("classpath*:graphql/persisted/*.json")) {
				try (var in = resource.getInputStream()) {
					Map<String, String> documents = tools.jackson.databind.json.JsonMapper.shared()
						.readValue(in, new tools.jackson.core.type.TypeReference<Map<String, String>>() {
						});
					documents.values().forEach(text -> queries.put(sha256(text), text));
				}
			}
			if (location != null && !location.isBlank()) {
				try (Stream<Path> files = Files.list(Path.of(location))) {
					for (Path file : files.filter(f -> f.toString().endsWith(".graphql")).toList()) {
						String text = Files.readString(file, StandardCharsets.UTF_8);
						queries.put(sha256(text), text);
					}
				}
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException("cannot read persisted queries", e);
		}
		return queries;
	}

	private static <V> Map<String, V> lru(int size) {
		return Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {

			private static final long serialVersionUID = 1L;

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
				return size() > size;
			}

		});
	}

}
