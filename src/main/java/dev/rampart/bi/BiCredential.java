package dev.rampart.bi;

/**
 * A BI user's user name and password, shown once (when made, when rotated): Rampart keeps
 * no copy, and the BI server only a SCRAM verifier.
 */
public record BiCredential(BiUser user, String login, String password) {

	@Override
	public String toString() {
		return "BiCredential[" + login + ", password hidden]";
	}

}
