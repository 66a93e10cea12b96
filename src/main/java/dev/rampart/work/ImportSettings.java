package dev.rampart.work;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code rampart.imports.*}: how many rows one import may hold ({@code max-rows}, default
 * 5,000) and how long one cell may be ({@code max-cell}, default 60,000 characters); the
 * file itself is bounded by the upload limit ({@code rampart.web.max-upload-body}).
 */
@ConfigurationProperties("rampart.imports")
public record ImportSettings(@DefaultValue("5000") int maxRows, @DefaultValue("60000") int maxCell) {

	public ImportSettings {
		if (maxRows < 1 || maxRows > 100_000 || maxCell < 1_000 || maxCell > 1_000_000) {
			throw new IllegalArgumentException(
					"rampart.imports.max-rows must be 1 to 100000 and rampart.imports.max-cell 1000 to 1000000");
		}
	}

}
