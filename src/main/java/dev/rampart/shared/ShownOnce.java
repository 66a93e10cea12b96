package dev.rampart.shared;

import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A secret shown once (a session or API token, a CSRF token, a TOTP seed, recovery codes,
 * a webhook secret, a BI password) was made for the answer being prepared. Such an answer
 * is never kept for replaying to an Idempotency-Key retry: the secret would then rest
 * outside its hashed store. Whatever makes one calls {@link #issued()}; the request's
 * idempotency handling {@link #watch watches}.
 */
public final class ShownOnce {

	private static final ThreadLocal<@Nullable AtomicBoolean> ANSWER = new ThreadLocal<>();

	private ShownOnce() {
	}

	/** A secret is in the answer of the request on this thread, if one is watched. */
	public static void issued() {
		AtomicBoolean flag = ANSWER.get();
		if (flag != null) {
			flag.set(true);
		}
	}

	/** Watches the request on this thread; the flag says whether a secret was issued. */
	public static AtomicBoolean watch() {
		AtomicBoolean flag = new AtomicBoolean();
		ANSWER.set(flag);
		return flag;
	}

	/** For context propagation to another thread (GraphQL). */
	public static @Nullable AtomicBoolean current() {
		return ANSWER.get();
	}

	public static void restore(@Nullable AtomicBoolean flag) {
		ANSWER.set(flag);
	}

	public static void unwatch() {
		ANSWER.remove();
	}

}
