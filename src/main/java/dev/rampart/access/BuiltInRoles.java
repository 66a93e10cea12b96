package dev.rampart.access;

import static dev.rampart.db.schema.Tables.PROJECT_ROLES;

import dev.rampart.db.AfterMigration;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/**
 * Writes the built-in project roles' permissions from {@link RolePermissions} into
 * {@code project_roles} after every migration, so the row-level security policies (which
 * read that table) and the Java decision read one table.
 */
@Component
class BuiltInRoles implements AfterMigration {

	@Override
	public void write(DSLContext ownerSql) {
		for (ProjectRole role : ProjectRole.values()) {
			String[] actions = RolePermissions.ofProjectRole(role)
				.stream()
				.map(Permission::action)
				.toArray(String[]::new);
			ownerSql.update(PROJECT_ROLES)
				.set(PROJECT_ROLES.PERMISSIONS, actions)
				.where(PROJECT_ROLES.ID.eq(role.id()))
				.and(PROJECT_ROLES.ORG_ID.isNull())
				.execute();
		}
	}

}
