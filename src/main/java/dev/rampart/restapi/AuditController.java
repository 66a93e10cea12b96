package dev.rampart.restapi;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import dev.rampart.audit.AuditEntry;
import dev.rampart.audit.AuditLog;
import dev.rampart.audit.AuditPage;
import dev.rampart.audit.AuditQuery;
import dev.rampart.audit.ExportFormat;
import dev.rampart.audit.Outcome;
import dev.rampart.shared.Actor;
import dev.rampart.shared.Audited;
import dev.rampart.shared.Inputs;
import dev.rampart.shared.InvalidInput;
import dev.rampart.shared.OrgId;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An organization's activity log for its owners and admins ({@code audit.read}): filtered
 * pages, newest first with a keyset cursor, and exports (JSON Lines or CSV, streamed
 * oldest first; each export is itself recorded).
 */
@Tag(name = "Activity log", description = "The tamper-evident log of every change and refusal.")
@RestController
@RequestMapping("/api/v1/orgs/{orgId}/audit")
class AuditController {

	private final AuditLog log;

	AuditController(AuditLog log) {
		this.log = log;
	}

	/** A page of entries and the cursor of the next (older) page. */

	@Operation(operationId = "listAuditEntries", summary = "Read the organization's activity log",
			description = "Newest first, paged by `after`. Filters: actor, action (an unknown action is a 400), target, outcome, and a period whose ends are instants or plain dates (UTC). Owners and admins only.")
	@GetMapping
	Views.ListView<Map<String, @Nullable Object>> page(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId,
			@RequestParam(required = false) @Size(max = 36) @Nullable String actorId,
			@RequestParam(required = false) @Size(max = 100) @Nullable String action,
			@RequestParam(required = false) @Size(max = 100) @Nullable String target,
			@RequestParam(required = false) @Size(max = 10) @Nullable String outcome,
			@RequestParam(required = false) @Size(max = 40) @Nullable String from,
			@RequestParam(required = false) @Size(max = 40) @Nullable String to,
			@RequestParam(required = false) @Size(max = 20) @Nullable String after,
			@RequestParam(defaultValue = "50") @Min(1) @Max(10_000) int first) {
		AuditPage page = log.page(actor, new OrgId(orgId), query(actorId, action, target, outcome, from, to), after,
				first);
		return new Views.ListView<>(page.entries().stream().map(e -> e.readerView(page.actorName(e))).toList(),
				page.next());
	}

	@Audited("audit.export")
	@Operation(operationId = "exportAuditEntries", summary = "Export the activity log",
			description = "JSON Lines (one entry per line, `data` an object) or CSV (formula-safe cells, actors named). The export itself is recorded.")
	@GetMapping("/export")
	void export(@AuthenticationPrincipal Actor actor, @PathVariable UUID orgId,
			@RequestParam(defaultValue = "jsonl") @Size(max = 10) String format,
			@RequestParam(required = false) @Size(max = 36) @Nullable String actorId,
			@RequestParam(required = false) @Size(max = 100) @Nullable String action,
			@RequestParam(required = false) @Size(max = 100) @Nullable String target,
			@RequestParam(required = false) @Size(max = 10) @Nullable String outcome,
			@RequestParam(required = false) @Size(max = 40) @Nullable String from,
			@RequestParam(required = false) @Size(max = 40) @Nullable String to, HttpServletResponse response)
			throws IOException {
		ExportFormat exportFormat = parseFormat(format);
		AuditQuery query = query(actorId, action, target, outcome, from, to);
		OrgId org = new OrgId(orgId);
		log.requireReader(actor, org);
		response.setContentType(exportFormat.mediaType() + ";charset=UTF-8");
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				"attachment; filename=\"audit-" + orgId + "." + exportFormat.extension() + "\"");
		Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
		out.write(exportFormat.header());
		log.export(actor, org, query, (entry, actorName) -> {
			try {
				out.write(exportFormat.line(entry, actorName));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
		out.flush();
	}

	private static ExportFormat parseFormat(String format) {
		try {
			return ExportFormat.parse(format);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInput("format", "must be jsonl or csv");
		}
	}

	static AuditQuery query(@Nullable String actorId, @Nullable String action, @Nullable String target,
			@Nullable String outcome, @Nullable String from, @Nullable String to) {
		Outcome parsedOutcome = null;
		if (outcome != null) {
			try {
				parsedOutcome = Outcome.parse(outcome);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidInput("outcome", "must be success, denied, invalid or error");
			}
		}
		return new AuditQuery(actorId == null ? null : Inputs.uuid("actorId", actorId), action, target, parsedOutcome,
				from == null ? null : Inputs.periodStart("from", from), to == null ? null : Inputs.periodEnd("to", to));
	}

}
