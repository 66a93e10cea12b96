package dev.rampart.cli;

import java.io.PrintWriter;

/** A one-line text progress bar on standard error, redrawn at most once per percent. */
final class ProgressBar {

	private static final int WIDTH = 40;

	private final PrintWriter out;

	private final long total;

	private int shownPercent = -1;

	ProgressBar(PrintWriter out, long total) {
		this.out = out;
		this.total = Math.max(1, total);
	}

	void update(long done) {
		int percent = (int) Math.min(100, done * 100 / total);
		if (percent == shownPercent) {
			return;
		}
		shownPercent = percent;
		int filled = percent * WIDTH / 100;
		out.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + percent + "% (" + done + " rows)");
		out.flush();
	}

	/**
	 * A bar for work whose total is known only as it goes (backups): percent and what is
	 * being worked on, redrawn when either changes.
	 */
	static dev.rampart.ops.backup.Progress labelled(PrintWriter out) {
		return new dev.rampart.ops.backup.Progress() {
			private String shown = "";

			@Override
			public void update(String what, long done, long total) {
				int percent = (int) Math.min(100, done * 100 / Math.max(1, total));
				int filled = percent * WIDTH / 100;
				String line = "[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + percent + "% " + what;
				if (!line.equals(shown)) {
					out.print("\r" + line + " ".repeat(Math.max(0, shown.length() - line.length())));
					out.flush();
					shown = line;
				}
			}
		};
	}

	void done() {
		out.println();
	}

}
