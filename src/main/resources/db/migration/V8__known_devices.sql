-- Devices a user has signed in from (a long-lived random cookie, stored as SHA-256). A sign-in
-- that presents a device cookie of the account it names is throttled per device instead of per
-- account, so an attacker hammering the account cannot lock its owner out (OWASP "device
-- cookies"). Rows are the user's own (RLS); the pre-authentication check goes through a
-- SECURITY DEFINER function that answers only yes or no.

create table rampart.known_devices (
    token_hash   bytea not null,
    user_id      uuid not null references rampart.users (id) on delete cascade,
    created_at   timestamptz not null,
    last_used_at timestamptz not null,
    expires_at   timestamptz not null
);
create index known_devices_user_idx on rampart.known_devices (user_id, last_used_at);

-- [jooq ignore start]
alter table rampart.known_devices add primary key (token_hash);
alter table rampart.known_devices enable row level security;
alter table rampart.known_devices force row level security;
create policy known_devices_own on rampart.known_devices for all
    using (user_id = (select rampart.current_user_id()))
    with check (user_id = (select rampart.current_user_id()));
grant select, insert, update, delete on rampart.known_devices to ${app_role};

create function rampart.is_known_device(device_hash bytea, account_email text) returns boolean
    language sql stable security definer set search_path = pg_catalog, rampart
    as $$ select exists (select 1 from rampart.known_devices d join rampart.users u on u.id = d.user_id
                         where d.token_hash = device_hash and u.email = account_email
                           and d.expires_at > now()) $$;
revoke all on function rampart.is_known_device(bytea, text) from public;
grant execute on function rampart.is_known_device(bytea, text) to ${app_role};
-- [jooq ignore stop]
