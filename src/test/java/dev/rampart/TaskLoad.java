package dev.rampart;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Clients creating tasks in one project as fast as they are answered, remembering which
 * creations were acknowledged (201, with the new id) and how every other request ended.
 * After a refusal a client waits a little, as a client honouring Retry-After would.
 */
final class TaskLoad {

	/**
	 * One request: when it was sent and answered (nanoTime) and its status (0: no
	 * answer).
	 */
	record Outcome(long sentNanos, long answeredNanos, int status) {
	}

	private final Api api;

	private final String token;

	private final String projectId;

	private final int clients;

	private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

	private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();

	private final AtomicInteger sequence = new AtomicInteger();

	private final Map<String, Integer> noAnswers = new ConcurrentHashMap<>();

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running;

	private volatile long startedNanos;

	TaskLoad(Api api, String token, String projectId, int clients) {
		this.api = api;
		this.token = token;
		this.projectId = projectId;
		this.clients = clients;
	}

	void start() {
		startedNanos = System.nanoTime();
		running = true;
		for (int i = 0; i < clients; i++) {
			Thread client = new Thread(this::createTasks, "task-load-" + i);
			client.setDaemon(true);
			threads.add(client);
			client.start();
		}
	}

	void stop() throws InterruptedException {
		running = false;
		for (Thread client : threads) {
			client.join(60_000);
		}
	}

	private void createTasks() {
		while (running) {
			long sent = System.nanoTime();
			int status;
			try {
				Api.Response response = api.post("/api/v1/projects/" + projectId + "/tasks", token,
						Map.of("title", "Load task " + sequence.incrementAndGet()));
				status = response.status();
				if (status == 201) {
					acknowledged.add(response.text("id"));
				}
			}
			catch (RuntimeException noAnswer) {
				status = 0;
				noAnswers.merge(rootCause(noAnswer), 1, Integer::sum);
			}
			outcomes.add(new Outcome(sent, System.nanoTime(), status));
			if (status != 201) {
				pause(200);
			}
		}
	}

	String token() {
		return token;
	}

	long startedNanos() {
		return startedNanos;
	}

	Set<String> acknowledged() {
		return Set.copyOf(acknowledged);
	}

	/** Why requests got no answer at all: the root exception's type and how often. */
	Map<String, Integer> noAnswers() {
		return Map.copyOf(noAnswers);
	}

	private static String rootCause(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName();
	}

	/** How many requests ended with each status (0: no answer at all). */
	Map<Integer, Integer> statuses() {
		Map<Integer, Integer> counts = new TreeMap<>();
		outcomes.forEach(outcome -> counts.merge(outcome.status(), 1, Integer::sum));
		return counts;
	}

	/**
	 * Milliseconds from {@code faultNanos} until the first creation that was sent after
	 * the first failed one and acknowledged; 0 when no request failed after the fault.
	 */
	long recoveryMillis(long faultNanos) {
		long firstFailure = outcomes.stream()
			.filter(o -> o.answeredNanos() >= faultNanos && o.status() != 201)
			.mapToLong(Outcome::answeredNanos)
			.min()
			.orElse(-1);
		if (firstFailure < 0) {
			return 0;
		}
		long recovered = outcomes.stream()
			.filter(o -> o.sentNanos() >= firstFailure && o.status() == 201)
			.mapToLong(Outcome::answeredNanos)
			.min()
			.orElse(Long.MAX_VALUE);
		return recovered == Long.MAX_VALUE ? Long.MAX_VALUE : (recovered - faultNanos) / 1_000_000;
	}

	/** The slowest answer (ms) of the requests sent at or after {@code fromNanos}. */
	long slowestAnswerMillis(long fromNanos) {
		return outcomes.stream()
			.filter(o -> o.sentNanos() >= fromNanos && o.status() != 0)
			.mapToLong(o -> (o.answeredNanos() - o.sentNanos()) / 1_000_000)
			.max()
			.orElse(0);
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
