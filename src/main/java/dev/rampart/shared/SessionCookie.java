package dev.rampart.shared;

/**
 * The browser session cookie. The {@code __Host-} prefix makes browsers accept it only when it
 * is Secure, has no Domain and has path {@code /}, so a sibling subdomain cannot set or shadow it.
 */
public final class SessionCookie {

	/** The header carrying a one-time CSRF token on cookie-authenticated changes. */
	public static final String CSRF_HEADER = "X-CSRF-Token";

	public static final String NAME = "__Host-rampart-session";

	private SessionCookie() {
	}

}
