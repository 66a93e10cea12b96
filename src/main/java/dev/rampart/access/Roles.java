package dev.rampart.access;

import static dev.rampart.db.schema.Tables.PROJECT_ROLES;

import dev.rampart.access.spi.RoleHolders;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.db.schema.tables.records.ProjectRolesRecord;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.Conflict;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.NotFound;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.TextFields;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Project roles: the built-in ones and those an organization's owners define, each a
 * named set of project and task permissions.
 */
@Service
public class Roles {

	public static final int NAME_MAX = 64;

	static final int MAX_CUSTOM_ROLES = 100;

	private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._-]*");

	private final Database db;

	private final AccessPolicy access;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final RoleHolders holders;

	Roles(ApplicationEventPublisher events, Database db, AccessPolicy access, Clock clock, RoleHolders holders) {
		this.events = events;
		this.holders = holders;
		this.db = db;
		this.access = access;
		this.clock = clock;
	}

	/**
	 * The names of these roles, in the caller's transaction (project member lists name
	 * each member's role).
	 */
	public java.util.Map<UUID, String> names(DSLContext sql, Collection<UUID> roles) {
		if (roles.isEmpty()) {
			return java.util.Map.of();
		}
		return sql.select(PROJECT_ROLES.ID, PROJECT_ROLES.NAME)
			.from(PROJECT_ROLES)
			.where(PROJECT_ROLES.ID.in(roles))
			.fetchMap(PROJECT_ROLES.ID, PROJECT_ROLES.NAME);
	}

	/** The built-in roles, then the organization's own, oldest first. */
	public List<RoleDefinition> list(Actor actor, OrgId org) {
		access.require(actor, Permission.ORG_READ_MEMBERS, org);
		return db.read(DbContext.user(actor.userId()),
				sql -> sql.selectFrom(PROJECT_ROLES)
					.where(PROJECT_ROLES.ORG_ID.isNull().or(PROJECT_ROLES.ORG_ID.eq(org.value())))
					.orderBy(PROJECT_ROLES.ORG_ID.isNotNull(), PROJECT_ROLES.CREATED_AT, PROJECT_ROLES.ID)
					.fetch(Roles::toDefinition));
	}

	/** Defines a custom project role; only organization owners may. */
	public RoleDefinition create(Actor actor, OrgId org, String name, Collection<String> actions) {
		String validName = validName(name);
		Set<Permission> permissions = projectPermissions(actions);
		access.require(actor, Permission.ORG_MANAGE_ROLES, org);
		UUID id = UUID.randomUUID();
		Instant now = Clocks.now(clock);
		db.write(DbContext.user(actor.userId()), sql -> {
			if (sql.fetchCount(PROJECT_ROLES, PROJECT_ROLES.ORG_ID.eq(org.value())) >= MAX_CUSTOM_ROLES) {
				throw new Conflict("the organization already has " + MAX_CUSTOM_ROLES + " custom roles");
			}
			int created = Database.requireChanged(sql.insertInto(PROJECT_ROLES)
				.set(PROJECT_ROLES.ID, id)
				.set(PROJECT_ROLES.ORG_ID, org.value())
				.set(PROJECT_ROLES.NAME, validName)
				.set(PROJECT_ROLES.PERMISSIONS, permissions.stream().map(Permission::action).toArray(String[]::new))
				.set(PROJECT_ROLES.CREATED_BY, actor.userId().value())
				.set(PROJECT_ROLES.CREATED_AT, now)
				.onConflictDoNothing()
				.execute(), () -> new Conflict("a role with this name already exists"));
			events.publishEvent(new AccessEvent.RoleCreated(id, org));
			return created;
		});
		return new RoleDefinition(id, validName, false, permissions, Optional.of(now));
	}

	/**
	 * Renames a custom role and/or replaces its permissions (owners only); the change
	 * applies at once to everyone who holds the role. Built-in roles are fixed.
	 */
	public RoleDefinition update(Actor actor, OrgId org, UUID role, @Nullable String name,
			@Nullable Collection<String> actions) {
		String validName = name == null ? null : validName(name);
		Set<Permission> permissions = actions == null ? null : projectPermissions(actions);
		access.require(actor, Permission.ORG_MANAGE_ROLES, org);
		return db.write(DbContext.user(actor.userId()), sql -> {
			ProjectRolesRecord current = customRole(sql, org, role);
			if (validName != null && !validName.equals(current.getName())
					&& sql.fetchExists(PROJECT_ROLES,
							PROJECT_ROLES.ORG_ID.eq(org.value())
								.and(DSL.lower(PROJECT_ROLES.NAME).eq(validName.toLowerCase(Locale.ROOT)))
								.and(PROJECT_ROLES.ID.ne(role)))) {
				throw new Conflict("a role with this name already exists");
			}
			var update = sql.update(PROJECT_ROLES)
				.set(PROJECT_ROLES.NAME, validName == null ? current.getName() : validName);
			if (permissions != null) {
				update = update.set(PROJECT_ROLES.PERMISSIONS,
						permissions.stream().map(Permission::action).toArray(String[]::new));
			}
			update.where(PROJECT_ROLES.ID.eq(role)).and(PROJECT_ROLES.ORG_ID.eq(org.value())).execute();
			events.publishEvent(new AccessEvent.RoleChanged(role, org));
			return toDefinition(customRole(sql, org, role));
		});
	}

	/**
	 * Deletes a custom role (owners only). While project members hold it, it is refused
	 * unless a replacement role is named; then those members get the replacement in the
	 * same transaction.
	 */
	public void delete(Actor actor, OrgId org, UUID role, @Nullable String replacement) {
		access.require(actor, Permission.ORG_MANAGE_ROLES, org);
		db.write(DbContext.user(actor.userId()), sql -> {
			customRole(sql, org, role);
			int holders = this.holders.count(sql, role);
			if (holders > 0) {
				if (replacement == null) {
					throw new Conflict(holders + " project member" + (holders == 1 ? " holds" : "s hold")
							+ " this role: name a replacement role (?replacement=viewer) to move them to");
				}
				UUID replacementId = roleIdByName(sql, org, replacement);
				if (replacementId.equals(role)) {
					throw new InvalidInput("replacement", "must be another role");
				}
				this.holders.reassign(sql, role, replacementId);
			}
			int deleted = Database.requireChanged(sql.deleteFrom(PROJECT_ROLES)
				.where(PROJECT_ROLES.ID.eq(role))
				.and(PROJECT_ROLES.ORG_ID.eq(org.value()))
				.execute(), () -> new NotFound("role"));
			events.publishEvent(new AccessEvent.RoleDeleted(role, org));
			return deleted;
		});
	}

	/**
	 * A custom role of the organization, locked for the change; built-in roles cannot be
	 * changed.
	 */
	private static ProjectRolesRecord customRole(DSLContext sql, OrgId org, UUID role) {
		if (java.util.Arrays.stream(ProjectRole.values()).anyMatch(r -> r.id().equals(role))) {
			throw new Conflict("built-in roles cannot be changed or deleted; define a custom role instead");
		}
		ProjectRolesRecord found = sql.selectFrom(PROJECT_ROLES)
			.where(PROJECT_ROLES.ID.eq(role))
			.and(PROJECT_ROLES.ORG_ID.eq(org.value()))
			.forUpdate()
			.fetchOne();
		if (found == null) {
			throw new NotFound("role");
		}
		return found;
	}

	private static String validName(String name) {
		String validName = TextFields.name("name", name, NAME_MAX);
		if (!NAME.matcher(validName).matches()) {
			throw new InvalidInput("name", "may hold letters, digits, spaces and . _ - only");
		}
		if (ProjectRole.ofName(validName.toLowerCase(Locale.ROOT)).isPresent()) {
			throw new InvalidInput("name", "is the name of a built-in role");
		}
		return validName;
	}

	/**
	 * The id of the project role called {@code name} in {@code org} (built-in or custom),
	 * read with {@code sql} inside the caller's transaction.
	 */
	public static UUID roleIdByName(DSLContext sql, OrgId org, String name) {
		if (name == null || name.isBlank()) {
			throw new InvalidInput("role", "must name a project role");
		}
		Optional<ProjectRole> builtIn = ProjectRole.ofName(name);
		if (builtIn.isPresent()) {
			return builtIn.get().id();
		}
		return sql.select(PROJECT_ROLES.ID)
			.from(PROJECT_ROLES)
			.where(PROJECT_ROLES.ORG_ID.eq(org.value()))
			.and(DSL.lower(PROJECT_ROLES.NAME).eq(name.toLowerCase(Locale.ROOT)))
			.fetchOptional(PROJECT_ROLES.ID)
			.orElseThrow(() -> new InvalidInput("role",
					"must be manager, contributor, viewer or a custom role of the organization"));
	}

	/**
	 * The caller's own word, quoted and cut short (the list is validated to 64 characters
	 * a name).
	 */
	private static String abbreviated(@Nullable String action) {
		String text = action == null ? "null" : action;
		return "\"" + (text.length() > 64 ? text.substring(0, 64) + "…" : text) + "\"";
	}

	private static Set<Permission> projectPermissions(Collection<String> actions) {
		if (actions == null || actions.isEmpty()) {
			throw new InvalidInput("permissions", "must list at least one permission");
		}
		Set<Permission> permissions = EnumSet.of(RolePermissions.IMPLIED_BY_ANY_PROJECT_ROLE);
		for (String action : actions) {
			Permission permission = Permission.ofAction(action == null ? "" : action)
				.orElseThrow(() -> new InvalidInput("permissions",
						"lists an unknown action, " + abbreviated(action) + "; the project and task actions are "
								+ java.util.Arrays.stream(Permission.values())
									.filter(p -> p.scope() != Permission.Scope.ORG)
									.map(Permission::action)
									.collect(java.util.stream.Collectors.joining(", "))));
			if (permission.scope() == Permission.Scope.ORG) {
				throw new InvalidInput("permissions",
						"may list project and task actions only, not " + permission.action());
			}
			permissions.add(permission);
		}
		return permissions;
	}

	private static RoleDefinition toDefinition(ProjectRolesRecord r) {
		return new RoleDefinition(r.getId(), r.getName(), r.getOrgId() == null,
				AccessPolicy.permissions(r.getPermissions()),
				r.getOrgId() == null ? Optional.empty() : Optional.of(r.getCreatedAt()));
	}

}
