-- The multi-layer access engine: project roles as data (built-in and per-organization custom
-- roles, each a named set of permissions), task visibility, and task grants that can expire.
-- Row-level security below mirrors the read rules of dev.rampart.access.AccessRules.

create table rampart.project_roles (
    id          uuid primary key,
    org_id      uuid references rampart.organizations (id) on delete cascade,
    name        varchar(64) not null,
    permissions text[] not null,
    created_by  uuid references rampart.users (id) on delete set null,
    created_at  timestamptz not null
);

-- [jooq ignore start]
-- Built-in roles have no organization; their permission arrays are rewritten from
-- dev.rampart.access.RolePermissions at every start, so the Java table stays the one source.
insert into rampart.project_roles (id, org_id, name, permissions, created_at) values
    ('00000000-0000-0000-0000-000000000001', null, 'manager', '{}', now()),
    ('00000000-0000-0000-0000-000000000002', null, 'contributor', '{}', now()),
    ('00000000-0000-0000-0000-000000000003', null, 'viewer', '{}', now());
-- [jooq ignore stop]

alter table rampart.project_members add column role_id uuid;
alter table rampart.project_members add constraint project_members_role_fk
    foreign key (role_id) references rampart.project_roles (id);
-- [jooq ignore start]
update rampart.project_members pm set role_id = r.id from rampart.project_roles r
 where r.org_id is null and r.name = pm.role;
-- [jooq ignore stop]
alter table rampart.project_members alter column role_id set not null;
alter table rampart.project_members drop constraint project_members_role_check;
alter table rampart.project_members drop column role;
create index project_members_role_idx on rampart.project_members (role_id);

alter table rampart.tasks add column visibility varchar(16) not null default 'project';
alter table rampart.tasks add constraint tasks_visibility_check check (visibility in ('project', 'restricted'));

create table rampart.task_grants (
    id         uuid primary key,
    org_id     uuid not null references rampart.organizations (id) on delete cascade,
    project_id uuid not null references rampart.projects (id) on delete cascade,
    task_id    uuid not null references rampart.tasks (id) on delete cascade,
    user_id    uuid not null references rampart.users (id) on delete cascade,
    role       varchar(16) not null,
    expires_at timestamptz,
    created_by uuid not null references rampart.users (id),
    created_at timestamptz not null,
    constraint task_grants_task_user_unique unique (task_id, user_id),
    constraint task_grants_role_check check (role in ('viewer', 'collaborator'))
);
create index task_grants_user_idx on rampart.task_grants (user_id, task_id);
create index task_grants_org_user_idx on rampart.task_grants (org_id, user_id);

-- [jooq ignore start]

create unique index project_roles_name_idx
    on rampart.project_roles (coalesce(org_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name));

create function rampart.owner_org_ids() returns uuid[]
    language sql stable security definer set search_path = pg_catalog, rampart
    as $$ select coalesce(array_agg(m.org_id), '{}') from rampart.org_members m
          where m.user_id = rampart.current_user_id() and m.role = 'owner' $$;

-- Projects in which the current user holds a permission: every project of an organization they
-- own or administer (those roles act as managers everywhere), plus the projects whose role
-- (built-in or custom) lists it. Called as (select ...) so it runs once per statement.
create function rampart.project_ids_with(permission text) returns uuid[]
    language sql stable security definer set search_path = pg_catalog, rampart
    as $$ select coalesce(array_agg(id), '{}') from (
              select p.id from rampart.projects p
               where p.org_id = any (rampart.admin_org_ids())
                 and permission = any ((select r.permissions from rampart.project_roles r
                                         where r.id = '00000000-0000-0000-0000-000000000001')::text[])
              union
              select pm.project_id from rampart.project_members pm
                join rampart.org_members om on om.org_id = pm.org_id and om.user_id = pm.user_id
                join rampart.project_roles r on r.id = pm.role_id
               where pm.user_id = rampart.current_user_id() and permission = any (r.permissions)
          ) v $$;

-- Tasks shared with the current user by a grant that has not expired, in organizations they
-- still belong to.
create function rampart.granted_task_ids() returns uuid[]
    language sql stable security definer set search_path = pg_catalog, rampart
    as $$ select coalesce(array_agg(g.task_id), '{}') from rampart.task_grants g
          where g.user_id = rampart.current_user_id()
            and (g.expires_at is null or g.expires_at > now())
            and g.org_id = any (rampart.member_org_ids()) $$;

revoke all on function rampart.owner_org_ids(), rampart.project_ids_with(text), rampart.granted_task_ids() from public;
grant execute on function rampart.owner_org_ids(), rampart.project_ids_with(text), rampart.granted_task_ids()
    to ${app_role};

alter table rampart.project_roles enable row level security;
alter table rampart.project_roles force row level security;
alter table rampart.task_grants enable row level security;
alter table rampart.task_grants force row level security;

create policy project_roles_read on rampart.project_roles for select
    using (org_id is null or org_id = any ((select rampart.member_org_ids())::uuid[]));
create policy project_roles_write on rampart.project_roles for all
    using (org_id = any ((select rampart.owner_org_ids())::uuid[]))
    with check (org_id = any ((select rampart.owner_org_ids())::uuid[]));

-- Tasks: visible through a project role with task.read, unless restricted, in which case only to
-- holders of task.read_restricted and the creator; always to the assignee (while a member of the
-- organization) and to holders of a live grant.
drop policy tasks_all on rampart.tasks;
create policy tasks_read on rampart.tasks for select using (
    (project_id = any ((select rampart.project_ids_with('task.read'))::uuid[])
        and (visibility = 'project'
             or created_by = (select rampart.current_user_id())
             or project_id = any ((select rampart.project_ids_with('task.read_restricted'))::uuid[])))
    or (assignee_id = (select rampart.current_user_id())
        and org_id = any ((select rampart.member_org_ids())::uuid[]))
    or id = any ((select rampart.granted_task_ids())::uuid[]));
create policy tasks_create on rampart.tasks for insert with check (
    project_id = any ((select rampart.project_ids_with('task.create'))::uuid[])
    and created_by = (select rampart.current_user_id()));
create policy tasks_update on rampart.tasks for update using (
    (project_id = any ((select rampart.project_ids_with('task.read'))::uuid[])
        and (visibility = 'project'
             or created_by = (select rampart.current_user_id())
             or project_id = any ((select rampart.project_ids_with('task.read_restricted'))::uuid[])))
    or (assignee_id = (select rampart.current_user_id())
        and org_id = any ((select rampart.member_org_ids())::uuid[]))
    or id = any ((select rampart.granted_task_ids())::uuid[]))
    with check (org_id = any ((select rampart.member_org_ids())::uuid[]));
create policy tasks_delete on rampart.tasks for delete using (
    project_id = any ((select rampart.project_ids_with('task.delete'))::uuid[])
    and (visibility = 'project'
         or created_by = (select rampart.current_user_id())
         or project_id = any ((select rampart.project_ids_with('task.read_restricted'))::uuid[])));

-- Comments follow their task: whoever sees the task (by the policies above) sees its comments.
drop policy comments_all on rampart.comments;
create policy comments_read on rampart.comments for select
    using (exists (select 1 from rampart.tasks t where t.id = comments.task_id));
create policy comments_create on rampart.comments for insert
    with check (author_id = (select rampart.current_user_id())
                and exists (select 1 from rampart.tasks t where t.id = comments.task_id));
create policy comments_delete on rampart.comments for delete
    using (exists (select 1 from rampart.tasks t where t.id = comments.task_id)
           and (author_id = (select rampart.current_user_id())
                or project_id = any ((select rampart.project_ids_with('comment.delete'))::uuid[])));

-- Grants: the grantee sees their own; sharing a task needs task.share in its project. Removing a
-- member from the organization deletes their grants (organization administrators).
create policy task_grants_read on rampart.task_grants for select
    using (user_id = (select rampart.current_user_id())
           or project_id = any ((select rampart.project_ids_with('task.share'))::uuid[]));
create policy task_grants_create on rampart.task_grants for insert
    with check (project_id = any ((select rampart.project_ids_with('task.share'))::uuid[])
                and created_by = (select rampart.current_user_id()));
create policy task_grants_delete on rampart.task_grants for delete
    using (project_id = any ((select rampart.project_ids_with('task.share'))::uuid[])
           or org_id = any ((select rampart.admin_org_ids())::uuid[]));

-- Project membership: readable with the project, changed only with project.manage_members.
drop policy project_members_all on rampart.project_members;
create policy project_members_read on rampart.project_members for select
    using (project_id = any ((select rampart.visible_project_ids())::uuid[]));
create policy project_members_create on rampart.project_members for insert
    with check (project_id = any ((select rampart.project_ids_with('project.manage_members'))::uuid[])
                and org_id = any ((select rampart.member_org_ids())::uuid[]));
create policy project_members_update on rampart.project_members for update
    using (project_id = any ((select rampart.project_ids_with('project.manage_members'))::uuid[]));
create policy project_members_delete on rampart.project_members for delete
    using (project_id = any ((select rampart.project_ids_with('project.manage_members'))::uuid[])
           or org_id = any ((select rampart.admin_org_ids())::uuid[]));

grant select, insert, update, delete on rampart.project_roles, rampart.task_grants to ${app_role};

-- [jooq ignore stop]
