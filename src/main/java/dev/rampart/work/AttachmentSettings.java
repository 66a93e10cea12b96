package dev.rampart.work;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code rampart.attachments.*}: the largest file accepted, the bytes one organization
 * may store in all ({@code orgQuota}), and where the bytes live ({@code directory},
 * default {@code $RAMPART_HOME/attachments}). With several nodes the directory must be
 * storage they all mount (the database row says which file; any node may be asked for
 * it).
 */
@ConfigurationProperties("rampart.attachments")
record AttachmentSettings(@DefaultValue("25MB") DataSize maxFileSize, @DefaultValue("1GB") DataSize orgQuota,
		@DefaultValue("100") int maxPerTask, @Nullable Path directory) {

	AttachmentSettings {
		if (maxFileSize.toBytes() < 1024 || orgQuota.toBytes() < maxFileSize.toBytes() || maxPerTask < 1) {
			throw new IllegalArgumentException(
					"rampart.attachments limits must satisfy 1KB <= max-file-size <= org-quota and max-per-task >= 1");
		}
	}

}
