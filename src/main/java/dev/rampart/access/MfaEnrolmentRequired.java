package dev.rampart.access;

import dev.rampart.shared.RampartException;

/**
 * The organization (or the platform role) requires a second factor the account does not
 * have yet: enrol one (POST /api/v1/me/mfa/totp or a passkey), sign in with it, and try
 * again. HTTP 403.
 */
public final class MfaEnrolmentRequired extends RampartException {

	private static final long serialVersionUID = 1L;

	public MfaEnrolmentRequired(String what) {
		super(Category.FORBIDDEN,
				what + " requires multi-factor authentication: enrol a second factor at /api/v1/me/mfa");
	}

}
