-- Idempotency-Key (IETF httpapi draft): a POST sent again with the same key by the same user gets
-- the first answer again, without being carried out twice. The key is stored as its SHA-256 (hex). The
-- fingerprint is the SHA-256 of method, path, query, content type and body: the same key with
-- another request is refused (422). 'started' rows hold the key while the first request runs
-- (until locked_until, after which a retry takes the key over as a new attempt); 'committed' is set
-- inside the request's own write transaction, and only by the attempt holding the key (an attempt
-- that lost it rolls back), so a key whose change committed is never carried out again; 'completed' rows hold the answer, its body
-- sealed with the platform's data key bound to user and key. Removed after
-- rampart.idempotency.retention (24 h).
create table rampart.idempotency_keys (
    user_id      uuid not null references rampart.users (id) on delete cascade,
    key_hash     varchar(64) not null,
    fingerprint  bytea not null,
    state        varchar(10) not null,
    attempt      uuid not null,
    locked_until timestamptz not null,
    status       integer,
    content_type varchar(200),
    location     varchar(2000),
    etag         varchar(200),
    body         bytea,
    created_at   timestamptz not null,
    constraint idempotency_keys_pk primary key (user_id, key_hash),
    constraint idempotency_keys_state_check check (state in ('started', 'committed', 'completed')),
    constraint idempotency_keys_key_hash_check check (key_hash ~ '^[0-9a-f]{64}$'),
    constraint idempotency_keys_fingerprint_check check (octet_length(fingerprint) = 32)
);

create index idempotency_keys_created on rampart.idempotency_keys (created_at);

-- [jooq ignore start]
-- Row-level security: R__9c_idempotency_row_security.sql.
grant select, insert, update, delete on rampart.idempotency_keys to ${app_role};
-- [jooq ignore stop]
