package dev.rampart.graphql;

import graphql.analysis.FieldComplexityCalculator;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.instrumentation.Instrumentation;
import graphql.parser.ParserOptions;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.server.TimeoutWebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.http.HttpStatus;

/** The GraphQL endpoint's limits: depth, complexity, tokens, aliases, time and persisted queries. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GraphQlSettings.class)
class GraphQlConfiguration {

	@Bean
	Instrumentation maxDepth(GraphQlSettings settings) {
		return new MaxQueryDepthInstrumentation(settings.maxDepth());
	}

	@Bean
	Instrumentation maxComplexity(GraphQlSettings settings) {
		return new MaxQueryComplexityInstrumentation(settings.maxComplexity(), complexity(settings.unpagedListFactor()));
	}

	/**
	 * A field costs 1 plus its children; a connection with a {@code first} argument returns up to
	 * that many nodes, so its children count that many times (its {@code nodes} list is that page);
	 * other lists count {@code listFactor} times.
	 */
	static FieldComplexityCalculator complexity(int listFactor) {
		return (environment, childComplexity) -> {
			Object first = environment.getArguments().get("first");
			if (first instanceof Integer size) {
				return 1 + Math.max(size, 1) * Math.max(childComplexity, 1);
			}
			boolean pageOfConnection = "nodes".equals(environment.getField().getName());
			boolean list = !pageOfConnection && graphql.schema.GraphQLTypeUtil.isList(
					graphql.schema.GraphQLTypeUtil.unwrapNonNull(environment.getFieldDefinition().getType()));
			return 1 + (list ? listFactor * Math.max(childComplexity, 1) : childComplexity);
		};
	}

	@Bean
	GraphQlSourceBuilderCustomizer documentGate(GraphQlSettings settings) {
		DocumentGate gate = new DocumentGate(settings);
		return builder -> builder.configureGraphQl(graphQl -> graphQl.preparsedDocumentProvider(gate));
	}

	/**
	 * Answers 408 when execution takes longer than configured; the statements it started end at
	 * PostgreSQL's per-transaction statement_timeout.
	 */
	@Bean
	TimeoutWebGraphQlInterceptor executionTimeout(GraphQlSettings settings) {
		return new TimeoutWebGraphQlInterceptor(settings.timeout(), HttpStatus.REQUEST_TIMEOUT);
	}

	/** Parsing stops at the configured number of tokens, before any work is done on a huge document. */
	@Bean
	WebGraphQlInterceptor parserLimits(GraphQlSettings settings) {
		ParserOptions options = ParserOptions.getDefaultOperationParserOptions().transform(o -> o
			.maxTokens(settings.maxTokens())
			.maxWhitespaceTokens(settings.maxTokens() * 4)
			.maxRuleDepth(200));
		return (request, chain) -> {
			request.configureExecutionInput((input, builder) -> builder
				.graphQLContext(context -> context.put(ParserOptions.class, options))
				.build());
			return chain.next(request);
		};
	}

}
