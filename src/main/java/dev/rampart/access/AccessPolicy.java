package dev.rampart.access;

import static dev.rampart.db.schema.Tables.ORG_MEMBERS;
import static dev.rampart.db.schema.Tables.PROJECT_MEMBERS;

import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Forbidden;
import dev.rampart.shared.NotFound;
import java.util.Optional;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;

/**
 * The one access decision point. Services call {@link #require} before every operation; it
 * answers "not found" when the actor may not even see the resource, so other tenants' ids are
 * indistinguishable from ids that do not exist.
 */
@Service
public class AccessPolicy {

	private final Database db;

	AccessPolicy(Database db) {
		this.db = db;
	}

	/** Decides whether {@code actor} may do {@code permission} on {@code resource}, and why. */
	public Decision check(Actor actor, Permission permission, Resource resource) {
		return AccessRules.decide(actor.userId(), permission, resource, memberships(actor, resource));
	}

	/**
	 * Returns normally if allowed; otherwise throws {@link NotFound} (resource invisible to the
	 * actor) or {@link Forbidden} (visible, but not this action).
	 */
	public void require(Actor actor, Permission permission, Resource resource, String resourceKind) {
		Memberships memberships = memberships(actor, resource);
		Decision decision = AccessRules.decide(actor.userId(), permission, resource, memberships);
		if (decision.allowed()) {
			return;
		}
		Permission visibility = AccessRules.visibility(resource);
		if (permission == visibility
				|| !AccessRules.decide(actor.userId(), visibility, resource, memberships).allowed()) {
			throw new NotFound(resourceKind);
		}
		throw new Forbidden(permission.action());
	}

	private Memberships memberships(Actor actor, Resource resource) {
		Field<String> projectRole = resource.projectScope()
			.<Field<String>>map(project -> DSL.field(DSL.select(PROJECT_MEMBERS.ROLE)
				.from(PROJECT_MEMBERS)
				.where(PROJECT_MEMBERS.PROJECT_ID.eq(project.value()))
				.and(PROJECT_MEMBERS.USER_ID.eq(actor.userId().value()))))
			.orElse(DSL.inline((String) null, PROJECT_MEMBERS.ROLE));
		return db.read(DbContext.user(actor.userId()), sql -> sql.select(ORG_MEMBERS.ROLE, projectRole)
			.from(ORG_MEMBERS)
			.where(ORG_MEMBERS.ORG_ID.eq(resource.org().value()))
			.and(ORG_MEMBERS.USER_ID.eq(actor.userId().value()))
			.fetchOptional(r -> new Memberships(Optional.of(OrgRole.parse("role", r.value1())),
					Optional.ofNullable(r.value2()).map(role -> ProjectRole.parse("role", role)))))
			.orElse(Memberships.NONE);
	}

}
