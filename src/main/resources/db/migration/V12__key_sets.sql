-- Data keys: one Tink keyset per organization and purpose ('data': AES-256-GCM for content,
-- 'index': HMAC-SHA256 for blind indexes, 'audit': AES-256-GCM for activity-log data, whose
-- old keys are never retired because entries are never re-encrypted; 'stream': AES-256-GCM-HKDF
-- streaming for attachment files), and the platform's (org_id 00000000-...: user emails
-- and names). Stored only wrapped by a key-encryption key of the key store named in store_id;
-- the wrapping is bound to (org_id, purpose), so a wrapped keyset copied to another row does not
-- open. No foreign key: deleting an organization deletes its rows here explicitly (crypto-shredding).
create table rampart.key_sets (
    org_id         uuid not null,
    purpose        varchar(16) not null,
    store_id       varchar(64) not null,
    kek_id         varchar(64) not null,
    wrapped        bytea not null,
    primary_key_id bigint not null,
    key_count      integer not null,
    created_at     timestamptz not null,
    rotated_at     timestamptz not null,
    constraint key_sets_pk primary key (org_id, purpose),
    constraint key_sets_purpose_check check (purpose in ('data', 'index', 'audit', 'stream'))
);

-- [jooq ignore start]
-- Wrapped keysets are useless without the key store, which the database never sees; every node
-- needs the keysets of every organization its users reach, so the application role reads them
-- all. It may add, re-wrap (rotation) and delete (crypto-shredding) them.
alter table rampart.key_sets enable row level security;
alter table rampart.key_sets force row level security;
create policy key_sets_all on rampart.key_sets for all using (true) with check (true);
grant select, insert, update, delete on rampart.key_sets to ${app_role};
-- [jooq ignore stop]
