package dev.rampart.notify.internal;

import static dev.rampart.db.schema.Tables.NOTIFICATIONS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.Api;
import dev.rampart.Api.TestUser;
import dev.rampart.IntegrationTest;
import dev.rampart.MailServer;
import dev.rampart.db.OwnerDatabase;
import dev.rampart.work.ProjectTeam;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Watching and notifications over REST and GraphQL: who is told of what (and never of
 * their own change), mentions checked against who may read the task, unread counts and
 * marking read, mail at once, as a daily digest or never, due-date reminders once per
 * task and date, and a task made restricted taking its notifications out of its former
 * readers' sight and mail.
 */
class NotificationIntegrationTests extends IntegrationTest {

	@Autowired
	OwnerDatabase owner;

	@Autowired
	NotificationMail mail;

	@Autowired
	DueDateReminders reminders;

	@Autowired
	NotificationHousekeeping housekeeping;

	private TestUser lead;

	private TestUser contributor;

	private String org;

	private String project;

	@BeforeEach
	void aProjectWithAContributor() {
		ProjectTeam team = ProjectTeam.create(api(), "notify", "Notifying", "Beacon");
		lead = team.lead();
		contributor = team.contributor();
		org = team.org();
		project = team.project();
		// Each test starts from nothing to be told (joining the project told the
		// contributor so).
		owner.transaction(
				sql -> sql.deleteFrom(NOTIFICATIONS).where(NOTIFICATIONS.ORG_ID.eq(UUID.fromString(org))).execute());
	}

	private String task(TestUser by, Map<String, Object> fields) {
		return api().create("/api/v1/projects/" + project + "/tasks", by.token(), fields);
	}

	private List<JsonNode> notifications(TestUser user) {
		Api.Response response = api().get("/api/v1/notifications", user.token());
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		List<JsonNode> items = new ArrayList<>();
		response.json().path("items").forEach(items::add);
		return items;
	}

	private int unread(TestUser user) {
		return api().get("/api/v1/notifications/unread-count", user.token()).json().path("unread").asInt();
	}

	private static List<String> kinds(List<JsonNode> items) {
		return items.stream().map(n -> n.path("kind").asString()).toList();
	}

	private void comment(TestUser by, String task, String body) {
		api().create("/api/v1/tasks/" + task + "/comments", by.token(), Map.of("body", body));
	}

	private void setMail(TestUser user, String when) {
		Api.Response set = api().call("PUT", "/api/v1/me/notification-mail", user.token(), Map.of("email", when));
		assertThat(set.status()).as(set.body()).isEqualTo(200);
	}

	@Test
	void assigningCommentingAndMovingTellTheOthersInvolvedNeverTheAuthor() {
		String task = task(lead, Map.of("title", "Launch checklist", "assigneeId", contributor.id()));
		List<JsonNode> told = notifications(contributor);
		assertThat(kinds(told)).containsExactly("assigned");
		JsonNode assigned = told.get(0);
		assertThat(assigned.path("taskId").asString()).isEqualTo(task);
		assertThat(assigned.path("taskTitle").asString()).isEqualTo("Launch checklist");
		assertThat(assigned.path("taskKey").asString()).matches("[A-Z0-9]+-1");
		assertThat(assigned.path("actorId").asString()).isEqualTo(lead.id());
		assertThat(assigned.path("summary").asString()).endsWith("assigned you " + assigned.path("taskKey").asString())
			.doesNotContain("Launch checklist");
		assertThat(notifications(lead)).isEmpty();

		// The lead created it and the contributor is assigned: both watch it.
		comment(contributor, task, "On it");
		assertThat(kinds(notifications(lead))).containsExactly("commented");
		assertThat(kinds(notifications(contributor))).containsExactly("assigned");

		assertThat(api()
			.call("PATCH", "/api/v1/tasks/" + task, lead.token(), Map.of("status", "in_progress"),
					Map.of("If-Match", "*"))
			.status()).isEqualTo(200);
		List<JsonNode> afterMove = notifications(contributor);
		assertThat(kinds(afterMove)).containsExactly("status_changed", "assigned");
		assertThat(afterMove.get(0).path("detail").asString()).isEqualTo("In progress");
		assertThat(unread(contributor)).isEqualTo(2);

		// Stopping is remembered: commenting again does not subscribe again.
		Api.Response stop = api().call("PUT", "/api/v1/tasks/" + task + "/watching", lead.token(),
				Map.of("watching", false));
		assertThat(stop.json().path("watching").asBoolean()).isFalse();
		assertThat(stop.json().path("watchers").asInt()).isEqualTo(1);
		comment(lead, task, "Thanks");
		comment(contributor, task, "Done soon");
		assertThat(kinds(notifications(lead))).containsExactly("commented");
		assertThat(api().get("/api/v1/tasks/" + task + "/watching", lead.token()).json().path("watching").asBoolean())
			.isFalse();
	}

	@Test
	void mentionsReachOnlyMembersWhoMayReadTheTaskAndCannotBeDressedUp() {
		TestUser outsiderMember = api().newUser("notify-nonmember");
		api().create("/api/v1/orgs/" + org + "/members", lead.token(),
				Map.of("email", outsiderMember.email(), "role", "member"));
		TestUser stranger = api().newUser("notify-stranger");
		String task = task(lead, Map.of("title", "Fuel"));

		// The picker offers only people who may read the task.
		Api.Response candidates = api().get("/api/v1/tasks/" + task + "/mentionable?query=notify", lead.token());
		assertThat(candidates.status()).isEqualTo(200);
		List<String> offered = new ArrayList<>();
		candidates.json().forEach(p -> offered.add(p.path("id").asString()));
		assertThat(offered).contains(contributor.id(), lead.id()).doesNotContain(outsiderMember.id(), stranger.id());

		String body = "Ask @[The CEO](mention:" + contributor.id() + "), @[Someone](mention:" + outsiderMember.id()
				+ ") and @[Nobody](mention:" + stranger.id() + ")";
		Api.Response created = api().post("/api/v1/tasks/" + task + "/comments", lead.token(), Map.of("body", body));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String saved = created.json().path("body").asString();
		// Kept with the person's own name; the others are plain text.
		assertThat(saved).startsWith("Ask @[notify-contributor")
			.contains("](mention:" + contributor.id() + ")")
			.contains(", @Someone and @Nobody")
			.doesNotContain("The CEO", outsiderMember.id(), stranger.id());
		assertThat(created.json().path("bodyHtml").asString()).contains("href=\"#mention-" + contributor.id() + "\"");

		// Told of the mention, not of the comment as well.
		assertThat(kinds(notifications(contributor))).containsExactly("mentioned");
		assertThat(notifications(outsiderMember)).isEmpty();
		assertThat(notifications(stranger)).isEmpty();
		// Mentioned people watch the task from then on.
		assertThat(api().get("/api/v1/tasks/" + task + "/watching", contributor.token())
			.json()
			.path("watching")
			.asBoolean()).isTrue();

		// A description's mentions: only the newly mentioned are told when it changes.
		String described = task(lead,
				Map.of("title", "Orbit", "description", "cc @[x](mention:" + contributor.id() + ")"));
		assertThat(kinds(notifications(contributor))).containsExactly("mentioned", "mentioned");
		assertThat(api()
			.call("PATCH", "/api/v1/tasks/" + described, lead.token(),
					Map.of("description", "cc @[y](mention:" + contributor.id() + ") again"), Map.of("If-Match", "*"))
			.status()).isEqualTo(200);
		assertThat(kinds(notifications(contributor))).containsExactly("mentioned", "mentioned");
	}

	@Test
	void markingReadAndTheUnreadFilter() {
		task(lead, Map.of("title", "One", "assigneeId", contributor.id()));
		task(lead, Map.of("title", "Two", "assigneeId", contributor.id()));
		List<JsonNode> told = notifications(contributor);
		assertThat(told).hasSize(2);
		assertThat(unread(contributor)).isEqualTo(2);
		String first = told.get(0).path("id").asString();

		// Nobody else may mark (or learn of) another's notification.
		assertThat(api().post("/api/v1/notifications/" + first + "/read", lead.token(), null).status()).isEqualTo(404);
		Api.Response read = api().post("/api/v1/notifications/" + first + "/read", contributor.token(), null);
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json().path("readAt").isNull()).isFalse();
		assertThat(unread(contributor)).isEqualTo(1);
		assertThat(api().get("/api/v1/notifications?unread=true", contributor.token()).json().path("items").size())
			.isEqualTo(1);
		assertThat(
				api().post("/api/v1/notifications/read-all", contributor.token(), null).json().path("marked").asInt())
			.isEqualTo(1);
		assertThat(unread(contributor)).isZero();
		assertThat(
				api().post("/api/v1/notifications/" + UUID.randomUUID() + "/read", contributor.token(), null).status())
			.isEqualTo(404);

		// GraphQL: the same list and count; another's notification is not found.
		Api.Response viewer = api().graphql(contributor.token(),
				"{ viewer { unreadNotificationCount notifications(first: 5) { nodes { id kind taskTitle readAt } } } }",
				Map.of());
		assertThat(viewer.json().at("/data/viewer/unreadNotificationCount").asInt()).isZero();
		assertThat(viewer.json().at("/data/viewer/notifications/nodes").size()).isEqualTo(2);
		Api.Response foreign = api().graphql(lead.token(),
				"mutation($id: ID!) { markNotificationRead(id: $id) { id } }", Map.of("id", first));
		assertThat(foreign.json().at("/errors/0/extensions/code").asString()).isEqualTo("not-found");
	}

	@Test
	void aTaskMadeRestrictedTakesItsNotificationsOutOfSightAndOutOfMail() throws Exception {
		setMail(contributor, "immediately");
		String task = task(contributor, Map.of("title", "Classified propellant"));
		comment(lead, task, "A comment the contributor is told of");
		assertThat(kinds(notifications(contributor))).containsExactly("commented");
		assertThat(unread(contributor)).isEqualTo(1);

		// The lead takes the task out of the project's sight and gives it to themself.
		String hidden = task(lead, Map.of("title", "Secret stage"));
		assertThat(api()
			.call("PATCH", "/api/v1/tasks/" + hidden, lead.token(), Map.of("assigneeId", contributor.id()),
					Map.of("If-Match", "*"))
			.status()).isEqualTo(200);
		assertThat(kinds(notifications(contributor))).containsExactly("assigned", "commented");
		assertThat(api()
			.call("PATCH", "/api/v1/tasks/" + hidden, lead.token(),
					Map.of("assigneeId", lead.id(), "visibility", "restricted"), Map.of("If-Match", "*"))
			.status()).isEqualTo(200);

		List<JsonNode> left = notifications(contributor);
		assertThat(kinds(left)).containsExactly("commented");
		assertThat(left.toString()).doesNotContain(hidden, "Secret stage");
		assertThat(unread(contributor)).isEqualTo(1);
		Api.Response viewer = api().graphql(contributor.token(), "{ viewer { notifications { nodes { taskId } } } }",
				Map.of());
		assertThat(viewer.body()).doesNotContain(hidden);

		// Mailed: the visible one, nothing of the hidden one.
		mail.run();
		List<MimeMessage> mails = MAIL.await(contributor.email(), "commented on", 1);
		String text = MailServer.text(mails.get(0));
		assertThat(text).contains("/tasks/" + task).doesNotContain(hidden, "Secret stage", "Classified propellant");
		assertThat(notificationMails(contributor)).hasSize(1);
	}

	@Test
	void mailFollowsEachUsersChoice() throws Exception {
		// Immediately: one mail for what arrived since the last pass.
		setMail(contributor, "immediately");
		task(lead, Map.of("title", "First", "assigneeId", contributor.id()));
		task(lead, Map.of("title", "Second", "assigneeId", contributor.id()));
		mail.run();
		List<MimeMessage> mails = MAIL.await(contributor.email(), "Rampart: 2 new notifications", 1);
		String html = MailServer.html(mails.get(0));
		assertThat(html).contains("assigned you").doesNotContain("First", "Second");
		mail.run();
		assertThat(notificationMails(contributor)).hasSize(1);

		// Daily: nothing until the digest time has passed over it; read ones are left
		// out.
		TestUser daily = api().newUser("notify-daily");
		api().create("/api/v1/orgs/" + org + "/members", lead.token(),
				Map.of("email", daily.email(), "role", "member"));
		api().create("/api/v1/projects/" + project + "/members", lead.token(),
				Map.of("email", daily.email(), "role", "contributor"));
		assertThat(api().get("/api/v1/me/notification-mail", daily.token()).json().path("email").asString())
			.isEqualTo("daily");
		task(lead, Map.of("title", "Digest one", "assigneeId", daily.id()));
		task(lead, Map.of("title", "Digest two", "assigneeId", daily.id()));
		mail.run();
		assertThat(notificationMails(daily)).isEmpty();
		List<JsonNode> dailyItems = notifications(daily);
		assertThat(kinds(dailyItems)).containsExactly("assigned", "assigned", "project_added");
		api().post("/api/v1/notifications/" + dailyItems.get(0).path("id").asString() + "/read", daily.token(), null);
		backdate(daily, Duration.ofDays(2));
		mail.run();
		MimeMessage digest = MAIL.await(daily.email(), "Rampart: 2 new notifications", 1).get(0);
		assertThat(MailServer.text(digest)).contains("daily summary").contains("added you to a project");

		// Off: never, and nothing waits.
		TestUser off = api().newUser("notify-off");
		api().create("/api/v1/orgs/" + org + "/members", lead.token(), Map.of("email", off.email(), "role", "member"));
		setMail(off, "off");
		api().create("/api/v1/projects/" + project + "/members", lead.token(),
				Map.of("email", off.email(), "role", "contributor"));
		mail.run();
		assertThat(notificationMails(off)).isEmpty();
		int waiting = owner.transaction(sql -> sql.fetchCount(NOTIFICATIONS,
				NOTIFICATIONS.USER_ID.eq(UUID.fromString(off.id())).and(NOTIFICATIONS.EMAILED_AT.isNull())));
		assertThat(waiting).isZero();
		assertThat(api().call("PUT", "/api/v1/me/notification-mail", off.token(), Map.of("email", "weekly")).status())
			.isEqualTo(400);

		// Kept for rampart.notifications.kept (90 days), then removed.
		backdate(daily, Duration.ofDays(91));
		assertThat(housekeeping.run()).isGreaterThanOrEqualTo(3);
		assertThat(notifications(daily)).isEmpty();
	}

	/** The notification mails a user got (not the sign-up's confirmation). */
	private static List<MimeMessage> notificationMails(TestUser user) {
		return MAIL.messagesTo(user.email())
			.stream()
			.filter(m -> MailServer.subjectOf(m).startsWith("Rampart: "))
			.toList();
	}

	private void backdate(TestUser user, Duration by) {
		owner.transaction(sql -> sql.update(NOTIFICATIONS)
			.set(NOTIFICATIONS.CREATED_AT, Instant.now().minus(by))
			.where(NOTIFICATIONS.USER_ID.eq(UUID.fromString(user.id())))
			.execute());
	}

	@Test
	void dueDatesRemindTheAssigneeAndWatchersOncePerDate() {
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		String tomorrow = task(lead, Map.of("title", "Due tomorrow", "assigneeId", contributor.id(), "dueDate",
				today.plusDays(1).toString()));
		String late = task(lead,
				Map.of("title", "Late", "assigneeId", contributor.id(), "dueDate", today.minusDays(2).toString()));
		String done = task(lead, Map.of("title", "Done already", "assigneeId", contributor.id(), "dueDate",
				today.minusDays(1).toString(), "status", "done"));
		reminders.run();
		reminders.run();
		List<JsonNode> contributorTold = notifications(contributor).stream()
			.filter(n -> n.path("kind").asString().startsWith("due") || n.path("kind").asString().equals("overdue"))
			.toList();
		assertThat(contributorTold).extracting(n -> n.path("kind").asString() + " " + n.path("taskId").asString())
			.containsExactlyInAnyOrder("due_tomorrow " + tomorrow, "overdue " + late);
		assertThat(contributorTold.toString()).doesNotContain(done);
		// The lead created them: a watcher is reminded too.
		assertThat(notifications(lead)).extracting(n -> n.path("kind").asString())
			.containsOnly("due_tomorrow", "overdue")
			.hasSize(2);
		assertThat(contributorTold.stream()
			.filter(n -> n.path("kind").asString().equals("overdue"))
			.findFirst()
			.get()
			.path("summary")
			.asString()).endsWith("is overdue (due " + today.minusDays(2) + ")");
	}

	@Test
	void grantsAndProjectMembershipAreTold() {
		TestUser guest = api().newUser("notify-guest");
		api().create("/api/v1/orgs/" + org + "/members", lead.token(), Map.of("email", guest.email(), "role", "guest"));
		String task = task(lead, Map.of("title", "Shared with a guest"));
		api().create("/api/v1/tasks/" + task + "/grants", lead.token(),
				Map.of("email", guest.email(), "role", "viewer"));
		List<JsonNode> told = notifications(guest);
		assertThat(kinds(told)).containsExactly("task_granted");
		assertThat(told.get(0).path("taskTitle").asString()).isEqualTo("Shared with a guest");

		TestUser newcomer = api().newUser("notify-newcomer");
		api().create("/api/v1/orgs/" + org + "/members", lead.token(),
				Map.of("email", newcomer.email(), "role", "member"));
		api().create("/api/v1/projects/" + project + "/members", lead.token(),
				Map.of("email", newcomer.email(), "role", "viewer"));
		List<JsonNode> added = notifications(newcomer);
		assertThat(kinds(added)).containsExactly("project_added");
		assertThat(added.get(0).path("projectId").asString()).isEqualTo(project);
		assertThat(added.get(0).path("taskId").isNull()).isTrue();

		// A viewer may watch (reads) but not mention (cannot comment).
		assertThat(api().get("/api/v1/tasks/" + task + "/mentionable", newcomer.token()).status()).isEqualTo(403);
		assertThat(api().call("PUT", "/api/v1/tasks/" + task + "/watching", newcomer.token(), Map.of("watching", true))
			.json()
			.path("watching")
			.asBoolean()).isTrue();
		Api.Response graphql = api().graphql(newcomer.token(),
				"mutation($t: ID!) { watchTask(id: $t, watching: false) { watching watcherCount } }",
				Map.of("t", task));
		assertThat(graphql.json().at("/data/watchTask/watching").asBoolean()).isFalse();
	}

}
