package dev.rampart.access;

import static dev.rampart.access.Permission.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api;
import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import dev.rampart.db.OwnerDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * C07, generated: every operation x every role at organization, project and task level x
 * (own project, another project of the same organization, another organization) x (REST,
 * GraphQL). The expected answer of each case is derived here from the permission table
 * ({@link RolePermissions}) by a small oracle written independently of
 * {@link AccessRules}: allowed -> success; visible but not allowed -> 403 / FORBIDDEN;
 * invisible -> 404 / NOT_FOUND.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratedAccessMatrixIntegrationTests extends IntegrationTest {

	enum Level {

		ORG, PROJECT, TASK, COMMENT

	}

	enum Via {

		REST, GRAPHQL

	}

	/**
	 * Custom project role defined by the test: reads everything, edits tasks, no
	 * comments, no deletes.
	 */
	static final Set<Permission> TRIAGER = EnumSet.of(PROJECT_READ, PROJECT_READ_MEMBERS, TASK_READ,
			TASK_READ_RESTRICTED, TASK_UPDATE);

	/**
	 * Who an actor is: org role in A or B, project role per project, grants per task,
	 * assignments.
	 */
	static final class Who {

		final String name;

		final Map<String, OrgRole> orgRoles = new HashMap<>();

		final Map<String, Set<Permission>> projectRoles = new HashMap<>();

		final Map<String, TaskRole> grants = new HashMap<>();

		final Set<String> assigned = new java.util.HashSet<>();

		TestUser user;

		Who(String name) {
			this.name = name;
		}

	}

	record Target(String name, Level level, String org, String project, String task, boolean restricted, String creator,
			String author, String scope) {
	}

	@Autowired
	OwnerDatabase ownerDatabase;

	private Api api;

	private final Map<String, Who> actors = new LinkedHashMap<>();

	private final Map<String, Target> targets = new LinkedHashMap<>();

	/** Live ids by logical name ("A", "P1", "T1r", "C1own"...). */
	private final Map<String, String> ids = new HashMap<>();

	private final AtomicInteger unique = new AtomicInteger();

	private TestUser bMember;

	/**
	 * A guest of A who is nobody's actor: shares in the cases go to them, so no actor's
	 * rights change.
	 */
	private TestUser sharee;

	@BeforeAll
	void world() throws Exception {
		api = api();
		for (String name : List.of("owner", "admin", "member", "guest", "manager", "contributor", "viewer", "triager",
				"assignee", "grantViewer", "grantCollaborator", "expiredGrant", "outsider")) {
			actors.put(name, new Who(name));
		}
		actors.values().parallelStream().forEach(w -> w.user = api.newUser(w.name));
		bMember = api.newUser("b-member");
		sharee = api.newUser("sharee");
		TestUser owner = user("owner");
		TestUser outsider = user("outsider");

		ids.put("A", api.create("/api/v1/orgs", owner.token(), Map.of("name", "Matrix A")));
		ids.put("B", api.create("/api/v1/orgs", outsider.token(), Map.of("name", "Matrix B")));
		actors.get("owner").orgRoles.put("A", OrgRole.OWNER);
		actors.get("outsider").orgRoles.put("B", OrgRole.OWNER);
		Map<String, OrgRole> orgA = Map.ofEntries(Map.entry("admin", OrgRole.ADMIN),
				Map.entry("member", OrgRole.MEMBER), Map.entry("guest", OrgRole.GUEST),
				Map.entry("manager", OrgRole.MEMBER), Map.entry("contributor", OrgRole.MEMBER),
				Map.entry("viewer", OrgRole.GUEST), Map.entry("triager", OrgRole.MEMBER),
				Map.entry("assignee", OrgRole.MEMBER), Map.entry("grantViewer", OrgRole.GUEST),
				Map.entry("grantCollaborator", OrgRole.GUEST), Map.entry("expiredGrant", OrgRole.GUEST));
		orgA.forEach((name, role) -> {
			ok(api.post("/api/v1/orgs/" + ids.get("A") + "/members", owner.token(),
					Map.of("email", user(name).email(), "role", role.wireName())));
			actors.get(name).orgRoles.put("A", role);
		});
		ok(api.post("/api/v1/orgs/" + ids.get("A") + "/members", owner.token(),
				Map.of("email", sharee.email(), "role", "guest")));
		ok(api.post("/api/v1/orgs/" + ids.get("B") + "/members", outsider.token(),
				Map.of("email", bMember.email(), "role", "member")));
		ok(api.post("/api/v1/orgs/" + ids.get("A") + "/roles", owner.token(),
				Map.of("name", "triager", "permissions", TRIAGER.stream().map(Permission::action).toList())));

		ids.put("P1", api.create("/api/v1/orgs/" + ids.get("A") + "/projects", owner.token(), Map.of("name", "P1")));
		ids.put("P2", api.create("/api/v1/orgs/" + ids.get("A") + "/projects", owner.token(), Map.of("name", "P2")));
		ids.put("PB", api.create("/api/v1/orgs/" + ids.get("B") + "/projects", outsider.token(), Map.of("name", "PB")));
		projectRole("manager", "P1", "manager", RolePermissions.ofProjectRole(ProjectRole.MANAGER));
		projectRole("contributor", "P1", "contributor", RolePermissions.ofProjectRole(ProjectRole.CONTRIBUTOR));
		projectRole("viewer", "P1", "viewer", RolePermissions.ofProjectRole(ProjectRole.VIEWER));
		projectRole("assignee", "P1", "viewer", RolePermissions.ofProjectRole(ProjectRole.VIEWER));
		projectRole("triager", "P1", "triager", TRIAGER);

		ids.put("T1", task(owner, "P1", false));
		ids.put("T1r", task(owner, "P1", true));
		ids.put("T1c", task(user("contributor"), "P1", true));
		ids.put("T2", task(owner, "P2", false));
		ids.put("TB", task(outsider, "PB", false));
		grant("grantViewer", "T1r", TaskRole.VIEWER);
		grant("grantCollaborator", "T1r", TaskRole.COLLABORATOR);
		String expired = grant("expiredGrant", "T1r", TaskRole.COLLABORATOR);
		expire(expired);
		actors.get("expiredGrant").grants.remove("T1r");
		assign("assignee", "T1r");

		ids.put("C1", comment(owner, "T1"));
		ids.put("C1own", comment(user("contributor"), "T1"));
		ids.put("C1r", comment(owner, "T1r"));
		ids.put("C2", comment(owner, "T2"));
		ids.put("CB", comment(outsider, "TB"));

		target("A", Level.ORG, "A", null, null, false, null, null, "own organization");
		target("B", Level.ORG, "B", null, null, false, null, null, "other organization");
		target("P1", Level.PROJECT, "A", "P1", null, false, null, null, "own project");
		target("P2", Level.PROJECT, "A", "P2", null, false, null, null, "other project, same organization");
		target("PB", Level.PROJECT, "B", "PB", null, false, null, null, "other organization");
		target("T1", Level.TASK, "A", "P1", "T1", false, "owner", null, "own project");
		target("T1r", Level.TASK, "A", "P1", "T1r", true, "owner", null, "own project, restricted");
		target("T1c", Level.TASK, "A", "P1", "T1c", true, "contributor", null,
				"own project, restricted by contributor");
		target("T2", Level.TASK, "A", "P2", "T2", false, "owner", null, "other project, same organization");
		target("TB", Level.TASK, "B", "PB", "TB", false, "outsider", null, "other organization");
		target("C1", Level.COMMENT, "A", "P1", "T1", false, "owner", "owner", "own project");
		target("C1own", Level.COMMENT, "A", "P1", "T1", false, "owner", "contributor", "own project, contributor's");
		target("C1r", Level.COMMENT, "A", "P1", "T1r", true, "owner", "owner", "own project, restricted task");
		target("C2", Level.COMMENT, "A", "P2", "T2", false, "owner", "owner", "other project, same organization");
		target("CB", Level.COMMENT, "B", "PB", "TB", false, "outsider", "outsider", "other organization");
	}

	@TestFactory
	Stream<DynamicTest> everyOperationByEveryRoleAtEveryLevel() {
		List<DynamicTest> cases = new ArrayList<>();
		for (Op op : operations()) {
			for (Target target : targets.values()) {
				if (target.level() != op.level) {
					continue;
				}
				for (Who who : actors.values()) {
					String expected = expected(who, op, target);
					for (Via via : Via.values()) {
						cases
							.add(DynamicTest.dynamicTest(
									via + " " + op.name + " by " + who.name + " on " + target.name() + " ("
											+ target.scope() + ") -> " + expected,
									() -> run(op, who, target, via, expected)));
					}
				}
			}
		}
		System.out.println("Generated access matrix: " + cases.size() + " cases (" + operations().size()
				+ " operations x " + actors.size() + " actors x their targets x REST and GraphQL)");
		assertThat(cases.size()).isGreaterThan(2000);
		return cases.stream();
	}

	// ---------------------------------------------------------------- the oracle

	/** "ok", "403" or "404", from the permission table alone. */
	String expected(Who who, Op op, Target target) {
		OrgRole orgRole = who.orgRoles.get(target.org());
		if (orgRole == null) {
			return "404";
		}
		Set<Permission> orgPermissions = RolePermissions.ofOrgRole(orgRole);
		Set<Permission> held = switch (target.level()) {
			case ORG -> orgPermissions;
			case PROJECT -> projectPermissions(who, orgRole, target.project());
			case TASK -> taskPermissions(who, orgRole, target);
			case COMMENT -> {
				Set<Permission> task = taskPermissions(who, orgRole, target);
				if (who.name.equals(target.author()) && task.contains(TASK_COMMENT)) {
					task.add(COMMENT_DELETE);
				}
				yield task;
			}
		};
		Permission visibility = target.level() == Level.ORG ? ORG_READ
				: target.level() == Level.PROJECT ? PROJECT_READ : TASK_READ;
		if (!held.contains(visibility)) {
			return "404";
		}
		for (Permission needed : op.needs) {
			boolean has = needed.scope() == Permission.Scope.ORG ? orgPermissions.contains(needed)
					: held.contains(needed);
			if (!has) {
				return "403";
			}
		}
		return "ok";
	}

	private static Set<Permission> projectPermissions(Who who, OrgRole orgRole, String project) {
		if (orgRole == OrgRole.OWNER || orgRole == OrgRole.ADMIN) {
			return EnumSet.copyOf(RolePermissions.ofProjectRole(ProjectRole.MANAGER));
		}
		Set<Permission> role = who.projectRoles.get(project);
		return role == null ? EnumSet.noneOf(Permission.class) : EnumSet.copyOf(role);
	}

	private static Set<Permission> taskPermissions(Who who, OrgRole orgRole, Target target) {
		Set<Permission> held = projectPermissions(who, orgRole, target.project());
		if (target.restricted() && !who.name.equals(target.creator()) && !held.contains(TASK_READ_RESTRICTED)) {
			held.clear();
		}
		if (who.assigned.contains(target.task())) {
			held.addAll(RolePermissions.ofTaskRole(TaskRole.ASSIGNEE));
		}
		TaskRole grant = who.grants.get(target.task());
		if (grant != null) {
			held.addAll(RolePermissions.ofTaskRole(grant));
		}
		return held;
	}

	// ---------------------------------------------------------------- the operations

	/**
	 * One operation, spoken both ways; {@code call} returns the id to act on for a case.
	 */
	abstract static class Op {

		final String name;

		final Level level;

		final Set<Permission> needs;

		Op(String name, Level level, Permission... needs) {
			this.name = name;
			this.level = level;
			this.needs = EnumSet.of(needs[0], needs);
		}

		/**
		 * The resource id this case acts on: the shared one, or a fresh copy when it will
		 * be destroyed.
		 */
		String subject(Target target, Who who, boolean succeeds) {
			return null;
		}

		abstract Api.Response rest(String token, String id);

		abstract Api.Response graphql(String token, String id);

		/** Undo what a successful case changed that later cases rely on. */
		void cleanUp(String id, Api.Response response, Via via) {
		}

		/** Undo what {@link #subject} set up, whatever the outcome. */
		void always(String id) {
		}

	}

	private List<Op> operations;

	List<Op> operations() {
		if (operations != null) {
			return operations;
		}
		List<Op> ops = new ArrayList<>();
		ops.add(simple("read organization", Level.ORG, "GET", "/orgs/%s", null, "{ organization(id: \"%s\") { id } }",
				ORG_READ));
		ops.add(simple("list organization projects", Level.ORG, "GET", "/orgs/%s/projects", null,
				"{ organization(id: \"%s\") { projects { id } } }", ORG_READ));
		ops.add(simple("rename organization", Level.ORG, "PATCH", "/orgs/%s", Map.of("name", "Renamed"),
				"mutation { renameOrganization(id: \"%s\", name: \"Renamed\") { id } }", ORG_UPDATE));
		ops.add(simple("read organization members", Level.ORG, "GET", "/orgs/%s/members", null,
				"{ organization(id: \"%s\") { members { role } } }", ORG_READ_MEMBERS));
		ops.add(simple("read roles", Level.ORG, "GET", "/orgs/%s/roles", null,
				"{ organization(id: \"%s\") { roles { name } } }", ORG_READ_MEMBERS));
		ops.add(new Op("create role", Level.ORG, ORG_MANAGE_ROLES) {
			Api.Response rest(String token, String id) {
				return api.post("/api/v1/orgs/" + id + "/roles", token,
						Map.of("name", "role " + unique.incrementAndGet(), "permissions", List.of("task.read")));
			}

			Api.Response graphql(String token, String id) {
				return api.graphql(token,
						"mutation($o: ID!, $n: String!) { createRole(organizationId: $o, name: $n, "
								+ "permissions: [\"task.read\"]) { id } }",
						Map.of("o", id, "n", "role " + unique.incrementAndGet()));
			}
		});
		ops.add(new Op("create project", Level.ORG, PROJECT_CREATE) {
			Api.Response rest(String token, String id) {
				return api.post("/api/v1/orgs/" + id + "/projects", token, Map.of("name", "Made by matrix"));
			}

			Api.Response graphql(String token, String id) {
				return api.graphql(token,
						"mutation($o: ID!) { createProject(organizationId: $o, name: \"Made\") { id } }",
						Map.of("o", id));
			}
		});
		ops.add(new Op("add organization member", Level.ORG, ORG_MANAGE_MEMBERS) {
			private String email;

			String subject(Target target, Who who, boolean succeeds) {
				// A new account only when the call will succeed; refusals come before any
				// lookup.
				email = succeeds ? api.newUser("joiner").email() : user("member").email();
				return null;
			}

			Api.Response rest(String token, String id) {
				return api.post("/api/v1/orgs/" + id + "/members", token, Map.of("email", email, "role", "guest"));
			}

			Api.Response graphql(String token, String id) {
				return api.graphql(token, "mutation($o: ID!, $e: String!) { addOrganizationMember(organizationId: $o, "
						+ "email: $e, role: guest) { role } }", Map.of("o", id, "e", email));
			}
		});
		ops.add(explain("explain access on organization", Level.ORG));
		ops.add(new Op("delete organization", Level.ORG, ORG_DELETE) {
			String subject(Target target, Who who, boolean succeeds) {
				return succeeds ? api.create("/api/v1/orgs", who.user.token(), Map.of("name", "Doomed")) : null;
			}

			Api.Response rest(String token, String id) {
				return api.call("DELETE", "/api/v1/orgs/" + id, token, null);
			}

			Api.Response graphql(String token, String id) {
				return api.graphql(token, "mutation($o: ID!) { deleteOrganization(id: $o) }", Map.of("o", id));
			}
		});

		ops.add(simple("list labels", Level.ORG, "GET", "/orgs/%s/labels", null,
				"{ organization(id: \"%s\") { labels { name } } }", ORG_READ));
		ops.add(new Op("create label", Level.ORG, ORG_UPDATE) {
			Api.Response rest(String token, String id) {
				return api.post("/api/v1/orgs/" + id + "/labels", token,
						Map.of("name", "label " + unique.incrementAndGet(), "colour", "#1f6feb"));
			}

			Api.Response graphql(String token, String id) {
				return api.graphql(token,
						"mutation($o: ID!, $n: String!) { createLabel(organizationId: $o, name: $n, "
								+ "colour: \"#1f6feb\") { id } }",
						Map.of("o", id, "n", "label " + unique.incrementAndGet()));
			}
		});
		ops.add(new Op("import a project (dry run)", Level.ORG, PROJECT_CREATE) {
			private static final String CSV = "Summary,Status\nImported task,To Do\n";

			Api.Response rest(String token, String id) {
				return api.upload("/api/v1/orgs/" + id + "/imports?source=jira&projectName=Imported&dryRun=true", token,
						"export.csv", "text/csv", CSV.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			}

			Api.Response graphql(String token, String id) {
				return api.graphql(token,
						"mutation($o: ID!, $c: String!) { importProject(organizationId: $o, source: \"jira\", "
								+ "projectName: \"Imported\", csv: $c) { tasks } }",
						Map.of("o", id, "c", CSV));
			}
		});
		ops.add(simple("read BI access", Level.ORG, "GET", "/orgs/%s/bi", null,
				"{ organization(id: \"%s\") { biAccess { enabled users { id } } } }", ORG_MANAGE_SECURITY));
		ops.add(simple("list webhooks", Level.ORG, "GET", "/orgs/%s/webhooks", null,
				"{ organization(id: \"%s\") { webhooks { id url } } }", ORG_UPDATE));
		ops.add(new Op("create webhook", Level.ORG, ORG_UPDATE) {
			Api.Response rest(String token, String id) {
				return api.post("/api/v1/orgs/" + id + "/webhooks", token, Map.of("url",
						dev.rampart.IntegrationTest.receiver().url("/generated"), "events", List.of("task.created")));
			}

			Api.Response graphql(String token, String id) {
				return api.graphql(token,
						"mutation($o: ID!, $u: String!) { createWebhook(organizationId: $o, url: $u, "
								+ "events: [\"task.created\"]) { webhook { id } } }",
						Map.of("o", id, "u", dev.rampart.IntegrationTest.receiver().url("/generated")));
			}
		});
		ops.add(new Op("list a project's webhooks", Level.PROJECT, PROJECT_UPDATE) {
			private String org;

			String subject(Target target, Who who, boolean succeeds) {
				org = ids.get(target.org());
				return ids.get(target.project());
			}

			Api.Response rest(String token, String id) {
				return api.get("/api/v1/orgs/" + org + "/webhooks?projectId=" + id, token);
			}

			Api.Response graphql(String token, String id) {
				return api.graphql(token,
						"query($o: ID!, $p: ID!) { organization(id: $o) { webhooks(projectId: $p) { id } } }",
						Map.of("o", org, "p", id));
			}
		});
		ops.add(webhookOp("test webhook", "POST", "/test", "testWebhook(organizationId: $o, id: $w) { state }"));
		ops.add(webhookOp("rotate webhook secret", "POST", "/rotate-secret",
				"rotateWebhookSecret(organizationId: $o, id: $w) { webhook { id } }"));
		ops.add(new Op("webhook delivery log", Level.ORG, ORG_UPDATE) {
			private String webhook;

			String subject(Target target, Who who, boolean succeeds) {
				webhook = sharedWebhook(target);
				return ids.get(target.org());
			}

			Api.Response rest(String token, String id) {
				return api.get("/api/v1/orgs/" + id + "/webhooks/" + webhook + "/deliveries", token);
			}

			Api.Response graphql(String token, String id) {
				return api.graphql(token,
						"query($o: ID!) { organization(id: $o) { webhooks { id deliveries { nodes { state } } } } }",
						Map.of("o", id));
			}
		});
		ops.add(new Op("delete webhook", Level.ORG, ORG_UPDATE) {
			private String webhook;

			String subject(Target target, Who who, boolean succeeds) {
				// A fresh one when the call will delete it; refusals try the shared one.
				webhook = succeeds ? newWebhook(target) : sharedWebhook(target);
				return ids.get(target.org());
			}

			Api.Response rest(String token, String id) {
				return api.call("DELETE", "/api/v1/orgs/" + id + "/webhooks/" + webhook, token, null);
			}

			Api.Response graphql(String token, String id) {
				return api.graphql(token, "mutation($o: ID!, $w: ID!) { deleteWebhook(organizationId: $o, id: $w) }",
						Map.of("o", id, "w", webhook));
			}
		});
		ops.add(webhookOp("turn a webhook off and on", "PATCH", "",
				"updateWebhook(organizationId: $o, id: $w, enabled: true) { id }"));
		ops.add(simple("list templates", Level.ORG, "GET", "/orgs/%s/templates", null,
				"{ organization(id: \"%s\") { processTemplates { name } } }", TEMPLATE_READ));
		ops.add(new Op("create template", Level.ORG, TEMPLATE_MANAGE) {
			Api.Response rest(String token, String id) {
				return api.post("/api/v1/orgs/" + id + "/templates", token, template());
			}

			Api.Response graphql(String token, String id) {
				return api.graphql(token,
						"mutation($o: ID!, $d: String!) { createProcessTemplate(organizationId: $o, document: $d) { id } }",
						Map.of("o", id, "d",
								tools.jackson.databind.json.JsonMapper.builder()
									.build()
									.writeValueAsString(template())));
			}

			private Map<String, Object> template() {
				return Map.of("format", "rampart.process-template/1", "name", "template " + unique.incrementAndGet(),
						"phases", List.of(Map.of("name", "Phase", "steps", List.of(Map.of("key", "a", "title", "A")))));
			}
		});
		ops.add(simple("read workflow", Level.PROJECT, "GET", "/projects/%s/workflow", null,
				"{ project(id: \"%s\") { workflow { revision } } }", PROJECT_READ));
		ops.add(new Op("change workflow", Level.PROJECT, PROJECT_UPDATE) {
			Api.Response rest(String token, String id) {
				return api.call("PUT", "/api/v1/projects/" + id + "/workflow", token,
						dev.rampart.DefaultWorkflow.fourStatuses());
			}

			Api.Response graphql(String token, String id) {
				return api.graphql(token,
						"mutation($p: ID!, $i: WorkflowInput!) { changeProjectWorkflow(projectId: $p, input: $i) { revision } }",
						Map.of("p", id, "i", dev.rampart.DefaultWorkflow.fourStatuses()));
			}
		});
		ops.add(simple("read default workflow", Level.ORG, "GET", "/orgs/%s/workflow", null,
				"{ organization(id: \"%s\") { defaultWorkflow { revision } } }", ORG_READ));
		ops.add(new Op("change default workflow", Level.ORG, ORG_UPDATE) {
			Api.Response rest(String token, String id) {
				return api.call("PUT", "/api/v1/orgs/" + id + "/workflow", token,
						dev.rampart.DefaultWorkflow.fourStatuses());
			}

			Api.Response graphql(String token, String id) {
				return api.graphql(token,
						"mutation($o: ID!, $i: WorkflowInput!) { changeDefaultWorkflow(organizationId: $o, input: $i) { revision } }",
						Map.of("o", id, "i", dev.rampart.DefaultWorkflow.fourStatuses()));
			}
		});
		ops.add(simple("list milestones", Level.PROJECT, "GET", "/projects/%s/milestones", null,
				"{ project(id: \"%s\") { milestones { name taskCount } } }", PROJECT_READ));
		ops.add(simple("create milestone", Level.PROJECT, "POST", "/projects/%s/milestones", Map.of("name", "M"),
				"mutation { createMilestone(projectId: \"%s\", name: \"M\") { id } }", PROJECT_UPDATE));
		ops.add(simple("list sprints", Level.PROJECT, "GET", "/projects/%s/sprints", null,
				"{ project(id: \"%s\") { sprints { name points } } }", PROJECT_READ));
		ops.add(simple("create sprint", Level.PROJECT, "POST", "/projects/%s/sprints",
				Map.of("name", "S", "startDate", "2026-12-01", "endDate", "2026-12-14"),
				"mutation { createSprint(projectId: \"%s\", input: { name: \"S\", startDate: \"2026-12-01\", "
						+ "endDate: \"2026-12-14\" }) { id } }",
				PROJECT_UPDATE));
		ops.add(simple("velocity", Level.PROJECT, "GET", "/projects/%s/velocity", null,
				"{ project(id: \"%s\") { velocity { average } } }", PROJECT_READ));
		ops.add(simple("read project", Level.PROJECT, "GET", "/projects/%s", null, "{ project(id: \"%s\") { id } }",
				PROJECT_READ));
		ops.add(simple("rename project", Level.PROJECT, "PATCH", "/projects/%s", Map.of("name", "Renamed"),
				"mutation { updateProject(id: \"%s\", name: \"Renamed\") { id } }", PROJECT_UPDATE));
		ops.add(simple("read project members", Level.PROJECT, "GET", "/projects/%s/members", null,
				"{ project(id: \"%s\") { members { role } } }", PROJECT_READ_MEMBERS));
		ops.add(simple("list project tasks", Level.PROJECT, "GET", "/projects/%s/tasks", null,
				"{ project(id: \"%s\") { tasks { nodes { id } } } }", TASK_READ));
		ops.add(simple("create task", Level.PROJECT, "POST", "/projects/%s/tasks", Map.of("title", "Matrix task"),
				"mutation { createTask(projectId: \"%s\", input: { title: \"Matrix task\" }) { id } }", TASK_CREATE));
		ops.add(new Op("add project member", Level.PROJECT, PROJECT_MANAGE_MEMBERS) {
			Api.Response rest(String token, String id) {
				return api.post("/api/v1/projects/" + id + "/members", token,
						Map.of("email", joinerFor(id), "role", "viewer"));
			}

			Api.Response graphql(String token, String id) {
				return api.graphql(token, "mutation($p: ID!, $e: String!) { addProjectMember(projectId: $p, email: $e, "
						+ "role: \"viewer\") { role } }", Map.of("p", id, "e", joinerFor(id)));
			}

			void cleanUp(String id, Api.Response response, Via via) {
				String user = id.equals(ids.get("PB")) ? bMember.id() : user("member").id();
				ok(api.call("DELETE", "/api/v1/projects/" + id + "/members/" + user, ownerOf(id).token(), null));
			}
		});
		ops.add(new Op("delete project", Level.PROJECT, PROJECT_DELETE) {
			String subject(Target target, Who who, boolean succeeds) {
				if (!succeeds) {
					return null;
				}
				TestUser owner = target.org().equals("A") ? user("owner") : user("outsider");
				String project = api.create("/api/v1/orgs/" + ids.get(target.org()) + "/projects", owner.token(),
						Map.of("name", "Doomed"));
				if (who.projectRoles.containsKey(target.project()) && who.orgRoles.get(target.org()) != OrgRole.OWNER) {
					String role = roleName(who, target.project());
					ok(api.post("/api/v1/projects/" + project + "/members", owner.token(),
							Map.of("email", who.user.email(), "role", role)));
				}
				// Only an archived project can be deleted.
				ok(api.post("/api/v1/projects/" + project + "/archive", owner.token(), null));
				return project;
			}

			Api.Response rest(String token, String id) {
				return api.call("DELETE", "/api/v1/projects/" + id, token, null);
			}

			Api.Response graphql(String token, String id) {
				return api.graphql(token, "mutation($p: ID!) { deleteProject(id: $p) }", Map.of("p", id));
			}
		});

		ops.add(simple("read task", Level.TASK, "GET", "/tasks/%s", null, "{ task(id: \"%s\") { id } }", TASK_READ));
		ops.add(simple("task transitions", Level.TASK, "GET", "/tasks/%s/transitions", null,
				"{ task(id: \"%s\") { nextStatuses { key } } }", TASK_READ));
		ops.add(simple("move task", Level.TASK, "POST", "/tasks/%s/move", Map.of(),
				"mutation { moveTask(id: \"%s\") { id } }", TASK_UPDATE));
		ops.add(simple("search", Level.ORG, "GET", "/orgs/%s/search?q=task", null,
				"{ organization(id: \"%s\") { search(query: \"task\") { nodes { taskId } } } }", ORG_READ));
		ops.add(simple("task history", Level.TASK, "GET", "/tasks/%s/history", null,
				"{ task(id: \"%s\") { history { nodes { field } } } }", TASK_READ));
		ops.add(simple("task watching", Level.TASK, "GET", "/tasks/%s/watching", null,
				"{ task(id: \"%s\") { watching { watching watcherCount } } }", TASK_READ));
		ops.add(simple("watch task", Level.TASK, "PUT", "/tasks/%s/watching", Map.of("watching", true),
				"mutation { watchTask(id: \"%s\", watching: true) { watching } }", TASK_READ));
		ops.add(simple("mentionable people", Level.TASK, "GET", "/tasks/%s/mentionable", null,
				"{ task(id: \"%s\") { mentionable { id } } }", TASK_COMMENT));
		ops.add(simple("list comments", Level.TASK, "GET", "/tasks/%s/comments", null,
				"{ task(id: \"%s\") { comments { nodes { id } } } }", TASK_READ));
		ops.add(simple("comment", Level.TASK, "POST", "/tasks/%s/comments", Map.of("body", "Matrix comment"),
				"mutation { addComment(taskId: \"%s\", body: \"Matrix comment\") { id } }", TASK_COMMENT));
		ops.add(simple("list checklist", Level.TASK, "GET", "/tasks/%s/checklist", null,
				"{ task(id: \"%s\") { checklist { id text done } } }", TASK_READ));
		ops.add(simple("add checklist item", Level.TASK, "POST", "/tasks/%s/checklist", Map.of("text", "Matrix item"),
				"mutation { addChecklistItem(taskId: \"%s\", text: \"Matrix item\") { id } }", TASK_UPDATE));
		ops.add(new Op("tick checklist item", Level.TASK, TASK_UPDATE) {
			private String item;

			String subject(Target target, Who who, boolean succeeds) {
				String task = ids.get(target.task());
				item = ok(api.post("/api/v1/tasks/" + task + "/checklist", ownerOfTask(task).token(),
						Map.of("text", "To tick")))
					.text("id");
				return task;
			}

			Api.Response rest(String token, String id) {
				return api.call("PATCH", "/api/v1/tasks/" + id + "/checklist/" + item, token, Map.of("done", true));
			}

			Api.Response graphql(String token, String id) {
				return api.graphql(token,
						"mutation($t: ID!, $i: ID!) { updateChecklistItem(taskId: $t, itemId: $i, done: true) { id } }",
						Map.of("t", id, "i", item));
			}

			void always(String id) {
				api.call("DELETE", "/api/v1/tasks/" + id + "/checklist/" + item, ownerOfTask(id).token(), null);
			}
		});
		ops.add(simple("list dependencies", Level.TASK, "GET", "/tasks/%s/dependencies", null,
				"{ task(id: \"%s\") { blockedBy { id } blocks { id } } }", TASK_READ));
		// Removing needs only the right to update the blocked task (adding also needs to
		// see
		// the blocker: DependencyIntegrationTests).
		ops.add(new Op("remove dependency", Level.TASK, TASK_UPDATE) {
			private String blocker;

			String subject(Target target, Who who, boolean succeeds) {
				String task = ids.get(target.task());
				String project = ok(api.get("/api/v1/tasks/" + task, ownerOfTask(task).token())).text("projectId");
				blocker = ok(api.post("/api/v1/projects/" + project + "/tasks", ownerOfTask(task).token(),
						Map.of("title", "Blocker")))
					.text("id");
				ok(api.post("/api/v1/tasks/" + task + "/dependencies", ownerOfTask(task).token(),
						Map.of("blockerId", blocker)));
				if (who.grants.containsKey(target.task())) {
					ok(api.post("/api/v1/tasks/" + blocker + "/grants", ownerOfTask(task).token(),
							Map.of("email", who.user.email(), "role", "viewer")));
				}
				return task;
			}

			Api.Response rest(String token, String id) {
				return api.call("DELETE", "/api/v1/tasks/" + id + "/dependencies/" + blocker, token, null);
			}

			Api.Response graphql(String token, String id) {
				return api.graphql(token,
						"mutation($t: ID!, $b: ID!) { removeTaskDependency(taskId: $t, blockerId: $b) }",
						Map.of("t", id, "b", blocker));
			}

			void always(String id) {
				api.call("DELETE", "/api/v1/tasks/" + id + "/dependencies/" + blocker, ownerOfTask(id).token(), null);
			}
		});
		ops.add(simple("list grants", Level.TASK, "GET", "/tasks/%s/grants", null,
				"{ task(id: \"%s\") { grants { role } } }", TASK_SHARE));
		ops.add(new Op("update task", Level.TASK, TASK_UPDATE) {
			Api.Response rest(String token, String id) {
				return api.call("PATCH", "/api/v1/tasks/" + id, token, Map.of("title", "Edited"),
						Map.of("If-Match", "\"" + version(id) + "\""));
			}

			Api.Response graphql(String token, String id) {
				return api.graphql(token, "mutation($t: ID!, $v: Int!) { updateTask(id: $t, version: $v, "
						+ "input: { title: \"Edited\" }) { id } }", Map.of("t", id, "v", version(id)));
			}
		});
		ops.add(new Op("change task visibility", Level.TASK, TASK_UPDATE, TASK_SHARE) {
			Api.Response rest(String token, String id) {
				return api.call("PATCH", "/api/v1/tasks/" + id, token, Map.of("visibility", visibilityOf(id)),
						Map.of("If-Match", "\"" + version(id) + "\""));
			}

			Api.Response graphql(String token, String id) {
				return api.graphql(token,
						"mutation($t: ID!, $v: Int!, $vis: TaskVisibility!) { updateTask(id: $t, version: $v, "
								+ "input: { visibility: $vis }) { id } }",
						Map.of("t", id, "v", version(id), "vis", visibilityOf(id)));
			}
		});
		ops.add(new Op("share task", Level.TASK, TASK_SHARE) {
			Api.Response rest(String token, String id) {
				return api.post("/api/v1/tasks/" + id + "/grants", token,
						Map.of("email", shareeFor(id).email(), "role", "viewer"));
			}

			Api.Response graphql(String token, String id) {
				return api.graphql(token,
						"mutation($t: ID!, $e: String!) { grantTask(taskId: $t, email: $e, " + "role: viewer) { id } }",
						Map.of("t", id, "e", shareeFor(id).email()));
			}

			void cleanUp(String id, Api.Response response, Via via) {
				String grant = via == Via.REST ? response.text("id")
						: response.json().path("data").path("grantTask").path("id").asString();
				ok(api.call("DELETE", "/api/v1/tasks/" + id + "/grants/" + grant, ownerOfTask(id).token(), null));
			}
		});
		ops.add(new Op("revoke grant", Level.TASK, TASK_SHARE) {
			private String grant;

			String subject(Target target, Who who, boolean succeeds) {
				String task = ids.get(target.task());
				Api.Response made = api.post("/api/v1/tasks/" + task + "/grants", ownerOfTask(task).token(),
						Map.of("email", shareeFor(task).email(), "role", "viewer"));
				grant = ok(made).text("id");
				return task;
			}

			Api.Response rest(String token, String id) {
				return api.call("DELETE", "/api/v1/tasks/" + id + "/grants/" + grant, token, null);
			}

			Api.Response graphql(String token, String id) {
				return api.graphql(token, "mutation($t: ID!, $g: ID!) { revokeTaskGrant(taskId: $t, grantId: $g) }",
						Map.of("t", id, "g", grant));
			}

			void always(String id) {
				api.call("DELETE", "/api/v1/tasks/" + id + "/grants/" + grant, ownerOfTask(id).token(), null);
			}
		});
		ops.add(explain("explain access on task", Level.TASK));
		ops.add(new Op("delete task", Level.TASK, TASK_DELETE) {
			String subject(Target target, Who who, boolean succeeds) {
				return succeeds ? cloneTask(target, who) : null;
			}

			Api.Response rest(String token, String id) {
				return api.call("DELETE", "/api/v1/tasks/" + id, token, null);
			}

			Api.Response graphql(String token, String id) {
				return api.graphql(token, "mutation($t: ID!) { deleteTask(id: $t) }", Map.of("t", id));
			}
		});

		ops.add(new Op("delete comment", Level.COMMENT, COMMENT_DELETE) {
			String subject(Target target, Who who, boolean succeeds) {
				if (!succeeds) {
					return null;
				}
				TestUser author = target.author().equals("contributor") ? user("contributor")
						: ownerOfTask(ids.get(target.task()));
				return comment(author, target.task());
			}

			Api.Response rest(String token, String id) {
				return api.call("DELETE", "/api/v1/comments/" + id, token, null);
			}

			Api.Response graphql(String token, String id) {
				return api.graphql(token, "mutation($c: ID!) { deleteComment(id: $c) }", Map.of("c", id));
			}
		});
		operations = ops;
		return ops;
	}

	private Op simple(String name, Level level, String method, String path, Object body, String query,
			Permission... needs) {
		return new Op(name, level, needs) {
			Api.Response rest(String token, String id) {
				return api.call(method, "/api/v1" + path.formatted(id), token, body);
			}

			Api.Response graphql(String token, String id) {
				return api.graphql(token, query.formatted(id), Map.of());
			}
		};
	}

	private final Map<String, String> webhooks = new HashMap<>();

	/** The target organization's webhook, made once by its owner. */
	private String sharedWebhook(Target target) {
		return webhooks.computeIfAbsent(ids.get(target.org()), o -> newWebhook(target));
	}

	private String newWebhook(Target target) {
		TestUser owner = target.org().equals("A") ? user("owner") : user("outsider");
		return ok(api.post("/api/v1/orgs/" + ids.get(target.org()) + "/webhooks", owner.token(), Map.of("url",
				dev.rampart.IntegrationTest.receiver().url("/generated"), "events", List.of("task.created"))))
			.text("id");
	}

	/**
	 * An operation on a webhook of the target organization (made once by its owner): REST
	 * at {@code /orgs/{org}/webhooks/{id}} + {@code suffix}, GraphQL by {@code mutation}.
	 */
	private Op webhookOp(String name, String method, String suffix, String mutation) {
		return new Op(name, Level.ORG, ORG_UPDATE) {
			private String webhook;

			String subject(Target target, Who who, boolean succeeds) {
				webhook = sharedWebhook(target);
				return ids.get(target.org());
			}

			Api.Response rest(String token, String id) {
				return api.call(method, "/api/v1/orgs/" + id + "/webhooks/" + webhook + suffix, token,
						method.equals("PATCH") ? Map.of("enabled", true) : null);
			}

			Api.Response graphql(String token, String id) {
				return api.graphql(token, "mutation($o: ID!, $w: ID!) { " + mutation + " }",
						Map.of("o", id, "w", webhook));
			}
		};
	}

	private Op explain(String name, Level level) {
		return new Op(name, level, ACCESS_EXPLAIN) {
			Api.Response rest(String token, String id) {
				return api.get("/api/v1/access/explain?action=" + action(level) + "&resource=" + id + "&user="
						+ java.net.URLEncoder.encode(explainedFor(id).email(), java.nio.charset.StandardCharsets.UTF_8),
						token);
			}

			Api.Response graphql(String token, String id) {
				return api.graphql(token,
						"query($r: ID!, $u: String!) { explainAccess(action: \"" + action(level)
								+ "\", resource: $r, user: $u) { allowed reason } }",
						Map.of("r", id, "u", explainedFor(id).email()));
			}
		};
	}

	/**
	 * An action that applies to the level's resources (explain refuses one that does
	 * not).
	 */
	private static String action(Level level) {
		return switch (level) {
			case ORG -> "org.read";
			case PROJECT -> "project.read";
			case TASK -> "task.read";
			case COMMENT -> "comment.delete";
		};
	}

	// ---------------------------------------------------------------- running a case

	private void run(Op op, Who who, Target target, Via via, String expected) {
		String shared = ids.get(target.name());
		String subject = op.subject(target, who, expected.equals("ok"));
		String id = subject != null ? subject : shared;
		Api.Response response;
		try {
			response = via == Via.REST ? op.rest(who.user.token(), id) : op.graphql(who.user.token(), id);
		}
		finally {
			op.always(id);
		}
		String actual = via == Via.REST ? restOutcome(response) : graphqlOutcome(response);
		assertThat(actual).as("%s %s by %s on %s: %s", via, op.name, who.name, target.name(), response.body())
			.isEqualTo(expected);
		if (actual.equals("ok")) {
			op.cleanUp(id, response, via);
		}
	}

	private static String restOutcome(Api.Response response) {
		if (response.status() >= 200 && response.status() < 300) {
			return "ok";
		}
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		assertThat(response.body()).doesNotContain("Exception", "SQL", "at dev.rampart");
		return Integer.toString(response.status());
	}

	private static String graphqlOutcome(Api.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode errors = response.json().path("errors");
		JsonNode task = response.json().path("data").path("task");
		if (task.has("grants") && task.path("grants").isNull() && (errors.isMissingNode() || errors.isEmpty())) {
			// A task's grants are null, without an error, for a reader who may not share
			// it: the refusal of the field, the task itself readable.
			return "403";
		}
		if (errors.isMissingNode() || errors.isEmpty()) {
			return "ok";
		}
		String classification = errors.get(0).path("extensions").path("classification").asString();
		return switch (classification) {
			case "FORBIDDEN" -> "403";
			case "NOT_FOUND" -> "404";
			default -> classification + ": " + errors;
		};
	}

	// ---------------------------------------------------------------- building the world

	private TestUser user(String name) {
		return actors.get(name).user;
	}

	private void target(String name, Level level, String org, String project, String task, boolean restricted,
			String creator, String author, String scope) {
		targets.put(name, new Target(name, level, org, project, task, restricted, creator, author, scope));
	}

	private void projectRole(String who, String project, String role, Set<Permission> permissions) {
		ok(api.post("/api/v1/projects/" + ids.get(project) + "/members", user("owner").token(),
				Map.of("email", user(who).email(), "role", role)));
		Set<Permission> held = EnumSet.copyOf(permissions);
		held.add(PROJECT_READ);
		actors.get(who).projectRoles.put(project, held);
	}

	private String roleName(Who who, String project) {
		Set<Permission> held = who.projectRoles.get(project);
		for (ProjectRole role : ProjectRole.values()) {
			if (held.equals(RolePermissions.ofProjectRole(role))) {
				return role.wireName();
			}
		}
		return "triager";
	}

	private String task(TestUser creator, String project, boolean restricted) {
		return api.create("/api/v1/projects/" + ids.get(project) + "/tasks", creator.token(),
				Map.of("title", "Task in " + project, "visibility", restricted ? "restricted" : "project"));
	}

	private String comment(TestUser author, String task) {
		return api.create("/api/v1/tasks/" + ids.get(task) + "/comments", author.token(), Map.of("body", "Hello"));
	}

	private String grant(String who, String task, TaskRole role) {
		String id = api.create("/api/v1/tasks/" + ids.get(task) + "/grants", user("owner").token(),
				Map.of("email", user(who).email(), "role", role.wireName()));
		actors.get(who).grants.put(task, role);
		return id;
	}

	private void assign(String who, String task) {
		String id = ids.get(task);
		ok(api.call("PATCH", "/api/v1/tasks/" + id, user("owner").token(), Map.of("assigneeId", user(who).id()),
				Map.of("If-Match", "\"" + version(id) + "\"")));
		actors.get(who).assigned.add(task);
	}

	/** Moves a grant's expiry into the past, as time would. */
	private void expire(String grant) throws Exception {
		try (Connection c = ownerDatabase.connect();
				PreparedStatement update = c.prepareStatement(
						"update rampart.task_grants set expires_at = now() - interval '1 minute' where id = ?")) {
			update.setObject(1, UUID.fromString(grant));
			assertThat(update.executeUpdate()).isEqualTo(1);
		}
	}

	/**
	 * A fresh task like the target, with the same creator, visibility, and the actor's
	 * grant or assignment.
	 */
	private String cloneTask(Target target, Who who) {
		TestUser creator = target.creator().equals("contributor") ? user("contributor")
				: ownerOfTask(ids.get(target.task()));
		String task = api.create("/api/v1/projects/" + ids.get(target.project()) + "/tasks", creator.token(),
				Map.of("title", "Doomed", "visibility", target.restricted() ? "restricted" : "project"));
		TaskRole grant = who.grants.get(target.task());
		if (grant != null) {
			ok(api.post("/api/v1/tasks/" + task + "/grants", ownerOfTask(task).token(),
					Map.of("email", who.user.email(), "role", grant.wireName())));
		}
		return task;
	}

	private int version(String task) {
		return ok(api.get("/api/v1/tasks/" + task, ownerOfTask(task).token())).json().path("version").asInt();
	}

	private String visibilityOf(String task) {
		return ok(api.get("/api/v1/tasks/" + task, ownerOfTask(task).token())).text("visibility");
	}

	private TestUser ownerOfTask(String task) {
		Api.Response asB = api.get("/api/v1/tasks/" + task, user("outsider").token());
		return asB.status() == 200 ? user("outsider") : user("owner");
	}

	private TestUser ownerOf(String project) {
		return project.equals(ids.get("PB")) ? user("outsider") : user("owner");
	}

	private String joinerFor(String project) {
		return project.equals(ids.get("PB")) ? bMember.email() : user("member").email();
	}

	private TestUser shareeFor(String task) {
		return task.equals(ids.get("TB")) ? bMember : sharee;
	}

	private TestUser explainedFor(String resource) {
		return resource.equals(ids.get("B")) || resource.equals(ids.get("TB")) ? bMember : user("viewer");
	}

	private static Api.Response ok(Api.Response response) {
		assertThat(response.status()).as(response.body()).isBetween(200, 299);
		return response;
	}

}
