package dev.rampart.work;

import static dev.rampart.db.schema.Tables.ORG_MEMBERS;
import static dev.rampart.db.schema.Tables.PROJECTS;
import static dev.rampart.db.schema.Tables.PROJECT_MEMBERS;

import dev.rampart.access.AccessPolicy;
import dev.rampart.access.OrgRole;
import dev.rampart.access.Permission;
import dev.rampart.access.ProjectRole;
import dev.rampart.access.Resource;
import dev.rampart.access.Roles;
import dev.rampart.access.StepUpPolicy;
import dev.rampart.db.Database;
import dev.rampart.db.DbContext;
import dev.rampart.db.schema.tables.records.ProjectsRecord;
import dev.rampart.identity.AccountDirectory;
import dev.rampart.keys.FieldCipher;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Clocks;
import dev.rampart.shared.Conflict;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.NotFound;
import dev.rampart.shared.OrgId;
import dev.rampart.shared.ProjectId;
import dev.rampart.shared.TextFields;
import dev.rampart.shared.UserId;
import dev.rampart.shared.UserRef;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/** Projects of an organization and their members. */
@Service
public class Projects {

	public static final int NAME_MAX = 200;

	public static final int DESCRIPTION_MAX = 10_000;

	static final String PROJECT = "project";

	private final Database db;

	private final AccountDirectory directory;

	private final dev.rampart.access.Roles roles;

	private final FieldCipher cipher;

	private final StepUpPolicy stepUp;

	private final AccessPolicy access;

	private final Clock clock;

	private final OrgPeople people;

	private final ApplicationEventPublisher events;

	private final ProjectKeys keys;

	Projects(ApplicationEventPublisher events, Database db, AccessPolicy access, Clock clock,
			AccountDirectory directory, dev.rampart.access.Roles roles, FieldCipher cipher, StepUpPolicy stepUp,
			OrgPeople people, ProjectKeys keys) {
		this.keys = keys;
		this.events = events;
		this.people = people;
		this.stepUp = stepUp;
		this.directory = directory;
		this.roles = roles;
		this.cipher = cipher;
		this.db = db;
		this.access = access;
		this.clock = clock;
	}

	/**
	 * The organization's projects the actor can see: all of them for owners and admins,
	 * otherwise those the actor is a member of; archived ones only if asked.
	 */
	public List<Project> list(Actor actor, OrgId org, boolean archived) {
		access.require(actor, Permission.ORG_READ, org);
		UUID me = actor.userId().value();
		Condition seesAll = DSL.exists(DSL.selectOne()
			.from(ORG_MEMBERS)
			.where(ORG_MEMBERS.ORG_ID.eq(org.value()))
			.and(ORG_MEMBERS.USER_ID.eq(me))
			.and(ORG_MEMBERS.ROLE.in(OrgRole.OWNER.wireName(), OrgRole.ADMIN.wireName())));
		Condition isMember = DSL.exists(DSL.selectOne()
			.from(PROJECT_MEMBERS)
			.where(PROJECT_MEMBERS.PROJECT_ID.eq(PROJECTS.ID))
			.and(PROJECT_MEMBERS.USER_ID.eq(me)));
		return db.read(DbContext.user(actor.userId()),
				sql -> sql.selectFrom(PROJECTS)
					.where(PROJECTS.ORG_ID.eq(org.value()))
					.and(seesAll.or(isMember))
					.and(archived ? DSL.noCondition() : PROJECTS.ARCHIVED_AT.isNull())
					.orderBy(PROJECTS.CREATED_AT, PROJECTS.ID)
					.fetch(this::toProject));
	}

	/**
	 * Creates a project; its creator becomes its manager. Without a key, one is derived
	 * from the name (made unique in the organization).
	 */
	public Project create(Actor actor, OrgId org, String name, String description, java.util.Optional<String> key) {
		String validName = TextFields.name("name", name, NAME_MAX);
		String validDescription = TextFields.text("description", description, DESCRIPTION_MAX);
		key.ifPresent(k -> ProjectKeys.valid("key", k));
		access.require(actor, Permission.PROJECT_CREATE, org);
		ProjectId id = ProjectId.random();
		Instant now = Clocks.now(clock);
		// What was written, as written: no second transaction and decision to read it
		// back.
		return db.write(DbContext.user(actor.userId()),
				sql -> insert(sql, actor, org, id, validName, validDescription, key, java.util.Optional.empty(), now));
	}

	/**
	 * Writes a new project in the caller's transaction (the caller decided the actor may
	 * create it): the row, its key, its creator as manager. Names are valid already.
	 */
	Project insert(DSLContext sql, Actor actor, OrgId org, ProjectId id, String validName, String validDescription,
			java.util.Optional<String> key, java.util.Optional<Project.TemplateOrigin> template, Instant now) {
		sql.insertInto(PROJECTS)
			.set(PROJECTS.ID, id.value())
			.set(PROJECTS.ORG_ID, org.value())
			.set(PROJECTS.NAME, cipher.seal(org, FieldCipher.Column.PROJECT_NAME, id.value(), validName))
			.set(PROJECTS.DESCRIPTION,
					cipher.seal(org, FieldCipher.Column.PROJECT_DESCRIPTION, id.value(), validDescription))
			.set(PROJECTS.CREATED_BY, actor.userId().value())
			.set(PROJECTS.CREATED_AT, now)
			.set(PROJECTS.UPDATED_AT, now)
			.set(PROJECTS.TEMPLATE_ID, template.map(Project.TemplateOrigin::template).orElse(null))
			.set(PROJECTS.TEMPLATE_VERSION, template.map(Project.TemplateOrigin::version).orElse(null))
			.execute();
		String chosen = key.orElseGet(() -> keys.derive(sql, org, id, validName));
		keys.set(sql, org, id, chosen);
		events.publishEvent(new WorkEvent.ProjectCreated(org, id));
		insertMember(sql, org, id, actor.userId(), ProjectRole.MANAGER.id(), now);
		return new Project(id, org, validName, validDescription, java.util.Optional.of(chosen), now, now,
				java.util.Optional.empty(), template);
	}

	public Project get(Actor actor, ProjectId project) {
		return db.read(DbContext.user(actor.userId()),
				sql -> load(actor, access.require(actor, Permission.PROJECT_READ, project).resource()));
	}

	/**
	 * Changes what is given; a new key keeps every task's number (the tasks' keys change
	 * with it).
	 */
	public Project update(Actor actor, ProjectId project, Change<String> name, Change<String> description,
			Change<String> key) {
		String validName = name.present() ? TextFields.name("name", require("name", name.value()), NAME_MAX) : null;
		String validKey = key.present() ? ProjectKeys.valid("key", require("key", key.value())) : null;
		String validDescription = description.present()
				? TextFields.text("description", require("description", description.value()), DESCRIPTION_MAX) : null;
		Resource.Project resource = access.require(actor, Permission.PROJECT_UPDATE, project).resource();
		OrgId org = resource.org();
		db.write(DbContext.user(actor.userId()), sql -> {
			sealIfPlain(sql, org, project);
			var update = sql.update(PROJECTS).set(PROJECTS.UPDATED_AT, Clocks.now(clock));
			if (validName != null) {
				update = update.set(PROJECTS.NAME,
						cipher.seal(org, FieldCipher.Column.PROJECT_NAME, project.value(), validName));
			}
			if (validDescription != null) {
				update = update.set(PROJECTS.DESCRIPTION,
						cipher.seal(org, FieldCipher.Column.PROJECT_DESCRIPTION, project.value(), validDescription));
			}
			update.where(PROJECTS.ID.eq(project.value())).and(PROJECTS.ORG_ID.eq(resource.org().value())).execute();
			if (validKey != null) {
				keys.set(sql, org, project, validKey);
			}
			events.publishEvent(new WorkEvent.ProjectChanged(org, project, "updated"));
			return null;
		});
		return load(actor, resource);
	}

	/**
	 * Archives the project: it stays readable, every change to it is refused (409) until
	 * it is restored, and it leaves the default project lists. Archiving an archived
	 * project changes nothing.
	 */
	public Project archive(Actor actor, ProjectId project) {
		return setArchived(actor, project, true);
	}

	/** Makes an archived project writable again. */
	public Project restore(Actor actor, ProjectId project) {
		return setArchived(actor, project, false);
	}

	private Project setArchived(Actor actor, ProjectId project, boolean archived) {
		Resource.Project resource = access.require(actor, Permission.PROJECT_DELETE, project).resource();
		db.write(DbContext.user(actor.userId()), sql -> {
			int changed = sql.update(PROJECTS)
				.set(PROJECTS.ARCHIVED_AT, archived ? Clocks.now(clock) : null)
				.where(PROJECTS.ID.eq(project.value()))
				.and(PROJECTS.ORG_ID.eq(resource.org().value()))
				.and(archived ? PROJECTS.ARCHIVED_AT.isNull() : PROJECTS.ARCHIVED_AT.isNotNull())
				.execute();
			if (changed > 0) {
				events.publishEvent(
						new WorkEvent.ProjectChanged(resource.org(), project, archived ? "archived" : "restored"));
			}
			return changed;
		});
		return load(actor, resource);
	}

	/**
	 * Deletes the project with its tasks and comments: only an archived project, and only
	 * after a fresh proof of identity (step-up), so that one stolen session or one click
	 * cannot destroy it.
	 */
	public void delete(Actor actor, ProjectId project) {
		Resource.Project resource = access.require(actor, Permission.PROJECT_DELETE, project).resource();
		stepUp.require(actor);
		db.write(DbContext.user(actor.userId()), sql -> {
			int deleted = sql.deleteFrom(PROJECTS)
				.where(PROJECTS.ID.eq(project.value()))
				.and(PROJECTS.ORG_ID.eq(resource.org().value()))
				.and(PROJECTS.ARCHIVED_AT.isNotNull())
				.execute();
			if (deleted == 0) {
				throw new Conflict("only an archived project can be deleted: archive it first");
			}
			events.publishEvent(new WorkEvent.ProjectChanged(resource.org(), project, "deleted"));
			return null;
		});
	}

	public List<Member> members(Actor actor, ProjectId project) {
		return db.read(DbContext.user(actor.userId()), sql -> {
			access.require(actor, Permission.PROJECT_READ_MEMBERS, project);
			return members(sql,
					selectMembers(sql, project).orderBy(PROJECT_MEMBERS.CREATED_AT, PROJECT_MEMBERS.USER_ID).fetch());
		});
	}

	/**
	 * Adds a member of the project's organization, found by exact email, with a project
	 * role.
	 */
	public Member addMember(Actor actor, ProjectId project, UserRef member, String role) {
		Resource.Project resource = access.require(actor, Permission.PROJECT_MANAGE_MEMBERS, project).resource();
		return db.write(DbContext.user(actor.userId()), sql -> {
			UserId user = people.member(sql, resource.org(), member);
			UUID roleId = Roles.roleIdByName(sql, resource.org(), role);
			if (insertMember(sql, resource.org(), project, user, roleId, Clocks.now(clock)) == 0) {
				throw new Conflict("the user is already a member of this project");
			}
			events.publishEvent(new WorkEvent.ProjectMemberAdded(resource.org(), project, user));
			return member(sql, project, user);
		});
	}

	/** Changes a member's project role (after a step-up). */
	public Member changeRole(Actor actor, ProjectId project, UserId user, String role) {
		Resource.Project resource = access.require(actor, Permission.PROJECT_MANAGE_MEMBERS, project).resource();
		stepUp.require(actor);
		return db.write(DbContext.user(actor.userId()), sql -> {
			int updated = sql.update(PROJECT_MEMBERS)
				.set(PROJECT_MEMBERS.ROLE_ID, Roles.roleIdByName(sql, resource.org(), role))
				.where(PROJECT_MEMBERS.PROJECT_ID.eq(project.value()))
				.and(PROJECT_MEMBERS.USER_ID.eq(user.value()))
				.execute();
			if (updated == 0) {
				throw new NotFound("member");
			}
			return member(sql, project, user);
		});
	}

	public void removeMember(Actor actor, ProjectId project, UserId user) {
		Resource.Project resource = access.require(actor, Permission.PROJECT_MANAGE_MEMBERS, project).resource();
		int deleted = db.write(DbContext.user(actor.userId()), sql -> {
			int removed = sql.deleteFrom(PROJECT_MEMBERS)
				.where(PROJECT_MEMBERS.PROJECT_ID.eq(project.value()))
				.and(PROJECT_MEMBERS.USER_ID.eq(user.value()))
				.execute();
			if (removed > 0) {
				TaskGrants.unassignWhereNoLongerAllowed(sql, actor.userId(), resource.org(),
						java.util.Optional.of(project), user);
			}
			return removed;
		});
		if (deleted == 0) {
			throw new NotFound("member");
		}
	}

	private Project load(Actor actor, Resource.Project resource) {
		return db
			.read(DbContext.user(actor.userId()),
					sql -> sql.selectFrom(PROJECTS)
						.where(PROJECTS.ID.eq(resource.project().value()))
						.and(PROJECTS.ORG_ID.eq(resource.org().value()))
						.fetchOptional(this::toProject))
			.orElseThrow(() -> new NotFound(PROJECT));
	}

	static int insertMember(DSLContext sql, OrgId org, ProjectId project, UserId user, UUID role, Instant now) {
		return sql.insertInto(PROJECT_MEMBERS)
			.set(PROJECT_MEMBERS.PROJECT_ID, project.value())
			.set(PROJECT_MEMBERS.USER_ID, user.value())
			.set(PROJECT_MEMBERS.ORG_ID, org.value())
			.set(PROJECT_MEMBERS.ROLE_ID, role)
			.set(PROJECT_MEMBERS.CREATED_AT, now)
			.onConflictDoNothing()
			.execute();
	}

	private static org.jooq.SelectConditionStep<org.jooq.Record3<UUID, UUID, Instant>> selectMembers(DSLContext sql,
			ProjectId project) {
		return sql.select(PROJECT_MEMBERS.USER_ID, PROJECT_MEMBERS.ROLE_ID, PROJECT_MEMBERS.CREATED_AT)
			.from(PROJECT_MEMBERS)
			.where(PROJECT_MEMBERS.PROJECT_ID.eq(project.value()));
	}

	/** Memberships named: role names from access, people from identity. */
	private List<Member> members(DSLContext sql, List<org.jooq.Record3<UUID, UUID, Instant>> rows) {
		java.util.Map<UUID, String> roleNames = roles.names(sql,
				rows.stream().map(r -> r.value2()).distinct().toList());
		return Member.of(directory, sql,
				rows.stream()
					.filter(r -> roleNames.containsKey(r.value2()))
					.map(r -> new Member.Row(new UserId(r.value1()), roleNames.get(r.value2()), r.value3()))
					.toList());
	}

	private Member member(DSLContext sql, ProjectId project, UserId user) {
		return members(sql, selectMembers(sql, project).and(PROJECT_MEMBERS.USER_ID.eq(user.value())).fetch()).stream()
			.findFirst()
			.orElseThrow(() -> new NotFound("member"));
	}

	private Project toProject(ProjectsRecord r) {
		OrgId org = new OrgId(r.getOrgId());
		return new Project(new ProjectId(r.getId()), org,
				cipher.open(org, FieldCipher.Column.PROJECT_NAME, r.getId(), r.getName(), r.getPlain()),
				cipher.open(org, FieldCipher.Column.PROJECT_DESCRIPTION, r.getId(), r.getDescription(), r.getPlain()),
				java.util.Optional.ofNullable(keys.open(org, new ProjectId(r.getId()), r.getTaskKey())),
				r.getCreatedAt(), r.getUpdatedAt(), java.util.Optional.ofNullable(r.getArchivedAt()),
				r.getTemplateId() == null ? java.util.Optional.empty()
						: java.util.Optional.of(new Project.TemplateOrigin(r.getTemplateId(), r.getTemplateVersion())));
	}

	/**
	 * A row written before sealing is sealed before it changes, so a row is never half
	 * plain.
	 */
	private void sealIfPlain(DSLContext sql, OrgId org, ProjectId project) {
		ProjectsRecord row = sql.selectFrom(PROJECTS)
			.where(PROJECTS.ID.eq(project.value()))
			.and(PROJECTS.PLAIN)
			.forUpdate()
			.fetchOne();
		if (row != null) {
			Project current = toProject(row);
			sql.update(PROJECTS)
				.set(PROJECTS.NAME, cipher.seal(org, FieldCipher.Column.PROJECT_NAME, project.value(), current.name()))
				.set(PROJECTS.DESCRIPTION,
						cipher.seal(org, FieldCipher.Column.PROJECT_DESCRIPTION, project.value(),
								current.description()))
				.set(PROJECTS.PLAIN, false)
				.where(PROJECTS.ID.eq(project.value()))
				.execute();
		}
	}

	static <T> T require(String field, T value) {
		if (value == null) {
			throw new InvalidInput(field, "must not be null");
		}
		return value;
	}

}
