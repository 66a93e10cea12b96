package dev.rampart.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.shared.OrgId;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How an import reads dates, statuses, priorities and comments of either tracker. */
class ProjectImportsUnitTests {

	private static final Workflow WORKFLOW = new Workflow(new OrgId(UUID.randomUUID()), Optional.empty(), 1,
			List.of(new Workflow.Status("todo", "To do", "#000000", Workflow.Category.TODO),
					new Workflow.Status("doing", "Doing", "#000000", Workflow.Category.IN_PROGRESS),
					new Workflow.Status("review", "Peer review", "#000000", Workflow.Category.IN_PROGRESS),
					new Workflow.Status("shipped", "Shipped", "#000000", Workflow.Category.DONE)),
			List.of());

	@Test
	void datesAsEitherTrackerWritesThem() {
		assertThat(ProjectImports.parseDate("2027-03-12")).isEqualTo(LocalDate.of(2027, 3, 12));
		assertThat(ProjectImports.parseDate("2027-03-12T10:00:00")).isEqualTo(LocalDate.of(2027, 3, 12));
		assertThat(ProjectImports.parseDate("12/Mar/27 3:45 PM")).isEqualTo(LocalDate.of(2027, 3, 12));
		assertThat(ProjectImports.parseDate("12/mar/27")).isEqualTo(LocalDate.of(2027, 3, 12));
		assertThat(ProjectImports.parseDate("3/12/2027")).isEqualTo(LocalDate.of(2027, 3, 12));
		assertThat(ProjectImports.parseDate("12.3.2027")).isEqualTo(LocalDate.of(2027, 3, 12));
		assertThat(ProjectImports.parseDate(" ")).isNull();
		assertThatThrownBy(() -> ProjectImports.parseDate("someday")).isNotNull();
		assertThatThrownBy(() -> ProjectImports.parseDate("0001-01-01")).isNotNull();
	}

	@Test
	void statusesByNameThenByMeaningThenTheFirst() {
		assertThat(ProjectImports.statusOf("peer REVIEW", WORKFLOW).to()).isEqualTo("review");
		assertThat(ProjectImports.statusOf("In Progress", WORKFLOW).to()).isEqualTo("doing");
		assertThat(ProjectImports.statusOf("Closed", WORKFLOW).to()).isEqualTo("shipped");
		assertThat(ProjectImports.statusOf("Open", WORKFLOW).to()).isEqualTo("todo");
		var unknown = ProjectImports.statusOf("Waiting for parts", WORKFLOW);
		assertThat(unknown.to()).isEqualTo("todo");
		assertThat(unknown.guessed()).isTrue();
	}

	@Test
	void prioritiesOfJiraAndRedmine() {
		assertThat(ProjectImports.priorityOf("Blocker")).isEqualTo(TaskPriority.URGENT);
		assertThat(ProjectImports.priorityOf("Immediate")).isEqualTo(TaskPriority.URGENT);
		assertThat(ProjectImports.priorityOf("Major")).isEqualTo(TaskPriority.HIGH);
		assertThat(ProjectImports.priorityOf("Normal")).isEqualTo(TaskPriority.MEDIUM);
		assertThat(ProjectImports.priorityOf("Trivial")).isEqualTo(TaskPriority.LOW);
		assertThat(ProjectImports.priorityOf("")).isEqualTo(TaskPriority.MEDIUM);
	}

	@Test
	void commentsKeepWhoWroteThemAndWhen() {
		assertThat(ProjectImports.comment("12/Mar/27 3:45 PM;acct-1;Looks good", ProjectImports.Source.JIRA))
			.isEqualTo("Imported comment by acct-1 on 12/Mar/27 3:45 PM:\n\nLooks good");
		assertThat(ProjectImports.comment("Just text; with a semicolon", ProjectImports.Source.JIRA))
			.isEqualTo("Imported note:\n\nJust text; with a semicolon");
		assertThat(ProjectImports.comment("  ", ProjectImports.Source.REDMINE)).isEmpty();
	}

}
