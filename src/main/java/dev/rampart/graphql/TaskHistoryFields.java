package dev.rampart.graphql;

import dev.rampart.graphql.Nodes.Connection;
import dev.rampart.graphql.Nodes.TaskNode;
import dev.rampart.shared.Actor;
import dev.rampart.work.PageRequest;
import dev.rampart.work.TaskHistory;
import dev.rampart.work.TaskHistoryEntry;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;

/** A task's history: the same service and decision as REST's. */
@Controller
class TaskHistoryFields {

	private final TaskHistory history;

	TaskHistoryFields(TaskHistory history) {
		this.history = history;
	}

	@SchemaMapping(typeName = "Task")
	Connection<HistoryEntryNode> history(TaskNode task, @AuthenticationPrincipal Actor actor,
			@Argument @Nullable Integer first, @Argument @Nullable String after) {
		return Connection.of(
				history.of(actor, GraphQlController.taskId("id", task.id()), PageRequest.connection(first, after)),
				HistoryEntryNode::of, after);
	}

	record HistoryValueNode(String value, @Nullable String label) {
		static @Nullable HistoryValueNode of(Optional<TaskHistoryEntry.Value> value) {
			return value.map(v -> new HistoryValueNode(v.value(), v.label().orElse(null))).orElse(null);
		}
	}

	record HistoryEntryNode(String id, String at, @Nullable String actorId, @Nullable String actorName, String field,
			@Nullable HistoryValueNode from, @Nullable HistoryValueNode to) {
		static HistoryEntryNode of(TaskHistoryEntry e) {
			return new HistoryEntryNode(e.id().toString(), e.at().toString(),
					e.actor().map(u -> u.value().toString()).orElse(null), e.actorName().orElse(null), e.field(),
					HistoryValueNode.of(e.from()), HistoryValueNode.of(e.to()));
		}
	}

}
