package dev.rampart.identity;

/**
 * What a correct password yields: a session, or, for an account with a second factor, a
 * challenge for it.
 */
public sealed interface SignInResult permits IssuedSession, MfaChallenge {

}
