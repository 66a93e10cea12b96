package dev.rampart.work;

import dev.rampart.shared.CommentId;
import dev.rampart.shared.TaskId;
import dev.rampart.shared.UserId;
import java.time.Instant;

public record Comment(CommentId id, TaskId taskId, UserId authorId, String body, Instant createdAt) {
}
