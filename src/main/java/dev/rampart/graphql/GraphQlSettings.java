package dev.rampart.graphql;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code rampart.graphql.*}: the abuse limits of the GraphQL endpoint, all with safe
 * defaults.
 *
 * @param maxDepth deepest selection nesting accepted
 * @param maxComplexity greatest estimated cost (each field 1, a list multiplies its
 * children by its {@code first} argument, or by {@code unpagedListFactor} when it has
 * none)
 * @param unpagedListFactor the assumed size of lists without a {@code first} argument
 * @param maxAliases most aliased fields in one document
 * @param maxTokens most lexical tokens in one document (parsing stops there)
 * @param timeout longest execution before the request is answered with an error
 * @param persistedQueriesRequired accept only documents registered as persisted queries
 * @param persistedQueriesLocation a directory of extra {@code *.graphql} persisted
 * queries
 * @param introspection allow schema introspection (off by default)
 * @param graphiql serve the GraphiQL page (off by default)
 */
@ConfigurationProperties("rampart.graphql")
record GraphQlSettings(@DefaultValue("10") int maxDepth, @DefaultValue("5000") int maxComplexity,
		@DefaultValue("10") int unpagedListFactor, @DefaultValue("15") int maxAliases,
		@DefaultValue("5000") int maxTokens, @DefaultValue("10s") Duration timeout,
		@DefaultValue("false") boolean persistedQueriesRequired, @Nullable String persistedQueriesLocation,
		@DefaultValue("false") boolean introspection, @DefaultValue("false") boolean graphiql) {

	GraphQlSettings {
		if (maxDepth < 2 || maxComplexity < 10 || maxAliases < 0 || maxTokens < 100 || unpagedListFactor < 1
				|| timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("rampart.graphql limits must be positive and sensible");
		}
	}

}
