package dev.rampart.ops;

import static dev.rampart.db.schema.Tables.AUDIT_ENTRIES;

import dev.rampart.keys.FieldCipher;
import dev.rampart.access.ProjectRole;
import dev.rampart.db.OwnerDatabase;
import dev.rampart.identity.SignUp;
import dev.rampart.identity.UserFields;
import dev.rampart.shared.UserId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.LongConsumer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.stereotype.Service;

/**
 * Generates a realistic data set with PostgreSQL COPY as the schema owner. Users spread
 * evenly over organizations (one owner, one admin, members and about 10% guests in each);
 * members work in one to three projects of their organization; tasks spread over
 * projects, most assigned to a project member. Only the users whose credentials are
 * printed get a usable password; the others' hash belongs to a random password that is
 * thrown away.
 * <p>
 * Longer than most classes because it builds one consistent data set (organizations,
 * people, projects, tasks, grants) with COPY for speed; its parts only make sense
 * together.
 */
@Service
public class Seeder {

	private static final String[] VERBS = { "Review", "Draft", "Fix", "Plan", "Migrate", "Test", "Document", "Ship",
			"Audit", "Design" };

	private static final String[] NOUNS = { "invoice export", "login page", "quarterly report", "API limits",
			"backup job", "onboarding flow", "search index", "release notes", "access matrix", "billing run" };

	/**
	 * Words of the seeded descriptions (twelve each), so a search meets realistic
	 * selectivity.
	 */
	private static final String[] PROSE = { "customer", "payment", "timeout", "retry", "database", "migration",
			"dashboard", "latency", "certificate", "renewal", "invoice", "currency", "rounding", "export", "import",
			"schedule", "weekend", "holiday", "calendar", "permission", "role", "audit", "backup", "restore", "replica",
			"failover", "network", "firewall", "proxy", "cache", "memory", "leak", "thread", "deadlock", "index",
			"query", "report", "quarter", "budget", "forecast", "vendor", "contract", "legal", "review", "approval",
			"deadline", "release", "rollback", "feature", "flag", "experiment", "metric", "alert", "pager", "incident",
			"postmortem", "customer", "support", "ticket", "escalation" };

	private static final String[] FIRST = { "Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken",
			"Margaret", "Tim" };

	private static final String[] LAST = { "Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen",
			"Thompson", "Hamilton", "Berners-Lee" };

	private static final String[] STATUS = { "todo", "todo", "in_progress", "done", "cancelled" };

	private static final String[] PRIORITY = { "low", "medium", "medium", "high", "urgent" };

	private static final int CHUNK = 8192;

	/** For passwords, the run id and the seed of the data's generator. */
	private static final SecureRandom RANDOM = new SecureRandom();

	private final OwnerDatabase owner;

	private final SignUp signUp;

	private final FieldCipher cipher;

	/** A sealed column value in COPY's text form for bytea ({@code \\x} and hex). */
	private String sealed(UUID org, FieldCipher.Column column, UUID row, String text) {
		return bytea(cipher.seal(new dev.rampart.shared.OrgId(org), column, row, text));
	}

	private final UserFields userFields;

	private static String bytea(byte[] value) {
		return "\\x" + java.util.HexFormat.of().formatHex(value);
	}

	/**
	 * A bytea[] in COPY's CSV form: an array literal whose elements escape their
	 * backslash, quoted.
	 */
	private static String byteaArray(byte[][] values) {
		StringBuilder out = new StringBuilder("\"{");
		for (int i = 0; i < values.length; i++) {
			out.append(i == 0 ? "" : ",").append("\"\"\\").append(bytea(values[i])).append("\"\"");
		}
		return out.append("}\"").toString();
	}

	private final dev.rampart.work.SearchTerms searchTerms;

	Seeder(OwnerDatabase owner, SignUp signUp, FieldCipher cipher, UserFields userFields,
			dev.rampart.work.SearchTerms searchTerms) {
		this.searchTerms = searchTerms;
		this.userFields = userFields;
		this.cipher = cipher;
		this.owner = owner;
		this.signUp = signUp;
	}

	/**
	 * Writes the data set and returns credentials for an owner, an admin, a member and a
	 * guest of the first organization. {@code progress} receives the number of rows
	 * written so far.
	 */
	/**
	 * How many accounts people created here (sign-ups, invitations accepted with a new
	 * account, operators' create-user), as the activity log recorded them: seeding is for
	 * empty or test data directories, and refuses others unless forced.
	 */
	public long createdAccounts() {
		return owner.transaction(sql -> (long) sql.fetchCount(AUDIT_ENTRIES, AUDIT_ENTRIES.OUTCOME.eq("success")
			.and(AUDIT_ENTRIES.ACTION.in("auth.sign-up", "invitation.accept-new-account", "admin.create-user"))));
	}

	public List<SeedCredential> seed(SeedPlan plan, LongConsumer progress) {
		// A new seed every run: ids never repeat, so seeding the same data directory
		// twice adds a second set.
		Random random = new Random(RANDOM.nextLong());
		String run = Integer.toString(RANDOM.nextInt(1_000_000_000), 36);
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		Model model = Model.build(plan, random);
		List<SeedCredential> credentials = new ArrayList<>();
		String[] hashes = new String[plan.users()];
		String unusable = signUp.passwordHashFor(newPassword(), "nobody@seed.rampart.test", "nobody");
		for (int u = 0; u < plan.users(); u++) {
			hashes[u] = unusable;
		}
		String[] printed = { "owner", "admin", "member", "guest" };
		for (int i = 0; i < printed.length; i++) {
			int user = model.firstUserOfRole(printed[i]);
			String password = newPassword();
			hashes[user] = signUp.passwordHashFor(password, email(user, run), name(user));
			credentials.add(new SeedCredential(printed[i], model.userIds[user], email(user, run), password,
					model.orgIds[0], model.projectIds[model.firstProjectOf(user)]));
		}
		long[] written = { 0 };
		LongConsumer rows = n -> progress.accept(written[0] += n);
		try (Connection c = owner.connect()) {
			c.setAutoCommit(false);
			PGConnection pg = c.unwrap(PGConnection.class);
			copy(pg, "users (id, email, display_name, email_index, password_hash, created_at, updated_at)",
					plan.users(), (u, out) -> {
						UserId id = new UserId(model.userIds[(int) u]);
						String email = email(u, run);
						out.append(id.value())
							.append(',')
							.append(bytea(userFields.sealEmail(id, email)))
							.append(',')
							.append(bytea(userFields.sealDisplayName(id, name(u))))
							.append(',')
							.append(bytea(userFields.emailIndex(email)))
							.append(',')
							.append(csv(hashes[(int) u]))
							.append(',')
							.append(now)
							.append(',')
							.append(now);
					}, rows);
			copy(pg, "organizations (id, name, created_by, created_at, updated_at)", plan.orgs(),
					(o, out) -> out.append(model.orgIds[(int) o])
						.append(',')
						.append(sealed(model.orgIds[(int) o], FieldCipher.Column.ORG_NAME, model.orgIds[(int) o],
								"Organization " + (o + 1)))
						.append(',')
						.append(model.userIds[model.ownerOf((int) o)])
						.append(',')
						.append(now)
						.append(',')
						.append(now),
					rows);
			copy(pg, "org_members (org_id, user_id, role, created_at)", plan.users(),
					(u, out) -> out.append(model.orgIds[model.orgOfUser(u)])
						.append(',')
						.append(model.userIds[(int) u])
						.append(',')
						.append(model.orgRole(u))
						.append(',')
						.append(now),
					rows);
			// Task t goes to project t % projects as its (t / projects + 1)-th task;
			// projects
			// get no key (each derives one from its name with its next task).
			copy(pg, "projects (id, org_id, name, description, created_by, created_at, updated_at, next_task_number)",
					plan.projects(),
					(p, out) -> out.append(model.projectIds[(int) p])
						.append(',')
						.append(model.orgIds[model.orgOfProject((int) p)])
						.append(',')
						.append(sealed(model.orgIds[model.orgOfProject((int) p)], FieldCipher.Column.PROJECT_NAME,
								model.projectIds[(int) p], "Project " + (p + 1)))
						.append(',')
						.append(sealed(model.orgIds[model.orgOfProject((int) p)],
								FieldCipher.Column.PROJECT_DESCRIPTION, model.projectIds[(int) p], ""))
						.append(',')
						.append(model.userIds[model.ownerOf(model.orgOfProject((int) p))])
						.append(',')
						.append(now)
						.append(',')
						.append(now)
						.append(',')
						.append(plan.tasks() / plan.projects() + (p < plan.tasks() % plan.projects() ? 1 : 0) + 1),
					rows);
			copy(pg, "project_members (project_id, user_id, org_id, role_id, created_at)", model.projectMembers.size(),
					(i, out) -> {
						int[] pm = model.projectMembers.get((int) i);
						out.append(model.projectIds[pm[0]])
							.append(',')
							.append(model.userIds[pm[1]])
							.append(',')
							.append(model.orgIds[model.orgOfProject(pm[0])])
							.append(',')
							.append(ProjectRole.values()[pm[2]].id())
							.append(',')
							.append(now);
					}, rows);
			List<String> grants = new ArrayList<>();
			copy(pg, "tasks (id, org_id, project_id, title, description, status, priority, assignee_id, due_date, "
					+ "created_by, created_at, updated_by, updated_at, version, visibility, title_words, title_terms, "
					+ "text_terms, number)", plan.tasks(), (t, out) -> {
						int project = (int) (t % plan.projects());
						int org = model.orgOfProject(project);
						String creator = model.userIds[model.ownerOf(org)].toString();
						Instant created = now.minusSeconds(random.nextInt(365 * 24 * 3600));
						UUID task = new UUID(random.nextLong(), random.nextLong());
						boolean restricted = random.nextInt(10) == 0;
						if (restricted) {
							int guest = model.randomGuestOf(org, random);
							if (guest >= 0) {
								grants.add(new UUID(random.nextLong(), random.nextLong()) + "," + model.orgIds[org]
										+ "," + model.projectIds[project] + "," + task + "," + model.userIds[guest]
										+ "," + (random.nextBoolean() ? "viewer" : "collaborator") + ","
										+ (random.nextInt(4) == 0 ? now.plusSeconds(30L * 24 * 3600).toString() : "")
										+ "," + creator + "," + now);
							}
						}
						String title = VERBS[random.nextInt(VERBS.length)] + " " + NOUNS[random.nextInt(NOUNS.length)]
								+ " #" + (t + 1);
						StringBuilder prose = new StringBuilder("Generated task:");
						for (int w = 0; w < 12; w++) {
							prose.append(' ').append(PROSE[random.nextInt(PROSE.length)]);
						}
						String description = prose.toString();
						dev.rampart.shared.OrgId orgId = new dev.rampart.shared.OrgId(model.orgIds[org]);
						out.append(task)
							.append(',')
							.append(model.orgIds[org])
							.append(',')
							.append(model.projectIds[project])
							.append(',')
							.append(sealed(model.orgIds[org], FieldCipher.Column.TASK_TITLE, task, title))
							.append(',')
							.append(sealed(model.orgIds[org], FieldCipher.Column.TASK_DESCRIPTION, task, description))
							.append(',')
							.append(STATUS[random.nextInt(STATUS.length)])
							.append(',')
							.append(PRIORITY[random.nextInt(PRIORITY.length)])
							.append(',');
						int assignee = model.randomMemberOf(project, random);
						if (assignee >= 0) {
							out.append(model.userIds[assignee]);
						}
						out.append(',');
						if (random.nextInt(3) == 0) {
							out.append(LocalDate.of(2027, 1, 1).plusDays(random.nextInt(365)));
						}
						out.append(',')
							.append(creator)
							.append(',')
							.append(created)
							.append(',')
							.append(creator)
							.append(',')
							.append(created)
							.append(",1,")
							.append(restricted ? "restricted" : "project")
							.append(',')
							.append(byteaArray(cipher.wordIndex(new dev.rampart.shared.OrgId(model.orgIds[org]),
									FieldCipher.Column.TASK_TITLE, title)))
							.append(',')
							.append(byteaArray(searchTerms.title(orgId, title)))
							.append(',')
							.append(byteaArray(searchTerms.text(orgId, title, description)))
							.append(',')
							.append(t / plan.projects() + 1);
					}, rows);
			copy(pg, "task_grants (id, org_id, project_id, task_id, user_id, role, expires_at, created_by, created_at)",
					grants.size(), (g, out) -> out.append(grants.get((int) g)), rows);
			c.commit();
			try (var analyze = c.createStatement()) {
				c.setAutoCommit(true);
				analyze.execute("ANALYZE");
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("seeding failed: " + ex.getSQLState(), ex);
		}
		return credentials;
	}

	interface RowWriter {

		void write(long index, StringBuilder out);

	}

	private static void copy(PGConnection pg, String target, long count, RowWriter rows, LongConsumer progress)
			throws SQLException {
		CopyIn copy = pg.getCopyAPI().copyIn("COPY rampart." + target + " FROM STDIN (FORMAT csv)");
		StringBuilder chunk = new StringBuilder(CHUNK * 256);
		long pending = 0;
		for (long i = 0; i < count; i++) {
			rows.write(i, chunk);
			chunk.append('\n');
			if (++pending == CHUNK) {
				flush(copy, chunk);
				progress.accept(pending);
				pending = 0;
			}
		}
		flush(copy, chunk);
		progress.accept(pending);
		copy.endCopy();
	}

	private static void flush(CopyIn copy, StringBuilder chunk) throws SQLException {
		byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
		copy.writeToCopy(bytes, 0, bytes.length);
		chunk.setLength(0);
	}

	private static String csv(String value) {
		return "\"" + value.replace("\"", "\"\"") + "\"";
	}

	private static String email(long user, String run) {
		return "user" + user + "." + run + "@seed.rampart.test";
	}

	private static String name(long user) {
		return FIRST[(int) (user % FIRST.length)] + " " + LAST[(int) ((user / FIRST.length) % LAST.length)] + " "
				+ user;
	}

	private static String newPassword() {
		byte[] bytes = new byte[15];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** Who is where: plain arrays, so a million tasks need no per-row objects. */
	static final class Model {

		final SeedPlan plan;

		final UUID[] userIds;

		final UUID[] orgIds;

		final UUID[] projectIds;

		/** {project, user, role index} */
		final List<int[]> projectMembers = new ArrayList<>();

		/** members per project, for assignees */
		final List<List<Integer>> membersOfProject = new ArrayList<>();

		private Model(SeedPlan plan) {
			this.plan = plan;
			this.userIds = uuids(plan.users());
			this.orgIds = uuids(plan.orgs());
			this.projectIds = uuids(plan.projects());
		}

		static Model build(SeedPlan plan, Random random) {
			Model model = new Model(plan);
			for (int p = 0; p < plan.projects(); p++) {
				model.membersOfProject.add(new ArrayList<>());
			}
			for (int u = 0; u < plan.users(); u++) {
				String role = model.orgRole(u);
				if (role.equals("owner") || role.equals("admin")) {
					continue;
				}
				int org = model.orgOfUser(u);
				int projectsInOrg = model.projectsInOrg(org);
				int memberships = role.equals("guest") ? 1 : 1 + random.nextInt(Math.min(3, projectsInOrg));
				int first = random.nextInt(projectsInOrg);
				for (int k = 0; k < memberships; k++) {
					int project = org + ((first + k) % projectsInOrg) * plan.orgs();
					int projectRole = role.equals("guest") ? 2 : k == 0 && u % 7 == 0 ? 0 : 1 + random.nextInt(2) / 1;
					model.projectMembers.add(new int[] { project, u, Math.min(projectRole, 2) });
					if (projectRole <= 1) {
						model.membersOfProject.get(project).add(u);
					}
				}
			}
			return model;
		}

		int orgOfUser(long user) {
			return (int) (user % plan.orgs());
		}

		int orgOfProject(int project) {
			return project % plan.orgs();
		}

		int ownerOf(int org) {
			return org;
		}

		int projectsInOrg(int org) {
			return plan.projects() / plan.orgs() + (org < plan.projects() % plan.orgs() ? 1 : 0);
		}

		/**
		 * Users org, org+orgs, org+2*orgs, ... belong to org: the first is owner, the
		 * second admin, the fourth and every tenth a guest, the others members (so four
		 * users per organization give every role).
		 */
		String orgRole(long user) {
			long rank = user / plan.orgs();
			return rank == 0 ? "owner" : rank == 1 ? "admin" : rank == 3 || rank % 10 == 9 ? "guest" : "member";
		}

		int firstUserOfRole(String role) {
			for (int u = 0; u < plan.users(); u += plan.orgs()) {
				if (orgRole(u).equals(role)
						&& (role.equals("owner") || role.equals("admin") || firstProjectOf(u) >= 0)) {
					return u;
				}
			}
			throw new IllegalStateException("no " + role + " in the first organization: seed more users");
		}

		int firstProjectOf(int user) {
			for (int[] pm : projectMembers) {
				if (pm[1] == user) {
					return pm[0];
				}
			}
			return orgOfUser(user) < plan.projects() ? orgOfUser(user) : -1;
		}

		/** A guest of the organization, or -1 if it has none. */
		int randomGuestOf(int org, Random random) {
			int perOrg = plan.users() / plan.orgs();
			for (int attempt = 0; attempt < 3; attempt++) {
				int rank = 9 + 10 * random.nextInt(Math.max(1, perOrg / 10));
				long user = org + (long) rank * plan.orgs();
				if (user < plan.users() && orgRole(user).equals("guest")) {
					return (int) user;
				}
			}
			return -1;
		}

		int randomMemberOf(int project, Random random) {
			List<Integer> members = membersOfProject.get(project);
			if (members.isEmpty() || random.nextInt(10) == 0) {
				return -1;
			}
			return members.get(random.nextInt(members.size()));
		}

		private static UUID[] uuids(int count) {
			UUID[] ids = new UUID[count];
			for (int i = 0; i < count; i++) {
				ids[i] = UUID.randomUUID();
			}
			return ids;
		}

	}

}
