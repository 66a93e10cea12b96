-- Issue 7: email verification, invitations, password reset, session management, multi-factor
-- authentication (TOTP, recovery codes, passkeys), personal API tokens, and the mail outbox.
-- Every token is 256 random bits, handed out once and stored as its SHA-256. Row-level security:
-- a user's own rows, or the one row whose token hash the request presents (rampart.lookup_token_hash).

alter table rampart.users add column email_verified_at timestamptz;
-- Whether the account has a second factor (a confirmed TOTP or a passkey): kept by the MFA service.
alter table rampart.users add column mfa_enrolled boolean not null default false;
alter table rampart.organizations add column require_mfa boolean not null default false;
-- Sessions remember the device (user agent) and address they were opened from, sealed with the
-- platform key, and when they last proved their user (step-up; sign-in counts).
alter table rampart.user_sessions add column device bytea;
alter table rampart.user_sessions add column address bytea;
alter table rampart.user_sessions add column second_factor boolean not null default false;
alter table rampart.user_sessions add column proven_at timestamptz;

create table rampart.one_time_tokens (
    token_hash bytea not null,
    purpose    varchar(24) not null,
    user_id    uuid not null references rampart.users (id) on delete cascade,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at    timestamptz,
    constraint one_time_tokens_purpose_check check (purpose in ('verify-email', 'reset-password', 'mfa-challenge'))
);
create index one_time_tokens_user_idx on rampart.one_time_tokens (user_id, purpose);

create table rampart.invitations (
    id          uuid primary key,
    org_id      uuid not null references rampart.organizations (id) on delete cascade,
    email       bytea not null,
    email_index bytea not null,
    role        varchar(16) not null,
    token_hash  bytea not null,
    invited_by  uuid not null references rampart.users (id) on delete cascade,
    created_at  timestamptz not null,
    expires_at  timestamptz not null,
    accepted_at timestamptz,
    accepted_by uuid references rampart.users (id) on delete set null,
    revoked_at  timestamptz,
    constraint invitations_role_check check (role in ('admin', 'member', 'guest'))
);
create index invitations_org_idx on rampart.invitations (org_id, created_at);

create table rampart.totp_credentials (
    user_id      uuid primary key references rampart.users (id) on delete cascade,
    seed         bytea not null,
    confirmed_at timestamptz,
    last_step    bigint not null default 0,
    created_at   timestamptz not null
);

create table rampart.recovery_codes (
    user_id    uuid not null references rampart.users (id) on delete cascade,
    code_hash  bytea not null,
    created_at timestamptz not null,
    used_at    timestamptz
);
create index recovery_codes_user_idx on rampart.recovery_codes (user_id);

create table rampart.webauthn_users (
    user_id uuid primary key references rampart.users (id) on delete cascade,
    handle  bytea not null
);

create table rampart.webauthn_credentials (
    credential_id     bytea not null,
    user_id           uuid not null references rampart.users (id) on delete cascade,
    public_key        bytea not null,
    signature_count   bigint not null,
    uv_initialized    boolean not null,
    backup_eligible   boolean not null,
    backup_state      boolean not null,
    transports        varchar(200) not null,
    attestation_object bytea not null,
    client_data_json  bytea not null,
    label             varchar(100) not null,
    created_at        timestamptz not null,
    last_used_at      timestamptz not null
);
create index webauthn_credentials_user_idx on rampart.webauthn_credentials (user_id);

-- A registration or authentication ceremony between its options and the authenticator's answer.
create table rampart.webauthn_ceremonies (
    token_hash bytea not null,
    user_id    uuid references rampart.users (id) on delete cascade,
    purpose    varchar(16) not null,
    options    text not null,
    expires_at timestamptz not null,
    constraint webauthn_ceremonies_purpose_check check (purpose in ('register', 'authenticate'))
);

create table rampart.api_tokens (
    id           uuid primary key,
    user_id      uuid not null references rampart.users (id) on delete cascade,
    name         varchar(100) not null,
    token_hash   bytea not null,
    read_only    boolean not null,
    org_id       uuid references rampart.organizations (id) on delete cascade,
    created_at   timestamptz not null,
    expires_at   timestamptz not null,
    last_used_at timestamptz,
    revoked_at   timestamptz
);
create index api_tokens_user_idx on rampart.api_tokens (user_id, created_at);

-- Mail waits here until the worker (mail/MailWorker) has handed it to the SMTP server: a request
-- never waits for, or fails with, the mail server. The payload (recipient, subject, bodies, with
-- any link token) is sealed with the platform key and cleared once sent.
create table rampart.mail_outbox (
    id              uuid primary key,
    kind            varchar(32) not null,
    payload         bytea,
    created_at      timestamptz not null,
    next_attempt_at timestamptz not null,
    attempts        integer not null default 0,
    claimed_until   timestamptz,
    sent_at         timestamptz,
    failed_at       timestamptz,
    last_error      varchar(200)
);

-- [jooq ignore start]
alter table rampart.one_time_tokens add primary key (token_hash);
create unique index invitations_token_idx on rampart.invitations (token_hash);
create index invitations_email_idx on rampart.invitations (email_index) where accepted_at is null and revoked_at is null;
alter table rampart.recovery_codes add primary key (user_id, code_hash);
create unique index webauthn_users_handle_idx on rampart.webauthn_users (handle);
alter table rampart.webauthn_credentials add primary key (credential_id);
alter table rampart.webauthn_ceremonies add primary key (token_hash);
create unique index api_tokens_token_idx on rampart.api_tokens (token_hash);
create index mail_outbox_due_idx on rampart.mail_outbox (next_attempt_at) where sent_at is null and failed_at is null;

alter table rampart.one_time_tokens enable row level security;
alter table rampart.one_time_tokens force row level security;
create policy one_time_tokens_own on rampart.one_time_tokens for all
    using (user_id = (select rampart.current_user_id()) or token_hash = (select rampart.lookup_token_hash()))
    with check (user_id = (select rampart.current_user_id()) or token_hash = (select rampart.lookup_token_hash()));

alter table rampart.invitations enable row level security;
alter table rampart.invitations force row level security;
create policy invitations_admins on rampart.invitations for all
    using (org_id = any ((select rampart.admin_org_ids())::uuid[]) or token_hash = (select rampart.lookup_token_hash()))
    with check (org_id = any ((select rampart.admin_org_ids())::uuid[]) or token_hash = (select rampart.lookup_token_hash()));

-- The holder of a live invitation may add themselves to its organization with its role.
create policy org_members_accept_invitation on rampart.org_members for insert
    with check (user_id = (select rampart.current_user_id()) and exists (
        select 1 from rampart.invitations i
         where i.org_id = org_members.org_id and i.role = org_members.role
           and i.token_hash = (select rampart.lookup_token_hash())
           and i.accepted_at is null and i.revoked_at is null and i.expires_at > now()));
-- ...and read that organization's name while accepting.
create policy orgs_read_invited on rampart.organizations for select using (exists (
    select 1 from rampart.invitations i where i.org_id = organizations.id
       and i.token_hash = (select rampart.lookup_token_hash())));

alter table rampart.totp_credentials enable row level security;
alter table rampart.totp_credentials force row level security;
create policy totp_own on rampart.totp_credentials for all
    using (user_id = (select rampart.current_user_id())) with check (user_id = (select rampart.current_user_id()));

alter table rampart.recovery_codes enable row level security;
alter table rampart.recovery_codes force row level security;
create policy recovery_codes_own on rampart.recovery_codes for all
    using (user_id = (select rampart.current_user_id())) with check (user_id = (select rampart.current_user_id()));

-- Passwordless sign-in finds a credential (and its user's handle) by the credential id the
-- authenticator presents, carried in rampart.lookup_token_hash.
alter table rampart.webauthn_users enable row level security;
alter table rampart.webauthn_users force row level security;
create policy webauthn_users_own on rampart.webauthn_users for all
    using (user_id = (select rampart.current_user_id()) or exists (
        select 1 from rampart.webauthn_credentials c where c.user_id = webauthn_users.user_id
           and c.credential_id = (select rampart.lookup_token_hash())))
    with check (user_id = (select rampart.current_user_id()));
alter table rampart.webauthn_credentials enable row level security;
alter table rampart.webauthn_credentials force row level security;
create policy webauthn_credentials_own on rampart.webauthn_credentials for all
    using (user_id = (select rampart.current_user_id()) or credential_id = (select rampart.lookup_token_hash()))
    with check (user_id = (select rampart.current_user_id()) or credential_id = (select rampart.lookup_token_hash()));

alter table rampart.webauthn_ceremonies enable row level security;
alter table rampart.webauthn_ceremonies force row level security;
create policy webauthn_ceremonies_own on rampart.webauthn_ceremonies for all
    using (token_hash = (select rampart.lookup_token_hash()) or user_id = (select rampart.current_user_id()))
    with check (user_id is null or user_id = (select rampart.current_user_id()));

alter table rampart.api_tokens enable row level security;
alter table rampart.api_tokens force row level security;
create policy api_tokens_own on rampart.api_tokens for all
    using (user_id = (select rampart.current_user_id()) or token_hash = (select rampart.lookup_token_hash()))
    with check (user_id = (select rampart.current_user_id()) or token_hash = (select rampart.lookup_token_hash()));

alter table rampart.mail_outbox enable row level security;
alter table rampart.mail_outbox force row level security;
create policy mail_outbox_add on rampart.mail_outbox for insert with check (true);

-- Sessions: a user may end their own (sign out everywhere, revoke one).
create policy sessions_delete on rampart.user_sessions for delete using (user_id = (select rampart.current_user_id()));

-- Whether a session's or API token's user has a second factor, read while authenticating (before
-- the transaction knows the user, so row-level security would hide the users row): yes or no only.
create function rampart.mfa_enrolled(account uuid) returns boolean
    language sql stable security definer set search_path = pg_catalog, rampart
    as $$ select coalesce((select u.mfa_enrolled from rampart.users u where u.id = account), false) $$;
revoke all on function rampart.mfa_enrolled(uuid) from public;
grant execute on function rampart.mfa_enrolled(uuid) to ${app_role};

grant select, insert, update, delete on rampart.one_time_tokens, rampart.invitations, rampart.totp_credentials,
    rampart.recovery_codes, rampart.webauthn_users, rampart.webauthn_credentials, rampart.webauthn_ceremonies,
    rampart.api_tokens to ${app_role};
grant insert on rampart.mail_outbox to ${app_role};
grant delete on rampart.user_sessions to ${app_role};
-- [jooq ignore stop]
