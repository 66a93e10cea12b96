package dev.rampart.access;

import dev.rampart.shared.Actor;
import dev.rampart.shared.OrgId;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * The rules about how the actor proved who they are, next to what their roles allow:
 * {@link ReadOnlyTokenPolicy}, {@link OrganizationScopedTokenPolicy} and
 * {@link OrganizationMfaPolicy}. {@link AccessPolicy} and {@link PlatformAccess} evaluate
 * them on every decision; the request pipeline asks {@link #requireMayChange} before a
 * change starts, so a read-only token is refused before anything else happens. Nothing
 * outside this module looks at a credential's kind.
 */
@Service
public class CredentialPolicies {

	private final ApplicationEventPublisher events;

	CredentialPolicies(ApplicationEventPublisher events) {
		this.events = events;
	}

	/** Throws {@link ReadOnlyToken} unless the actor's credential may change things. */
	public void requireMayChange(Actor actor) {
		if (!ReadOnlyTokenPolicy.allowsChanges(actor.credential())) {
			events.publishEvent(new AccessEvent.CredentialRefused(ReadOnlyTokenPolicy.REASON));
			throw new ReadOnlyToken();
		}
	}

	/** Whether the actor's credential reaches the organization at all. */
	public boolean reaches(Actor actor, OrgId org) {
		return OrganizationScopedTokenPolicy.reaches(actor.credential(), org);
	}

	/**
	 * Whether the actor may work in an organization that does (or does not) require MFA.
	 */
	boolean admits(Actor actor, boolean organizationRequiresMfa) {
		return OrganizationMfaPolicy.admits(actor.credential(), organizationRequiresMfa);
	}

	/**
	 * What lists across organizations (a user's tasks, their grants) may show the actor:
	 * only the one organization a scoped token reaches, and none that requires MFA the
	 * account lacks.
	 *
	 * @param onlyOrganization the one organization, if the credential is scoped
	 * @param withoutOrganizationsRequiringMfa leave out organizations that require MFA
	 */
	public record ListScope(Optional<OrgId> onlyOrganization, boolean withoutOrganizationsRequiringMfa) {
	}

	public ListScope listScope(Actor actor) {
		return new ListScope(OrganizationScopedTokenPolicy.onlyOrganization(actor.credential()),
				OrganizationMfaPolicy.hidesOrganizationsRequiringMfa(actor.credential()));
	}

}
