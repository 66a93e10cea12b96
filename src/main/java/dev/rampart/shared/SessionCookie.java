package dev.rampart.shared;

/**
 * The browser session cookie. The {@code __Host-} prefix makes browsers accept it only
 * when it is Secure, has no Domain and has path {@code /}, so a sibling subdomain cannot
 * set or shadow it.
 */
public final class SessionCookie {

	/** The header carrying a one-time CSRF token on cookie-authenticated changes. */
	public static final String CSRF_HEADER = "X-CSRF-Token";

	public static final String NAME = "__Host-rampart-session";

	/**
	 * The device cookie set on every successful sign-in: presented with a later sign-in
	 * of the same account it lets the owner in while the account is throttled for others.
	 */
	public static final String DEVICE_NAME = "__Host-rampart-device";

	/**
	 * Browsers keep the device cookie this long; the server-side lifetime is configured
	 * separately.
	 */
	public static final java.time.Duration DEVICE_LIFETIME = java.time.Duration.ofDays(365);

	private SessionCookie() {
	}

}
