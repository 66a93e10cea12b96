package dev.rampart.work;

import dev.rampart.shared.AttachmentId;
import dev.rampart.shared.TaskId;
import dev.rampart.shared.UserId;
import java.time.Instant;

/**
 * A file attached to a task: its name as uploaded, the type sniffed from its bytes, its
 * size.
 */
public record Attachment(AttachmentId id, TaskId task, String fileName, String contentType, long sizeBytes,
		String sha256, UserId uploadedBy, Instant createdAt) {
}
