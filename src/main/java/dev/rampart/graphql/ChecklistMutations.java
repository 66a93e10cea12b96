package dev.rampart.graphql;

import dev.rampart.graphql.Nodes.ChecklistItemNode;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Audited;
import dev.rampart.shared.Inputs;
import dev.rampart.work.Checklists;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;

/** A task's checklist: the same service and decisions as REST's. */
@Controller
class ChecklistMutations {

	private final Checklists checklists;

	ChecklistMutations(Checklists checklists) {
		this.checklists = checklists;
	}

	@Audited("checklist.add")
	@MutationMapping
	ChecklistItemNode addChecklistItem(@AuthenticationPrincipal Actor actor, @Argument String taskId,
			@Argument String text) {
		return ChecklistItemNode.of(checklists.add(actor, GraphQlController.taskId("taskId", taskId), text));
	}

	@Audited("checklist.update")
	@MutationMapping
	ChecklistItemNode updateChecklistItem(@AuthenticationPrincipal Actor actor, @Argument String taskId,
			@Argument String itemId, @Argument @Nullable String text, @Argument @Nullable Boolean done,
			@Argument @Nullable Integer position) {
		return ChecklistItemNode.of(checklists.update(actor, GraphQlController.taskId("taskId", taskId),
				Inputs.uuid("itemId", itemId), text, done, position));
	}

	@Audited("checklist.remove")
	@MutationMapping
	boolean removeChecklistItem(@AuthenticationPrincipal Actor actor, @Argument String taskId,
			@Argument String itemId) {
		checklists.remove(actor, GraphQlController.taskId("taskId", taskId), Inputs.uuid("itemId", itemId));
		return true;
	}

}
