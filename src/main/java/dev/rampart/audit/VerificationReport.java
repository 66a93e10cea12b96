package dev.rampart.audit;

import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What {@code rampart audit verify} found: per chain the entries checked and the first
 * broken entry (if any), then the checkpoint and archive problems.
 */
public record VerificationReport(List<ChainResult> chains, List<String> checkpointProblems,
		List<String> archiveProblems, int checkpointsVerified) {

	/**
	 * One chain: {@code firstBroken} names the entry and what is wrong with it, or is
	 * null.
	 */
	public record ChainResult(UUID chain, long entriesChecked, long archivedThrough, @Nullable Long firstBrokenSeq,
			@Nullable String firstBroken) {

		public boolean intact() {
			return firstBroken == null;
		}

	}

	public boolean intact() {
		return chains.stream().allMatch(ChainResult::intact) && checkpointProblems.isEmpty()
				&& archiveProblems.isEmpty();
	}

	public long entriesChecked() {
		return chains.stream().mapToLong(ChainResult::entriesChecked).sum();
	}

}
