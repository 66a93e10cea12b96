package dev.rampart;

import static dev.rampart.db.schema.Tables.AUDIT_ENTRIES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.db.OwnerDatabase;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What integration tests check of an answer: its problem document, its activity-log
 * entry.
 */
public final class Answers {

	private Answers() {
	}

	/** A problem+json answer with this status that names {@code field} (if given). */
	public static void assertProblem(Api.Response response, int status, @Nullable String field) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		if (field != null) {
			assertThat(response.body()).contains(field);
		}
	}

	/**
	 * Action, target kind, target id and detail of the request's activity-log entry
	 * (waiting a second at most: refusals are written after their rollback).
	 */
	public static List<String> entry(OwnerDatabase owner, Api.Response response) {
		String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
		for (int i = 0; i < 50; i++) {
			var row = owner.transaction(sql -> sql
				.select(AUDIT_ENTRIES.ACTION, AUDIT_ENTRIES.TARGET_KIND, AUDIT_ENTRIES.TARGET_ID, AUDIT_ENTRIES.DETAIL)
				.from(AUDIT_ENTRIES)
				.where(AUDIT_ENTRIES.REQUEST_ID.eq(requestId))
				.fetchOptional());
			if (row.isPresent()) {
				return java.util.Arrays.asList(row.get().value1(), row.get().value2(), row.get().value3(),
						row.get().value4());
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		throw new AssertionError("no activity-log entry for request " + requestId);
	}

}
