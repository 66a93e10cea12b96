package dev.rampart.work;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RichTextUnitTests {

	@Test
	void markdownBecomesFormattedHtml() {
		assertThat(RichText.html("**bold** and _em_ and `code`"))
			.isEqualTo("<p><strong>bold</strong> and <em>em</em> and <code>code</code></p>\n");
		assertThat(RichText.html("- one\n- two")).contains("<ul>", "<li>one</li>");
		assertThat(RichText.html("[docs](https://example.com/a?b=1)"))
			.contains("href=\"https://example.com/a?b&#61;1\"")
			.contains("rel=\"nofollow noopener noreferrer\"");
	}

	@ParameterizedTest
	@ValueSource(strings = { "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
			"[x](JaVaScRiPt:alert(1))", "![x](javascript:alert(1))", "<a href=\"javascript:alert(1)\">x</a>",
			"<svg onload=alert(1)>", "<iframe src=\"https://evil\"></iframe>",
			"[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "<style>*{}</style>",
			"<div style=\"background:url(javascript:alert(1))\">x</div>", "`<script>`", "&lt;script&gt;",
			"[x](vbscript:msgbox(1))", "<<script>script>alert(1)<</script>/script>" })
	void nothingExecutable(String payload) {
		String html = RichText.html(payload);
		java.util.regex.Matcher tags = java.util.regex.Pattern.compile("<(/?)([a-zA-Z0-9]+)([^>]*)>").matcher(html);
		while (tags.find()) {
			assertThat(tags.group(2).toLowerCase(java.util.Locale.ROOT)).as(html)
				.isIn("p", "a", "strong", "em", "code", "pre", "ul", "ol", "li", "br", "hr", "blockquote", "h1", "h2",
						"h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "del", "s");
			String attributes = tags.group(3).toLowerCase(java.util.Locale.ROOT);
			assertThat(attributes).as(html).doesNotContain("on", "style", "src", "javascript", "vbscript", "data:");
		}
		assertThat(html).as("raw markup survives only as text").doesNotContain("<script", "<img", "<svg", "<iframe");
	}

}
