package dev.rampart.access;

import dev.rampart.shared.Actor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Service;

/**
 * Named policy: sensitive actions (changing roles, creating API tokens, key operations,
 * deleting an organization, changing email, password or second factors) need the user
 * proven within the step-up window ({@code rampart.identity.step-up-window}, 10 minutes):
 * by a second factor if the account has one, by the password otherwise. Signing in
 * counts. API tokens never pass: these actions need a person's session. Control C05.
 */
@Service
@EnableConfigurationProperties(StepUpPolicy.Settings.class)
public class StepUpPolicy {

	private final Duration window;

	private final Clock clock;

	StepUpPolicy(Settings settings, Clock clock) {
		this.window = settings.stepUpWindow();
		this.clock = clock;
	}

	/**
	 * {@code rampart.identity.step-up-window}: how long a sign-in or step-up counts as a
	 * recent proof (1m to 24h).
	 */
	@ConfigurationProperties("rampart.identity")
	record Settings(@DefaultValue("10m") Duration stepUpWindow) {

		Settings {
			if (stepUpWindow.compareTo(Duration.ofMinutes(1)) < 0 || stepUpWindow.compareTo(Duration.ofHours(24)) > 0) {
				throw new IllegalArgumentException("rampart.identity.step-up-window must be between 1m and 24h");
			}
		}

	}

	/**
	 * Throws {@link StepUpRequired} unless the actor's session proved its user recently
	 * enough.
	 */
	public void require(Actor actor) {
		Actor.Credential credential = actor.credential();
		if (credential.apiToken()) {
			throw new StepUpRequired("API tokens cannot do this; use a signed-in session");
		}
		Instant proven = credential.provenAt();
		if (proven == null || proven.plus(window).isBefore(clock.instant())) {
			throw new StepUpRequired("prove it is you again (POST /api/v1/auth/step-up)");
		}
		if (credential.mfaEnrolled() && !credential.secondFactor()) {
			throw new StepUpRequired("this session has not used the account's second factor");
		}
	}

	/**
	 * {@link #require} for accounts that already have a second factor (enrolling the
	 * first needs none).
	 */
	public void requireIfEnrolled(Actor actor) {
		if (actor.credential().mfaEnrolled() || actor.credential().apiToken()) {
			require(actor);
		}
	}

}
