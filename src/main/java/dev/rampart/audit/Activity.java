package dev.rampart.audit;

import dev.rampart.shared.OrgId;
import dev.rampart.shared.SessionId;
import dev.rampart.shared.UserId;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the current request is doing, as the activity log will record it: who asked, from
 * where, the action they asked for, what it touched and which access decisions said no.
 * Bound to the request's thread (and handed to the thread a GraphQL operation runs on) by
 * the web layer. What only the modules know (what was created, which decision said no)
 * comes from their events through {@link ActivityRecorder}; the static methods do nothing
 * when no request is bound (CLI, background jobs). Request context (address, user agent,
 * request id) stays here and never travels in an event.
 */
public final class Activity {

	private static final ThreadLocal<@Nullable Activity> CURRENT = new ThreadLocal<>();

	/**
	 * The most denials one request records; a GraphQL document can ask for many
	 * resources.
	 */
	private static final int MAX_DENIALS = 20;

	private final String requestId;

	private final @Nullable String address;

	private final @Nullable String userAgent;

	private volatile @Nullable UserId actor;

	private volatile @Nullable SessionId token;

	private volatile @Nullable Action action;

	private final List<Denial> denials = Collections.synchronizedList(new ArrayList<>());

	public Activity(String requestId, @Nullable String address, @Nullable String userAgent) {
		this.requestId = requestId;
		this.address = address;
		this.userAgent = userAgent;
	}

	/**
	 * An access decision that refused the actor. {@code org} is null when the resource
	 * was invisible.
	 */
	public record Denial(String permission, String targetKind, String targetId, @Nullable OrgId org) {
	}

	/**
	 * One intended action of the request (a REST call, or one GraphQL mutation field).
	 */
	public static final class Action {

		private final String name;

		private volatile Map<String, @Nullable Object> data = Map.of();

		private volatile @Nullable String targetKind;

		private volatile @Nullable String targetId;

		private volatile @Nullable OrgId org;

		private volatile @Nullable String detail;

		private volatile boolean recorded;

		private volatile @Nullable Denial denial;

		Action(String name) {
			this.name = name;
		}

		public String name() {
			return name;
		}

		public Map<String, @Nullable Object> data() {
			return data;
		}

		public @Nullable String targetKind() {
			return targetKind;
		}

		public @Nullable String targetId() {
			return targetId;
		}

		public @Nullable OrgId org() {
			return org;
		}

		public @Nullable String detail() {
			return detail;
		}

		public @Nullable Denial denial() {
			return denial;
		}

		public boolean recorded() {
			return recorded;
		}

		/**
		 * Set by the activity log once its entry is written (and reset if that
		 * transaction rolls back).
		 */
		public void recorded(boolean value) {
			this.recorded = value;
		}

		/**
		 * Adds request fields (path variables, then the body) to what the entry records,
		 * after filtering.
		 */
		public synchronized void addData(Map<String, ? extends @Nullable Object> value) {
			Map<String, @Nullable Object> merged = new LinkedHashMap<>(this.data);
			merged.putAll(value);
			this.data = Collections.unmodifiableMap(merged);
		}

		/**
		 * Files the action under a resource found after the fact (the activity log does,
		 * for refusals).
		 */
		public void target(String kind, String id, OrgId inOrg) {
			target(kind, id, inOrg, true);
		}

		void target(String kind, String id, @Nullable OrgId inOrg, boolean replace) {
			if (replace || targetKind == null) {
				targetKind = kind;
				targetId = id;
				if (inOrg != null || replace) {
					org = inOrg;
				}
			}
		}

	}

	// ---- binding (web layer) ----

	/** Binds this activity to the current thread until {@link #unbind()}. */
	public void bind() {
		CURRENT.set(this);
	}

	public static void unbind() {
		CURRENT.remove();
	}

	public static @Nullable Activity current() {
		return CURRENT.get();
	}

	public String requestId() {
		return requestId;
	}

	public @Nullable String address() {
		return address;
	}

	public @Nullable String userAgent() {
		return userAgent;
	}

	public @Nullable UserId actor() {
		return actor;
	}

	public @Nullable SessionId token() {
		return token;
	}

	public @Nullable Action action() {
		return action;
	}

	/**
	 * Starts the named action; the previous one (an earlier mutation of the same
	 * document) is over.
	 */
	public Action start(String name) {
		Action started = new Action(name);
		this.action = started;
		return started;
	}

	public void end() {
		this.action = null;
	}

	/** Denials not already carried by an action's entry. */
	public List<Denial> denials() {
		synchronized (denials) {
			return List.copyOf(denials);
		}
	}

	// ---- what services add (no-ops without a bound request) ----

	/** The user (and session) the request acts for, once authenticated or signed in. */
	public static void actor(UserId user, @Nullable SessionId session) {
		Activity current = CURRENT.get();
		if (current != null) {
			current.actor = user;
			current.token = session;
		}
	}

	/** The resource the current action works on, unless one is already known. */
	static void target(String kind, Object id, @Nullable OrgId org) {
		Action action = currentAction();
		if (action != null) {
			action.target(kind, id.toString(), org, false);
		}
	}

	/** The resource the current action created: it becomes the target. */
	static void created(String kind, Object id, @Nullable OrgId org) {
		about(kind, id, org);
	}

	/**
	 * The resource the current action is really about (a member rather than the
	 * organization).
	 */
	static void about(String kind, Object id, @Nullable OrgId org) {
		Action action = currentAction();
		if (action != null) {
			action.target(kind, id.toString(), org, true);
		}
	}

	/**
	 * A short, non-personal note on the outcome ("error 1f0c…", "already registered").
	 */
	public static void detail(String detail) {
		Action action = currentAction();
		if (action != null) {
			action.detail = detail;
		}
	}

	/**
	 * An access decision refused the actor: the current action's entry says so, or one of
	 * its own.
	 */
	static void denied(String permission, String targetKind, Object targetId, @Nullable OrgId org) {
		Activity current = CURRENT.get();
		if (current == null) {
			return;
		}
		Denial denial = new Denial(permission, targetKind, targetId.toString(), org);
		Action action = current.action;
		if (action != null) {
			if (action.denial == null) {
				action.denial = denial;
				action.target(targetKind, denial.targetId(), org, false);
			}
			return;
		}
		synchronized (current.denials) {
			if (current.denials.size() < MAX_DENIALS && !current.denials.contains(denial)) {
				current.denials.add(denial);
			}
		}
	}

	private static @Nullable Action currentAction() {
		Activity current = CURRENT.get();
		return current == null ? null : current.action;
	}

}
