package dev.rampart.web;

import dev.rampart.shared.Actor;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who the current request is signed in as, for code that runs outside controllers
 * (filters, interceptors).
 */
public final class SignedIn {

	private SignedIn() {
	}

	/**
	 * The actor {@link SessionTokenFilter} established for this request, or null when
	 * anonymous.
	 */
	public static @Nullable Actor actor() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return authentication != null && authentication.getPrincipal() instanceof Actor actor ? actor : null;
	}

}
