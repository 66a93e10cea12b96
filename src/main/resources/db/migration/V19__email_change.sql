-- Changing the account's email: the new address waits (sealed, with its blind index) until the
-- link mailed to it is followed; only then does it replace the old one.
alter table rampart.users add column pending_email bytea;
alter table rampart.users add column pending_email_index bytea;
-- [jooq ignore start]
alter table rampart.one_time_tokens drop constraint one_time_tokens_purpose_check;
alter table rampart.one_time_tokens add constraint one_time_tokens_purpose_check
    check (purpose in ('verify-email', 'reset-password', 'mfa-challenge', 'change-email'));
-- [jooq ignore stop]
