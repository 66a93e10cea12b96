package dev.rampart.work;

import dev.rampart.shared.CommentId;
import dev.rampart.shared.TaskId;
import dev.rampart.shared.UserId;
import java.time.Instant;

/**
 * A comment on a task; {@code editedAt} when its author last changed it,
 * {@code authorName} the author's display name where the reader may see it ("deleted
 * user" for a deleted account).
 */
public record Comment(CommentId id, TaskId taskId, UserId authorId, String body, Instant createdAt,
		java.util.Optional<Instant> editedAt, java.util.Optional<String> authorName) {

	Comment named(java.util.Map<UserId, String> names) {
		return new Comment(id, taskId, authorId, body, createdAt, editedAt,
				java.util.Optional.ofNullable(names.get(authorId)));
	}

}
