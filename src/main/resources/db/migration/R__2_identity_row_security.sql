-- Row-level security of the identity module: users, sessions, tokens, second factors, devices.
--
-- Repeatable migration (Flyway runs it after the versioned ones whenever its text changes): today's
-- policies, complete. To change a policy, change it here; never in a new versioned migration.

-- [jooq ignore start] (policies and functions are not schema jOOQ generates code for)

-- ---- users ----

alter table rampart.users enable row level security;
alter table rampart.users force row level security;

drop policy if exists users_read on rampart.users;
create policy users_read on rampart.users for select using (
    id = (select rampart.current_user_id())
    or email_index = (select rampart.lookup_email_index())
    or exists (select 1 from rampart.org_members m
                where m.user_id = users.id and m.org_id = any ((select rampart.member_org_ids())::uuid[])));

drop policy if exists users_sign_up on rampart.users;
create policy users_sign_up on rampart.users for insert with check (true);

drop policy if exists users_update_self on rampart.users;
create policy users_update_self on rampart.users for update
    using (id = (select rampart.current_user_id()));

-- A deleted account holds nothing personal any more (fields erased); everyone may see that it was
-- a deleted user, wherever its work is shown.
drop policy if exists users_read_deleted on rampart.users;
create policy users_read_deleted on rampart.users for select
    using (deleted_at is not null and (select rampart.current_user_id()) is not null);

-- ---- user_sessions ----

alter table rampart.user_sessions enable row level security;
alter table rampart.user_sessions force row level security;

-- Sessions: your own, or the one whose token hash the request presented.
drop policy if exists sessions_read on rampart.user_sessions;
create policy sessions_read on rampart.user_sessions for select using (
    user_id = (select rampart.current_user_id()) or token_hash = (select rampart.lookup_token_hash()));

drop policy if exists sessions_create on rampart.user_sessions;
create policy sessions_create on rampart.user_sessions for insert
    with check (user_id = (select rampart.current_user_id()));

drop policy if exists sessions_update on rampart.user_sessions;
create policy sessions_update on rampart.user_sessions for update using (
    user_id = (select rampart.current_user_id()) or token_hash = (select rampart.lookup_token_hash()));

-- Sessions: a user may end their own (sign out everywhere, revoke one).
drop policy if exists sessions_delete on rampart.user_sessions;
create policy sessions_delete on rampart.user_sessions for delete using (user_id = (select rampart.current_user_id()));

-- ---- api_tokens ----

alter table rampart.api_tokens enable row level security;
alter table rampart.api_tokens force row level security;

drop policy if exists api_tokens_own on rampart.api_tokens;
create policy api_tokens_own on rampart.api_tokens for all
    using (user_id = (select rampart.current_user_id()) or token_hash = (select rampart.lookup_token_hash()))
    with check (user_id = (select rampart.current_user_id()) or token_hash = (select rampart.lookup_token_hash()));

-- ---- one_time_tokens ----

alter table rampart.one_time_tokens enable row level security;
alter table rampart.one_time_tokens force row level security;

drop policy if exists one_time_tokens_own on rampart.one_time_tokens;
create policy one_time_tokens_own on rampart.one_time_tokens for all
    using (user_id = (select rampart.current_user_id()) or token_hash = (select rampart.lookup_token_hash()))
    with check (user_id = (select rampart.current_user_id()) or token_hash = (select rampart.lookup_token_hash()));

-- ---- csrf_tokens ----

alter table rampart.csrf_tokens enable row level security;
alter table rampart.csrf_tokens force row level security;

drop policy if exists csrf_tokens_own on rampart.csrf_tokens;
create policy csrf_tokens_own on rampart.csrf_tokens for all
    using (user_id = (select rampart.current_user_id()))
    with check (user_id = (select rampart.current_user_id()));

-- ---- known_devices ----

alter table rampart.known_devices enable row level security;
alter table rampart.known_devices force row level security;

drop policy if exists known_devices_own on rampart.known_devices;
create policy known_devices_own on rampart.known_devices for all
    using (user_id = (select rampart.current_user_id()))
    with check (user_id = (select rampart.current_user_id()));

-- ---- totp_credentials ----

alter table rampart.totp_credentials enable row level security;
alter table rampart.totp_credentials force row level security;

drop policy if exists totp_own on rampart.totp_credentials;
create policy totp_own on rampart.totp_credentials for all
    using (user_id = (select rampart.current_user_id())) with check (user_id = (select rampart.current_user_id()));

-- ---- recovery_codes ----

alter table rampart.recovery_codes enable row level security;
alter table rampart.recovery_codes force row level security;

drop policy if exists recovery_codes_own on rampart.recovery_codes;
create policy recovery_codes_own on rampart.recovery_codes for all
    using (user_id = (select rampart.current_user_id())) with check (user_id = (select rampart.current_user_id()));

-- ---- webauthn_users ----

alter table rampart.webauthn_users enable row level security;
alter table rampart.webauthn_users force row level security;

drop policy if exists webauthn_users_own on rampart.webauthn_users;
create policy webauthn_users_own on rampart.webauthn_users for all
    using (user_id = (select rampart.current_user_id()) or exists (
        select 1 from rampart.webauthn_credentials c where c.user_id = webauthn_users.user_id
           and c.credential_id = (select rampart.lookup_token_hash())))
    with check (user_id = (select rampart.current_user_id()));

-- ---- webauthn_credentials ----

alter table rampart.webauthn_credentials enable row level security;
alter table rampart.webauthn_credentials force row level security;

drop policy if exists webauthn_credentials_own on rampart.webauthn_credentials;
create policy webauthn_credentials_own on rampart.webauthn_credentials for all
    using (user_id = (select rampart.current_user_id()) or credential_id = (select rampart.lookup_token_hash()))
    with check (user_id = (select rampart.current_user_id()) or credential_id = (select rampart.lookup_token_hash()));

-- ---- webauthn_ceremonies ----

alter table rampart.webauthn_ceremonies enable row level security;
alter table rampart.webauthn_ceremonies force row level security;

drop policy if exists webauthn_ceremonies_own on rampart.webauthn_ceremonies;
create policy webauthn_ceremonies_own on rampart.webauthn_ceremonies for all
    using (token_hash = (select rampart.lookup_token_hash()) or user_id = (select rampart.current_user_id()))
    with check (user_id is null or user_id = (select rampart.current_user_id()));

-- [jooq ignore stop]
