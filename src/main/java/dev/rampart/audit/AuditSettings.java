package dev.rampart.audit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code rampart.audit.*}.
 *
 * @param recordedFields request fields whose values the log keeps (an allow-list: any
 * other field is recorded as present, with the value {@code [redacted]})
 * @param personalFields fields always redacted as personal data, even if allow-listed
 * @param maxValueLength longest kept string value; longer ones are cut
 * @param checkpointInterval how often the heads of the chains that moved are signed
 * @param archiveDirectory where {@code rampart audit archive} writes its files (default
 * {@code $RAMPART_HOME/audit-archive})
 * @param pageSizeMax largest page the reading API returns
 * @param enabled record nothing when false: for measuring the log's own cost in a
 * benchmark, never for production (a warning says so at every start)
 */
@ConfigurationProperties("rampart.audit")
record AuditSettings(@DefaultValue( {
		"title", "description", "body", "status", "priority", "visibility", "dueDate", "assigneeId", "role", "roleId",
		"roleName", "permissions", "name", "userId", "expiresAt", "fileName", "contentType", "sizeBytes", "version",
		"id", "orgId", "projectId", "taskId", "commentId", "grantId", "attachmentId", "format", "first", "after",
		"count", "action", "outcome", "from", "to", "actorId", "target", "session" }) Set<String> recordedFields,
		@DefaultValue({ "email", "displayName", "fullName", "phone", "address" }) Set<String> personalFields,
		@DefaultValue("2000") int maxValueLength, @DefaultValue("1m") Duration checkpointInterval,
		@Nullable Path archiveDirectory, @DefaultValue("200") int pageSizeMax, @DefaultValue("true") boolean enabled){

	public AuditSettings {
		if (maxValueLength < 16 || maxValueLength > 100_000) {
			throw new IllegalArgumentException("rampart.audit.max-value-length must be 16..100000");
		}
		if (checkpointInterval.compareTo(Duration.ofSeconds(1)) < 0
				|| checkpointInterval.compareTo(Duration.ofDays(1)) > 0) {
			throw new IllegalArgumentException("rampart.audit.checkpoint-interval must be between 1s and 1d");
		}
		if (pageSizeMax < 1 || pageSizeMax > 10_000) {
			throw new IllegalArgumentException("rampart.audit.page-size-max must be 1..10000");
		}
	}

}
