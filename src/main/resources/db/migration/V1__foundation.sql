-- Rampart foundation schema. Owned by the migration role; the application role (${app_role})
-- owns nothing, has no BYPASSRLS and reaches rows only through the row-level security policies
-- below, which read the per-transaction settings the data access layer sets with set_config(..., true).

create table rampart.users (
    id            uuid primary key,
    email         varchar(254) not null,
    display_name  text not null,
    password_hash text not null,
    created_at    timestamptz not null,
    updated_at    timestamptz not null,
    constraint users_email_unique unique (email)
);

create table rampart.user_sessions (
    id              uuid primary key,
    user_id         uuid not null references rampart.users (id) on delete cascade,
    token_hash      bytea not null,
    created_at      timestamptz not null,
    last_seen_at    timestamptz not null,
    expires_at      timestamptz not null,
    revoked_at      timestamptz
);
create index user_sessions_user_idx on rampart.user_sessions (user_id);

create table rampart.organizations (
    id         uuid primary key,
    name       text not null,
    created_by uuid not null references rampart.users (id),
    created_at timestamptz not null,
    updated_at timestamptz not null
);

create table rampart.org_members (
    org_id     uuid not null references rampart.organizations (id) on delete cascade,
    user_id    uuid not null references rampart.users (id) on delete cascade,
    role       text not null,
    created_at timestamptz not null,
    constraint org_members_pk primary key (org_id, user_id),
    constraint org_members_role_check check (role in ('owner', 'admin', 'member', 'guest'))
);
create index org_members_user_idx on rampart.org_members (user_id, org_id);

create table rampart.projects (
    id          uuid primary key,
    org_id      uuid not null references rampart.organizations (id) on delete cascade,
    name        text not null,
    description text not null,
    created_by  uuid not null references rampart.users (id),
    created_at  timestamptz not null,
    updated_at  timestamptz not null
);
create index projects_org_idx on rampart.projects (org_id, created_at, id);

create table rampart.project_members (
    project_id uuid not null references rampart.projects (id) on delete cascade,
    user_id    uuid not null references rampart.users (id) on delete cascade,
    org_id     uuid not null references rampart.organizations (id) on delete cascade,
    role       text not null,
    created_at timestamptz not null,
    constraint project_members_pk primary key (project_id, user_id),
    constraint project_members_role_check check (role in ('manager', 'contributor', 'viewer'))
);
create index project_members_user_idx on rampart.project_members (user_id, project_id);
create index project_members_org_user_idx on rampart.project_members (org_id, user_id);

create table rampart.tasks (
    id          uuid primary key,
    org_id      uuid not null references rampart.organizations (id) on delete cascade,
    project_id  uuid not null references rampart.projects (id) on delete cascade,
    title       text not null,
    description text not null,
    status      text not null,
    priority    text not null,
    assignee_id uuid references rampart.users (id) on delete set null,
    due_date    date,
    created_by  uuid not null references rampart.users (id),
    created_at  timestamptz not null,
    updated_by  uuid not null references rampart.users (id),
    updated_at  timestamptz not null,
    version     integer not null,
    constraint tasks_status_check check (status in ('todo', 'in_progress', 'done', 'cancelled')),
    constraint tasks_priority_check check (priority in ('low', 'medium', 'high', 'urgent'))
);
create index tasks_project_created_idx on rampart.tasks (project_id, created_at desc, id desc);
create index tasks_assignee_idx on rampart.tasks (assignee_id, created_at desc, id desc);

create table rampart.comments (
    id         uuid primary key,
    org_id     uuid not null references rampart.organizations (id) on delete cascade,
    project_id uuid not null references rampart.projects (id) on delete cascade,
    task_id    uuid not null references rampart.tasks (id) on delete cascade,
    author_id  uuid not null references rampart.users (id),
    body       text not null,
    created_at timestamptz not null
);
create index comments_task_created_idx on rampart.comments (task_id, created_at, id);

-- [jooq ignore start]

-- (jOOQ's DDL simulation cannot index bytea.)
create unique index user_sessions_token_hash_idx on rampart.user_sessions (token_hash);

-- Context of the current transaction. Values are set with set_config(name, value, true) so they
-- vanish at commit or rollback and a pooled connection never carries a stale user. An unset or
-- empty value reads as null, and a null never matches a policy: no context, no rows.
create function rampart.current_user_id() returns uuid
    language sql stable parallel safe
    as $$ select nullif(current_setting('rampart.user_id', true), '')::uuid $$;

create function rampart.lookup_email() returns text
    language sql stable parallel safe
    as $$ select nullif(current_setting('rampart.lookup_email', true), '') $$;

create function rampart.lookup_token_hash() returns bytea
    language sql stable parallel safe
    as $$ select decode(nullif(current_setting('rampart.lookup_token_hash', true), ''), 'hex') $$;

-- Membership sets of the current user. SECURITY DEFINER (owner role, which bypasses RLS) so that
-- policies on the membership tables can use them without recursing into themselves. Policies call
-- them as (select f()) so each runs once per statement and the comparison "col = any(array)" can
-- use an index.
create function rampart.member_org_ids() returns uuid[]
    language sql stable security definer set search_path = pg_catalog, rampart
    as $$ select coalesce(array_agg(m.org_id), '{}') from rampart.org_members m
          where m.user_id = rampart.current_user_id() $$;

create function rampart.admin_org_ids() returns uuid[]
    language sql stable security definer set search_path = pg_catalog, rampart
    as $$ select coalesce(array_agg(m.org_id), '{}') from rampart.org_members m
          where m.user_id = rampart.current_user_id() and m.role in ('owner', 'admin') $$;

create function rampart.visible_project_ids() returns uuid[]
    language sql stable security definer set search_path = pg_catalog, rampart
    as $$ select coalesce(array_agg(id), '{}') from (
              select p.id from rampart.projects p
               where p.org_id = any (rampart.admin_org_ids())
              union
              select pm.project_id from rampart.project_members pm
                join rampart.org_members om on om.org_id = pm.org_id and om.user_id = pm.user_id
               where pm.user_id = rampart.current_user_id()
          ) v $$;

-- A brand-new organization may receive its first member (its creator, as owner) from its creator.
create function rampart.is_unclaimed_org_of_current_user(org uuid) returns boolean
    language sql stable security definer set search_path = pg_catalog, rampart
    as $$ select exists (select 1 from rampart.organizations o
                          where o.id = org and o.created_by = rampart.current_user_id()
                            and not exists (select 1 from rampart.org_members m where m.org_id = org)) $$;

revoke all on function rampart.member_org_ids(), rampart.admin_org_ids(),
    rampart.visible_project_ids(), rampart.is_unclaimed_org_of_current_user(uuid) from public;

alter table rampart.users enable row level security;
alter table rampart.users force row level security;
alter table rampart.user_sessions enable row level security;
alter table rampart.user_sessions force row level security;
alter table rampart.organizations enable row level security;
alter table rampart.organizations force row level security;
alter table rampart.org_members enable row level security;
alter table rampart.org_members force row level security;
alter table rampart.projects enable row level security;
alter table rampart.projects force row level security;
alter table rampart.project_members enable row level security;
alter table rampart.project_members force row level security;
alter table rampart.tasks enable row level security;
alter table rampart.tasks force row level security;
alter table rampart.comments enable row level security;
alter table rampart.comments force row level security;

-- Users: yourself, people who share an organization with you, and the one account a sign-in or
-- member lookup names exactly (never a list).
create policy users_read on rampart.users for select using (
    id = (select rampart.current_user_id())
    or email = (select rampart.lookup_email())
    or exists (select 1 from rampart.org_members m
                where m.user_id = users.id and m.org_id = any ((select rampart.member_org_ids())::uuid[])));
create policy users_sign_up on rampart.users for insert with check (true);
create policy users_update_self on rampart.users for update
    using (id = (select rampart.current_user_id()));

-- Sessions: your own, or the one whose token hash the request presented.
create policy sessions_read on rampart.user_sessions for select using (
    user_id = (select rampart.current_user_id()) or token_hash = (select rampart.lookup_token_hash()));
create policy sessions_create on rampart.user_sessions for insert
    with check (user_id = (select rampart.current_user_id()));
create policy sessions_update on rampart.user_sessions for update using (
    user_id = (select rampart.current_user_id()) or token_hash = (select rampart.lookup_token_hash()));

create policy orgs_read on rampart.organizations for select
    using (id = any ((select rampart.member_org_ids())::uuid[]));
create policy orgs_create on rampart.organizations for insert
    with check (created_by = (select rampart.current_user_id()));
create policy orgs_update on rampart.organizations for update
    using (id = any ((select rampart.admin_org_ids())::uuid[]));
create policy orgs_delete on rampart.organizations for delete
    using (id = any ((select rampart.admin_org_ids())::uuid[]));

create policy org_members_read on rampart.org_members for select
    using (org_id = any ((select rampart.member_org_ids())::uuid[]));
create policy org_members_create on rampart.org_members for insert
    with check (org_id = any ((select rampart.admin_org_ids())::uuid[])
                or (user_id = (select rampart.current_user_id()) and role = 'owner'
                    and rampart.is_unclaimed_org_of_current_user(org_id)));
create policy org_members_update on rampart.org_members for update
    using (org_id = any ((select rampart.admin_org_ids())::uuid[]));
create policy org_members_delete on rampart.org_members for delete
    using (org_id = any ((select rampart.admin_org_ids())::uuid[]));

create policy projects_read on rampart.projects for select
    using (id = any ((select rampart.visible_project_ids())::uuid[]));
create policy projects_create on rampart.projects for insert
    with check (org_id = any ((select rampart.admin_org_ids())::uuid[]));
create policy projects_update on rampart.projects for update
    using (id = any ((select rampart.visible_project_ids())::uuid[]));
create policy projects_delete on rampart.projects for delete
    using (id = any ((select rampart.visible_project_ids())::uuid[]));

create policy project_members_all on rampart.project_members for all
    using (project_id = any ((select rampart.visible_project_ids())::uuid[]))
    with check (project_id = any ((select rampart.visible_project_ids())::uuid[])
                and org_id = any ((select rampart.member_org_ids())::uuid[]));

create policy tasks_all on rampart.tasks for all
    using (project_id = any ((select rampart.visible_project_ids())::uuid[]))
    with check (project_id = any ((select rampart.visible_project_ids())::uuid[]));

create policy comments_all on rampart.comments for all
    using (project_id = any ((select rampart.visible_project_ids())::uuid[]))
    with check (project_id = any ((select rampart.visible_project_ids())::uuid[])
                and author_id = (select rampart.current_user_id()));

-- The application role gets exactly what the services use, and nothing on the schema itself.
grant usage on schema rampart to ${app_role};
grant select, insert, update on rampart.users to ${app_role};
grant select, insert, update on rampart.user_sessions to ${app_role};
grant select, insert, update, delete on rampart.organizations, rampart.org_members,
    rampart.projects, rampart.project_members, rampart.tasks, rampart.comments to ${app_role};
grant execute on function rampart.member_org_ids(), rampart.admin_org_ids(),
    rampart.visible_project_ids(), rampart.is_unclaimed_org_of_current_user(uuid) to ${app_role};

-- [jooq ignore stop]
