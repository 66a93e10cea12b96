-- User emails and display names are stored sealed with the platform's data key (bound to the
-- user's row), and accounts are found by email through a blind index: HMAC-SHA256 of the
-- normalised address with the platform's index key (see docs/keys.md, docs/data-classification.md).
-- Accounts created before this migration keep their plaintext in email_plain/display_name_plain
-- until Rampart seals them at start, before it serves requests (ops/ContentSealer); a later
-- migration drops those columns. Upgrade with every node stopped: older nodes would write
-- plaintext accounts that sign-in no longer finds until the next start seals them.
alter table rampart.users rename column email to email_plain;
alter table rampart.users rename column display_name to display_name_plain;
alter table rampart.users alter column email_plain drop not null;
alter table rampart.users alter column display_name_plain drop not null;
alter table rampart.users add column email bytea;
alter table rampart.users add column display_name bytea;
alter table rampart.users add column email_index bytea;

-- [jooq ignore start]
alter table rampart.users add constraint users_sealed_or_plain check (
    (email is not null and display_name is not null and email_index is not null)
    or (email_plain is not null and display_name_plain is not null));
create unique index users_email_index_unique on rampart.users (email_index);
create index users_plain_idx on rampart.users (id) where email_plain is not null;

-- The lookup setting now carries the blind index (hex) of the address a sign-in names, never the
-- address itself.
drop policy users_read on rampart.users;
drop function rampart.lookup_email();
create function rampart.lookup_email_index() returns bytea
    language sql stable parallel safe
    as $$ select decode(nullif(current_setting('rampart.lookup_email_index', true), ''), 'hex') $$;
create policy users_read on rampart.users for select using (
    id = (select rampart.current_user_id())
    or email_index = (select rampart.lookup_email_index())
    or exists (select 1 from rampart.org_members m
                where m.user_id = users.id and m.org_id = any ((select rampart.member_org_ids())::uuid[])));

drop function rampart.is_known_device(bytea, text);
create function rampart.is_known_device(device_hash bytea, account_email_index bytea) returns boolean
    language sql stable security definer set search_path = pg_catalog, rampart
    as $$ select exists (select 1 from rampart.known_devices d join rampart.users u on u.id = d.user_id
                         where d.token_hash = device_hash and u.email_index = account_email_index
                           and d.expires_at > now()) $$;
revoke all on function rampart.is_known_device(bytea, bytea) from public;
grant execute on function rampart.is_known_device(bytea, bytea) to ${app_role};
-- [jooq ignore stop]
