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

	void done() {
		out.println();
	}

}
