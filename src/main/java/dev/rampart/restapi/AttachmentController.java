package dev.rampart.restapi;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import dev.rampart.shared.Audited;
import dev.rampart.restapi.Views.AttachmentView;
import dev.rampart.restapi.Views.ListView;
import dev.rampart.shared.Actor;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.TaskId;
import dev.rampart.shared.AttachmentId;
import dev.rampart.work.Attachments;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Attachments: uploaded as multipart ({@code file} part), downloaded only as a download
 * (Content-Disposition attachment, the sniffed type, nosniff and a sandboxing CSP), so a
 * file can never run as a page of this site.
 */
@Tag(name = "Attachments", description = "Files on tasks.")
@RestController
@RequestMapping("/api/v1")
class AttachmentController {

	private final Attachments attachments;

	AttachmentController(Attachments attachments) {
		this.attachments = attachments;
	}

	@Audited("attachment.upload")
	@Operation(operationId = "uploadAttachment", summary = "Attach a file to a task",
			description = "Multipart, one part named `file`. Its type is sniffed from its bytes; size and the organization's quota are limited (413 attachment-too-large with `maxBytes`).")
	@PostMapping(path = "/tasks/{taskId}/attachments", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<AttachmentView> upload(@AuthenticationPrincipal Actor actor, @PathVariable UUID taskId,
			@RequestPart("file") @Nullable MultipartFile file) {
		if (file == null) {
			throw new InvalidInput("file", "a multipart part named file is required");
		}
		try (InputStream content = file.getInputStream()) {
			AttachmentView attachment = AttachmentView
				.of(attachments.upload(actor, new TaskId(taskId), file.getOriginalFilename(), content));
			return Views.created(attachment, "/api/v1/attachments/{attachmentId}", attachment.id());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Operation(operationId = "listAttachments", summary = "List a task's attachments")
	@GetMapping("/tasks/{taskId}/attachments")
	ListView<AttachmentView> list(@AuthenticationPrincipal Actor actor, @PathVariable UUID taskId) {
		return Views.list(attachments.list(actor, new TaskId(taskId)), AttachmentView::of);
	}

	@Operation(operationId = "downloadAttachment", summary = "Download an attachment",
			description = "Always as a download, with its sniffed type, nosniff and a sandboxing CSP.")
	@GetMapping("/attachments/{attachmentId}")
	ResponseEntity<InputStreamResource> download(@AuthenticationPrincipal Actor actor, @PathVariable UUID attachmentId)
			throws IOException {
		Attachments.Download download = attachments.download(actor, new AttachmentId(attachmentId));
		var attachment = download.attachment();
		return ResponseEntity.ok()
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment()
						.filename(attachment.fileName(), StandardCharsets.UTF_8)
						.build()
						.toString())
			.header("Content-Security-Policy", "sandbox; default-src 'none'")
			.header("X-Content-Type-Options", "nosniff")
			.contentType(MediaType.parseMediaType(attachment.contentType()))
			.contentLength(attachment.sizeBytes())
			.body(new InputStreamResource(download.open()));
	}

	@Audited("attachment.delete")
	@Operation(operationId = "deleteAttachment", summary = "Delete an attachment")
	@DeleteMapping("/attachments/{attachmentId}")
	ResponseEntity<Void> delete(@AuthenticationPrincipal Actor actor, @PathVariable UUID attachmentId) {
		attachments.delete(actor, new AttachmentId(attachmentId));
		return ResponseEntity.noContent().build();
	}

}
