package dev.rampart.errors;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import dev.rampart.shared.JsonText;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.springframework.boot.logging.structured.StructuredLogFormatter;

/**
 * The log format ({@code logging.structured.format.console}): one JSON object per line
 * with Elastic Common Schema field names, the request id of the line's request, every
 * message passed through {@link Scrubber}, and exceptions as types and frames only (no
 * messages).
 */
public class ScrubbedJsonLogFormat implements StructuredLogFormatter<ILoggingEvent> {

	/** The MDC key the web layer puts each request's id under. */
	public static final String REQUEST_ID = "requestId";

	@Override
	public String format(ILoggingEvent event) {
		StringBuilder out = new StringBuilder(256);
		out.append('{');
		pair(out, "@timestamp", DateTimeFormatter.ISO_INSTANT.format(event.getInstant()));
		pair(out, "log.level", event.getLevel().toString());
		pair(out, "process.thread.name", event.getThreadName());
		pair(out, "log.logger", event.getLoggerName());
		pair(out, "message", Scrubber.scrub(String.valueOf(event.getFormattedMessage())));
		Map<String, String> mdc = event.getMDCPropertyMap();
		String requestId = mdc == null ? null : mdc.get(REQUEST_ID);
		if (requestId != null) {
			pair(out, "http.request.id", requestId);
		}
		IThrowableProxy error = event.getThrowableProxy();
		if (error != null) {
			pair(out, "error.type", error.getClassName());
			pair(out, "error.stack_trace", stackTrace(error));
		}
		out.setLength(out.length() - 1);
		return out.append("}\n").toString();
	}

	private static String stackTrace(IThrowableProxy error) {
		StringBuilder out = new StringBuilder();
		String prefix = "";
		int depth = 0;
		for (IThrowableProxy current = error; current != null && depth < 10; current = current.getCause(), depth++) {
			out.append(prefix).append(current.getClassName()).append('\n');
			StackTraceElementProxy[] frames = current.getStackTraceElementProxyArray();
			for (int i = 0; i < Math.min(frames.length, 60); i++) {
				out.append('\t').append(frames[i].getSTEAsString()).append('\n');
			}
			prefix = "Caused by: ";
		}
		return out.toString();
	}

	private static void pair(StringBuilder out, String name, String value) {
		JsonText.quote(out, name, false);
		out.append(':');
		JsonText.quote(out, value, false);
		out.append(',');
	}

}
