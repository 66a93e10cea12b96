-- Per-user project access, precomputed: one row per (user, project) the user holds a role in,
-- with that role's permission list (owners and admins: the manager role's list for every project
-- of their organization, as AccessRules says). Triggers keep it in step with org_members,
-- project_members, projects and project_roles in the same transaction as the change, so the task
-- policies answer "which projects may this user read?" with one index probe instead of calling
-- functions that join four tables (docs/performance.md).

create table rampart.project_access (
    user_id     uuid not null references rampart.users (id) on delete cascade,
    project_id  uuid not null references rampart.projects (id) on delete cascade,
    org_id      uuid not null references rampart.organizations (id) on delete cascade,
    permissions text[] not null,
    constraint project_access_pk primary key (user_id, project_id)
);
create index project_access_org_user_idx on rampart.project_access (org_id, user_id);

-- [jooq ignore start]

-- Recomputes one user's rows for one organization from the source tables (nothing when the
-- organization itself is being deleted in this transaction: its rows go by cascade).
create function rampart.refresh_project_access(u uuid, o uuid) returns void
    language plpgsql security definer set search_path = pg_catalog, rampart
    as $$ begin
        delete from rampart.project_access where user_id = u and org_id = o;
        if not exists (select 1 from rampart.organizations where id = o) then
            return;
        end if;
        insert into rampart.project_access (user_id, project_id, org_id, permissions)
        select u, p.id, o, (select r.permissions from rampart.project_roles r
                             where r.id = '00000000-0000-0000-0000-000000000001')
          from rampart.org_members om join rampart.projects p on p.org_id = om.org_id
         where om.user_id = u and om.org_id = o and om.role in ('owner', 'admin')
        union all
        select u, pm.project_id, o, r.permissions
          from rampart.project_members pm
          join rampart.projects p on p.id = pm.project_id
          join rampart.org_members om on om.org_id = pm.org_id and om.user_id = pm.user_id
          join rampart.project_roles r on r.id = pm.role_id
         where pm.user_id = u and pm.org_id = o and om.role not in ('owner', 'admin');
    end $$;

create function rampart.project_access_on_membership() returns trigger
    language plpgsql security definer set search_path = pg_catalog, rampart
    as $$ begin
        if tg_op in ('UPDATE', 'DELETE') then
            perform rampart.refresh_project_access(old.user_id, old.org_id);
        end if;
        if tg_op in ('INSERT', 'UPDATE') then
            perform rampart.refresh_project_access(new.user_id, new.org_id);
        end if;
        return null;
    end $$;

create function rampart.project_access_on_project() returns trigger
    language plpgsql security definer set search_path = pg_catalog, rampart
    as $$ begin
        perform rampart.refresh_project_access(om.user_id, new.org_id)
           from rampart.org_members om where om.org_id = new.org_id and om.role in ('owner', 'admin');
        return null;
    end $$;

create function rampart.project_access_on_role() returns trigger
    language plpgsql security definer set search_path = pg_catalog, rampart
    as $$ begin
        if new.permissions is distinct from old.permissions then
            perform rampart.refresh_project_access(pm.user_id, pm.org_id)
               from (select distinct user_id, org_id from rampart.project_members where role_id = new.id) pm;
            if new.id = '00000000-0000-0000-0000-000000000001' then
                perform rampart.refresh_project_access(om.user_id, om.org_id)
                   from rampart.org_members om where om.role in ('owner', 'admin');
            end if;
        end if;
        return null;
    end $$;

revoke all on function rampart.refresh_project_access(uuid, uuid), rampart.project_access_on_membership(),
    rampart.project_access_on_project(), rampart.project_access_on_role() from public;

create trigger project_access_org_members after insert or update or delete on rampart.org_members
    for each row execute function rampart.project_access_on_membership();
create trigger project_access_project_members after insert or update or delete on rampart.project_members
    for each row execute function rampart.project_access_on_membership();
create trigger project_access_projects after insert on rampart.projects
    for each row execute function rampart.project_access_on_project();
create trigger project_access_roles after update on rampart.project_roles
    for each row execute function rampart.project_access_on_role();

-- Existing data.
select rampart.refresh_project_access(m.user_id, m.org_id) from rampart.org_members m;

alter table rampart.project_access enable row level security;
alter table rampart.project_access force row level security;
create policy project_access_own on rampart.project_access for select
    using (user_id = (select rampart.current_user_id()));
grant select on rampart.project_access to ${app_role};

-- The membership functions now read the precomputed rows.
create or replace function rampart.visible_project_ids() returns uuid[]
    language plpgsql stable security definer set search_path = pg_catalog, rampart
    set plan_cache_mode = force_generic_plan
    as $$ begin
              return (select coalesce(array_agg(a.project_id), '{}') from rampart.project_access a
                       where a.user_id = rampart.current_user_id());
          end $$;

create or replace function rampart.project_ids_with(permission text) returns uuid[]
    language plpgsql stable security definer set search_path = pg_catalog, rampart
    set plan_cache_mode = force_generic_plan
    as $$ begin
              return (select coalesce(array_agg(a.project_id), '{}') from rampart.project_access a
                       where a.user_id = rampart.current_user_id() and permission = any (a.permissions));
          end $$;

-- The task policies read them directly: a subquery on the user's own rows, no function call.
drop policy tasks_read on rampart.tasks;
create policy tasks_read on rampart.tasks for select using (
    (array_position((select array_agg(a.project_id) from rampart.project_access a
                      where a.user_id = (select rampart.current_user_id()) and 'task.read' = any (a.permissions)),
                    project_id) is not null
        and (visibility = 'project'
             or created_by = (select rampart.current_user_id())
             or array_position((select array_agg(a.project_id) from rampart.project_access a
                                 where a.user_id = (select rampart.current_user_id())
                                   and 'task.read_restricted' = any (a.permissions)), project_id) is not null))
    or (assignee_id = (select rampart.current_user_id())
        and array_position((select rampart.member_org_ids()), org_id) is not null)
    or array_position((select rampart.granted_task_ids()), id) is not null);

drop policy tasks_update on rampart.tasks;
create policy tasks_update on rampart.tasks for update using (
    (array_position((select array_agg(a.project_id) from rampart.project_access a
                      where a.user_id = (select rampart.current_user_id()) and 'task.read' = any (a.permissions)),
                    project_id) is not null
        and (visibility = 'project'
             or created_by = (select rampart.current_user_id())
             or array_position((select array_agg(a.project_id) from rampart.project_access a
                                 where a.user_id = (select rampart.current_user_id())
                                   and 'task.read_restricted' = any (a.permissions)), project_id) is not null))
    or (assignee_id = (select rampart.current_user_id())
        and array_position((select rampart.member_org_ids()), org_id) is not null)
    or array_position((select rampart.granted_task_ids()), id) is not null)
    with check (org_id = any ((select rampart.member_org_ids())::uuid[]));

-- [jooq ignore stop]
