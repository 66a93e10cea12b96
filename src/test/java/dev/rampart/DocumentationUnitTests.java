package dev.rampart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and the docs speak to their readers: no internal issue numbers ("since issue
 * 5").
 */
class DocumentationUnitTests {

	private static final Pattern ISSUE_NUMBER = Pattern.compile("(?i)\\bissues? #?\\d+");

	@Test
	void docsDoNotMentionInternalIssueNumbers() throws IOException {
		List<String> found = new ArrayList<>();
		try (Stream<Path> docs = Files.list(Path.of("docs"))) {
			for (Path file : Stream.concat(docs, Stream.of(Path.of("README.md"))).toList()) {
				List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
				for (int i = 0; i < lines.size(); i++) {
					if (ISSUE_NUMBER.matcher(lines.get(i)).find()) {
						found.add(file + ":" + (i + 1) + ": " + lines.get(i).strip());
					}
				}
			}
		}
		assertThat(found).isEmpty();
	}

}
