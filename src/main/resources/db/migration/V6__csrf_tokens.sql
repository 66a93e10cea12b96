-- One-time CSRF tokens for browser sessions (cookie-authenticated state changes). Stored as
-- SHA-256 (hex); bound to the session; consumed by deleting the row, so a token works once even
-- across several nodes.

create table rampart.csrf_tokens (
    token_hash varchar(64) primary key,
    session_id uuid not null references rampart.user_sessions (id) on delete cascade,
    user_id    uuid not null references rampart.users (id) on delete cascade,
    expires_at timestamptz not null,
    created_at timestamptz not null
);
create index csrf_tokens_session_idx on rampart.csrf_tokens (session_id, created_at);

-- [jooq ignore start]
alter table rampart.csrf_tokens enable row level security;
alter table rampart.csrf_tokens force row level security;
create policy csrf_tokens_own on rampart.csrf_tokens for all
    using (user_id = (select rampart.current_user_id()))
    with check (user_id = (select rampart.current_user_id()));
grant select, insert, delete on rampart.csrf_tokens to ${app_role};
-- [jooq ignore stop]
