package dev.rampart.shared;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CSV by RFC 4180: cells written safe for spreadsheets, records read with quoted fields
 * (commas, quotes and line breaks inside), one at a time.
 */
public final class Csv {

	private Csv() {
	}

	/**
	 * RFC 4180 quoting, and a leading apostrophe for cells a spreadsheet would run as a
	 * formula (OWASP CSV injection): exports hold what users typed.
	 */
	public static String cell(String value) {
		String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
		if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
			return "\"" + safe.replace("\"", "\"\"") + "\"";
		}
		return safe;
	}

	/** One line of cells, ended by CRLF. */
	public static String line(List<String> cells) {
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < cells.size(); i++) {
			if (i > 0) {
				out.append(',');
			}
			out.append(cell(cells.get(i)));
		}
		return out.append("\r\n").toString();
	}

	/** A record that cannot be read, with the line it starts on. */
	public static final class Malformed extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final long line;

		Malformed(long line, String message) {
			super(message);
			this.line = line;
		}

		public long line() {
			return line;
		}

	}

	/**
	 * Reads records one at a time; {@code maxCell} characters at most in one cell (a
	 * longer one is {@link Malformed}, never an endless read).
	 */
	public static final class RecordReader {

		private final Reader in;

		private final int maxCell;

		private long line = 1;

		private long recordLine = 1;

		private int pending = -2;

		public RecordReader(Reader in, int maxCell) {
			this.in = in;
			this.maxCell = maxCell;
		}

		/** The line the last record read started on (1 first). */
		public long line() {
			return recordLine;
		}

		/**
		 * The next record, or empty at the end. A blank line is a record of one empty
		 * cell.
		 */
		public Optional<List<String>> next() {
			try {
				int c = read();
				if (c < 0) {
					return Optional.empty();
				}
				recordLine = line;
				List<String> cells = new ArrayList<>();
				StringBuilder cell = new StringBuilder();
				boolean quoted = false;
				boolean wasQuoted = false;
				while (true) {
					if (quoted) {
						if (c < 0) {
							throw new Malformed(recordLine, "a quoted cell is not closed");
						}
						if (c == '"') {
							int after = read();
							if (after == '"') {
								cell.append('"');
							}
							else {
								quoted = false;
								c = after;
								continue;
							}
						}
						else {
							cell.append((char) c);
						}
					}
					else if (c == '"' && cell.isEmpty() && !wasQuoted) {
						quoted = true;
						wasQuoted = true;
					}
					else if (c == ',' || c == '\n' || c == '\r' || c < 0) {
						cells.add(cell.toString());
						cell.setLength(0);
						wasQuoted = false;
						if (c == '\r') {
							int after = read();
							if (after != '\n') {
								pending = after;
							}
						}
						if (c != ',') {
							return Optional.of(cells);
						}
					}
					else if (wasQuoted) {
						throw new Malformed(recordLine, "text after a quoted cell's closing quote");
					}
					else {
						cell.append((char) c);
					}
					if (cell.length() > maxCell) {
						throw new Malformed(recordLine, "a cell is longer than " + maxCell + " characters");
					}
					c = read();
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		private int read() throws IOException {
			int c;
			if (pending != -2) {
				c = pending;
				pending = -2;
			}
			else {
				c = in.read();
			}
			if (c == '\n') {
				line++;
			}
			return c;
		}

	}

}
