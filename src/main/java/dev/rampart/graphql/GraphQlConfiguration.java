package dev.rampart.graphql;

import dev.rampart.access.CredentialPolicies;
import dev.rampart.audit.Activity;
import dev.rampart.audit.AuditTrail;
import dev.rampart.ratelimit.RateLimited;
import dev.rampart.ratelimit.RateLimits;
import dev.rampart.shared.Actor;
import dev.rampart.web.SignedIn;
import graphql.analysis.FieldComplexityCalculator;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.instrumentation.Instrumentation;
import graphql.parser.ParserOptions;
import java.util.concurrent.Executor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The GraphQL endpoint's limits: depth, complexity, tokens, aliases, time and persisted
 * queries.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GraphQlSettings.class)
class GraphQlConfiguration {

	@Bean
	Instrumentation auditedMutations(AuditTrail trail, CredentialPolicies credentials) {
		RequestContext.register();
		return new AuditedMutations(trail, credentials);
	}

	@Bean
	Instrumentation maxDepth(GraphQlSettings settings) {
		return new MaxQueryDepthInstrumentation(settings.maxDepth());
	}

	@Bean
	Instrumentation costLimits(GraphQlSettings settings, RateLimits rateLimits) {
		return new GraphQlCost(settings.maxComplexity(), complexity(settings.unpagedListFactor()), rateLimits);
	}

	/**
	 * Hands the signed-in actor to the cost instrumentation and the request's activity to
	 * the activity log's instrumentation, and turns a used-up GraphQL budget into the
	 * same 429 answer (Retry-After, RateLimit headers) as every other rate limit.
	 */
	@Bean
	@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
	WebGraphQlInterceptor costBudget() {
		return (request, chain) -> {
			Actor actor = SignedIn.actor();
			if (actor != null) {
				request.configureExecutionInput(
						(input, builder) -> builder.graphQLContext(context -> context.put(Actor.class, actor)).build());
			}
			Activity activity = Activity.current();
			if (activity != null) {
				request.configureExecutionInput((input,
						builder) -> builder.graphQLContext(context -> context.put(Activity.class, activity)).build());
			}
			return chain.next(request).flatMap(response -> {
				RateLimited limited = response.getExecutionInput().getGraphQLContext().get(RateLimited.class);
				return limited == null ? Mono.just(response) : Mono.error(limited);
			});
		};
	}

	/**
	 * A field costs 1 plus its children; a connection with a {@code first} argument
	 * returns up to that many nodes, so its children count that many times (its
	 * {@code nodes} list is that page); other lists count {@code listFactor} times.
	 */
	private static final String STARTS_A_PROJECT = "startProjectFromTemplate";

	/** The cost of starting a project from a template (a tenth of a user's minute). */
	static final int TEMPLATE_START_COST = 500;

	/**
	 * The cost of a report computed on request (a sprint's burndown, a project's
	 * velocity: each replays the history of the sprint's tasks).
	 */
	static final int REPORT_COST = 100;

	private static final java.util.Set<String> REPORTS = java.util.Set.of("burndown", "velocity");

	/**
	 * The cost of a search on top of its page: REST counts it against the expensive-route
	 * budget (30 a minute), GraphQL against the cost budget (50,000 a minute), so about
	 * as many either way.
	 */
	static final int SEARCH_COST = 1_500;

	static FieldComplexityCalculator complexity(int listFactor) {
		return (environment, childComplexity) -> {
			Object first = environment.getArguments().get("first");
			if (first instanceof Integer size) {
				int page = 1 + Math.max(size, 1) * Math.max(childComplexity, 1);
				return "search".equals(environment.getField().getName()) ? SEARCH_COST + page : page;
			}
			String name = environment.getField().getName();
			if (STARTS_A_PROJECT.equals(name) || "importProject".equals(name)) {
				// One transaction writing up to a whole template's tasks: weighed like
				// the
				// REST route's expensive budget, not like one field.
				return TEMPLATE_START_COST + childComplexity;
			}
			if (REPORTS.contains(name)) {
				return REPORT_COST + childComplexity;
			}
			boolean pageOfConnection = "nodes".equals(name) || "edges".equals(name);
			boolean list = !pageOfConnection && graphql.schema.GraphQLTypeUtil
				.isList(graphql.schema.GraphQLTypeUtil.unwrapNonNull(environment.getFieldDefinition().getType()));
			return 1 + (list ? listFactor * Math.max(childComplexity, 1) : childComplexity);
		};
	}

	/**
	 * The Node interface's objects are the records in {@link Nodes}: OrganizationNode is
	 * an Organization.
	 */
	@Bean
	org.springframework.graphql.execution.RuntimeWiringConfigurer nodeTypes() {
		return wiring -> wiring.type("Node", type -> type.typeResolver(environment -> {
			String name = environment.getObject().getClass().getSimpleName();
			return environment.getSchema().getObjectType(name.substring(0, name.length() - "Node".length()));
		}));
	}

	@Bean
	GraphQlSourceBuilderCustomizer documentGate(GraphQlSettings settings) {
		DocumentGate gate = new DocumentGate(settings);
		return builder -> builder.configureGraphQl(graphQl -> graphQl.preparsedDocumentProvider(gate));
	}

	/**
	 * Answers 408 when execution takes longer than configured. Resolvers block (JDBC), so
	 * execution is moved off the request thread first: otherwise it would finish before
	 * the timer could fire. Statements it started end at PostgreSQL's per-transaction
	 * statement_timeout. Ordered right after {@link #costBudget()}, which must still run
	 * on the request thread to see who is signed in.
	 */
	@Bean
	@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 1)
	WebGraphQlInterceptor executionTimeout(GraphQlSettings settings,
			@Qualifier("applicationTaskExecutor") ObjectProvider<Executor> executor) {
		// Boot's task executor: virtual threads when they are on (JDK 21+), else its
		// pool. The operation's thread carries the request's activity and log context
		// along.
		Scheduler scheduler = executor.stream()
			.findFirst()
			.map(pool -> Schedulers.fromExecutor(task -> pool.execute(RequestContext.carriedTo(task))))
			.orElseGet(Schedulers::boundedElastic);
		return (request, chain) -> Mono.defer(() -> chain.next(request))
			.subscribeOn(scheduler)
			.timeout(settings.timeout(), Mono.error(() -> new ResponseStatusException(HttpStatus.REQUEST_TIMEOUT,
					"the GraphQL operation took longer than " + settings.timeout().toMillis() + " ms")));
	}

	/**
	 * Parsing stops at the configured number of tokens, before any work is done on a huge
	 * document.
	 */
	@Bean
	WebGraphQlInterceptor parserLimits(GraphQlSettings settings) {
		ParserOptions options = ParserOptions.getDefaultOperationParserOptions()
			.transform(o -> o.maxTokens(settings.maxTokens())
				.maxWhitespaceTokens(settings.maxTokens() * 4)
				.maxRuleDepth(200));
		return (request, chain) -> {
			// A request without an Authorization header is the browser's (session cookie,
			// or nobody): it may run only the documents the web application registered at
			// build time, so script injected into a page could not run a query of its own
			// choosing.
			boolean browser = !request.getHeaders().containsHeader(org.springframework.http.HttpHeaders.AUTHORIZATION);
			request.configureExecutionInput((input, builder) -> builder
				.graphQLContext(
						context -> context.put(ParserOptions.class, options).put(DocumentGate.REGISTERED_ONLY, browser))
				.build());
			return chain.next(request);
		};
	}

}
