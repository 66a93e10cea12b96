/**
 * Users and how they prove who they are: sign-up with the password policy and address
 * confirmation, sign-in in one step or two (a second factor: TOTP, recovery code or
 * passkey) answering the same for an unknown account and a wrong password, peppered
 * BCrypt hashes, sessions and personal API tokens stored only as hashes, step-up for
 * sensitive actions, password change and reset, email change, and security alerts. Emails
 * and names are sealed and found by a blind index. {@link dev.rampart.identity.Accounts}
 * is the module's entry point.
 */
@NullMarked
package dev.rampart.identity;

import org.jspecify.annotations.NullMarked;
