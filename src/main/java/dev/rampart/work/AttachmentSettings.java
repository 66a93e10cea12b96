package dev.rampart.work;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code rampart.attachments.*}: the largest file accepted and the bytes one organization may
 * store in all ({@code orgQuota}).
 */
@ConfigurationProperties("rampart.attachments")
record AttachmentSettings(@DefaultValue("25MB") DataSize maxFileSize, @DefaultValue("1GB") DataSize orgQuota,
		@DefaultValue("100") int maxPerTask) {

	AttachmentSettings {
		if (maxFileSize.toBytes() < 1024 || orgQuota.toBytes() < maxFileSize.toBytes() || maxPerTask < 1) {
			throw new IllegalArgumentException(
					"rampart.attachments limits must satisfy 1KB <= max-file-size <= org-quota and max-per-task >= 1");
		}
	}

}
