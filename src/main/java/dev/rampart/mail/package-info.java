/**
 * Transactional email. Services put messages into the outbox
 * ({@link dev.rampart.mail.Outbox}) in the transaction that makes them true; a background
 * worker ({@link dev.rampart.mail.MailWorker}) hands them to the SMTP server over TLS,
 * with retries, so a mail-server outage never fails or blocks a request and loses
 * nothing. Without an SMTP server (the embedded default) messages are written as .eml
 * files under the data directory.
 */
@NullMarked
package dev.rampart.mail;

import org.jspecify.annotations.NullMarked;
