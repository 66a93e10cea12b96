package dev.rampart.work;

import dev.rampart.shared.RampartException;

/** The client edited an older version of the resource than the one stored. */
public final class StaleVersion extends RampartException {

	private static final long serialVersionUID = 1L;

	public StaleVersion(int current) {
		this("the task was changed by someone else; current version is " + current);
	}

	private StaleVersion(String message) {
		super(Category.STALE, message);
	}

	/** A template's draft was saved by someone else since the caller read it. */
	static StaleVersion ofDraft(int currentRevision) {
		return new StaleVersion("the draft was saved by someone else; its current revision is " + currentRevision);
	}

	/** A workflow was changed by someone else since the caller read it. */
	static StaleVersion ofSprint(int currentVersion) {
		return new StaleVersion("the sprint was changed by someone else; its current version is " + currentVersion);
	}

	static StaleVersion ofWorkflow(int currentRevision) {
		return new StaleVersion("the workflow was changed by someone else; its current revision is " + currentRevision);
	}

}
