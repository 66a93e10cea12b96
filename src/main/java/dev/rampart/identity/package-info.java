/**
 * Users, passwords and sessions: sign-up with the password policy, sign-in that answers the same
 * for an unknown account and a wrong password, peppered BCrypt hashes, and session tokens stored
 * only as hashes. {@link dev.rampart.identity.Accounts} is the module's API.
 */
@NullMarked
package dev.rampart.identity;

import org.jspecify.annotations.NullMarked;
