package dev.rampart.work;

import java.util.regex.Pattern;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;

/**
 * Task descriptions and comments are Markdown; clients get the source and this HTML
 * rendering. Two layers: CommonMark escapes any raw HTML in the source and drops unsafe
 * link targets, then the OWASP sanitizer keeps only an allow-list of elements and
 * attributes (so a renderer bug still cannot emit script, event handlers or javascript:
 * URLs). Links open with rel="nofollow noopener noreferrer".
 */
public final class RichText {

	private static final Parser PARSER = Parser.builder().build();

	private static final HtmlRenderer RENDERER = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

	private static final PolicyFactory POLICY = Sanitizers.FORMATTING.and(Sanitizers.BLOCKS)
		.and(Sanitizers.TABLES)
		.and(new HtmlPolicyBuilder().allowElements("a")
			.allowStandardUrlProtocols()
			.allowAttributes("href")
			.matching(Pattern.compile("(?i)(https?:|mailto:|#|/)[^\\s]*"))
			.onElements("a")
			.requireRelsOnLinks("nofollow", "noopener", "noreferrer")
			.allowElements("pre", "code", "hr", "br", "del", "s")
			.toFactory());

	private RichText() {
	}

	/**
	 * Safe HTML for Markdown {@code source}; a mention becomes a link to
	 * {@code #mention-<user id>} that shows {@code @Name}.
	 */
	public static String html(String source) {
		String linked = Mentions.TOKEN.matcher(source).replaceAll("[@$1](#mention-$2)");
		return POLICY.sanitize(RENDERER.render(PARSER.parse(linked)));
	}

}
