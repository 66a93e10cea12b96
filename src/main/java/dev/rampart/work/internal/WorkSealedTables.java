package dev.rampart.work.internal;

import static dev.rampart.db.schema.Tables.ATTACHMENTS;
import static dev.rampart.db.schema.Tables.CHECKLIST_ITEMS;
import static dev.rampart.db.schema.Tables.COMMENTS;
import static dev.rampart.db.schema.Tables.LABELS;
import static dev.rampart.db.schema.Tables.MILESTONES;
import static dev.rampart.db.schema.Tables.ORGANIZATIONS;
import static dev.rampart.db.schema.Tables.PROCESS_TEMPLATES;
import static dev.rampart.db.schema.Tables.PROCESS_TEMPLATE_VERSIONS;
import static dev.rampart.db.schema.Tables.PROJECTS;
import static dev.rampart.db.schema.Tables.SPRINTS;
import static dev.rampart.db.schema.Tables.TASKS;
import static dev.rampart.db.schema.Tables.TASK_HISTORY;

import dev.rampart.keys.FieldCipher.Column;
import dev.rampart.keys.spi.SealedTables;
import java.util.List;
import org.springframework.stereotype.Component;

/** The work module's sealed columns (each sealed with its organization's key). */
@Component
class WorkSealedTables implements SealedTables {

	@Override
	public List<SealedTable> sealedTables() {
		return List.of(
				new SealedTable(TASKS, TASKS.ID, TASKS.ORG_ID, TASKS.PLAIN, TASKS.PLAIN.isFalse(),
						List.of(new SealedColumn(TASKS.TITLE, Column.TASK_TITLE),
								new SealedColumn(TASKS.DESCRIPTION, Column.TASK_DESCRIPTION))),
				new SealedTable(COMMENTS, COMMENTS.ID, COMMENTS.ORG_ID, COMMENTS.PLAIN, COMMENTS.PLAIN.isFalse(),
						List.of(new SealedColumn(COMMENTS.BODY, Column.COMMENT_BODY))),
				new SealedTable(CHECKLIST_ITEMS, CHECKLIST_ITEMS.ID, CHECKLIST_ITEMS.ORG_ID, null,
						org.jooq.impl.DSL.trueCondition(),
						List.of(new SealedColumn(CHECKLIST_ITEMS.TEXT, Column.CHECKLIST_ITEM_TEXT))),
				new SealedTable(PROJECTS, PROJECTS.ID, PROJECTS.ORG_ID, PROJECTS.PLAIN, PROJECTS.PLAIN.isFalse(),
						List.of(new SealedColumn(PROJECTS.NAME, Column.PROJECT_NAME),
								new SealedColumn(PROJECTS.DESCRIPTION, Column.PROJECT_DESCRIPTION))),
				// Project keys are sealed from the first; a project from before keys has
				// none
				// yet.
				new SealedTable(PROJECTS, PROJECTS.ID, PROJECTS.ORG_ID, null, PROJECTS.TASK_KEY.isNotNull(),
						List.of(new SealedColumn(PROJECTS.TASK_KEY, Column.PROJECT_TASK_KEY))),
				new SealedTable(MILESTONES, MILESTONES.ID, MILESTONES.ORG_ID, null, org.jooq.impl.DSL.trueCondition(),
						List.of(new SealedColumn(MILESTONES.NAME, Column.MILESTONE_NAME))),
				new SealedTable(LABELS, LABELS.ID, LABELS.ORG_ID, null, org.jooq.impl.DSL.trueCondition(),
						List.of(new SealedColumn(LABELS.NAME, Column.LABEL_NAME))),
				new SealedTable(PROCESS_TEMPLATES, PROCESS_TEMPLATES.ID, PROCESS_TEMPLATES.ORG_ID, null,
						org.jooq.impl.DSL.trueCondition(),
						List.of(new SealedColumn(PROCESS_TEMPLATES.NAME, Column.TEMPLATE_NAME))),
				new SealedTable(PROCESS_TEMPLATE_VERSIONS, PROCESS_TEMPLATE_VERSIONS.ID,
						PROCESS_TEMPLATE_VERSIONS.ORG_ID, null, org.jooq.impl.DSL.trueCondition(),
						List.of(new SealedColumn(PROCESS_TEMPLATE_VERSIONS.DOCUMENT, Column.TEMPLATE_DOCUMENT))),
				new SealedTable(ORGANIZATIONS, ORGANIZATIONS.ID, ORGANIZATIONS.ID, ORGANIZATIONS.PLAIN,
						ORGANIZATIONS.PLAIN.isFalse(), List.of(new SealedColumn(ORGANIZATIONS.NAME, Column.ORG_NAME))),
				new SealedTable(SPRINTS, SPRINTS.ID, SPRINTS.ORG_ID, null, org.jooq.impl.DSL.trueCondition(),
						List.of(new SealedColumn(SPRINTS.NAME, Column.SPRINT_NAME),
								new SealedColumn(SPRINTS.GOAL, Column.SPRINT_GOAL))),
				// Only a title's or description's change has sealed values.
				new SealedTable(TASK_HISTORY, TASK_HISTORY.ID, TASK_HISTORY.ORG_ID, null,
						TASK_HISTORY.NEW_SEALED.isNotNull(),
						List.of(new SealedColumn(TASK_HISTORY.OLD_SEALED, Column.TASK_HISTORY_OLD),
								new SealedColumn(TASK_HISTORY.NEW_SEALED, Column.TASK_HISTORY_NEW))),
				new SealedTable(ATTACHMENTS, ATTACHMENTS.ID, ATTACHMENTS.ORG_ID, ATTACHMENTS.PLAIN,
						ATTACHMENTS.PLAIN.isFalse(),
						List.of(new SealedColumn(ATTACHMENTS.FILE_NAME, Column.ATTACHMENT_FILE_NAME))));
	}

}
