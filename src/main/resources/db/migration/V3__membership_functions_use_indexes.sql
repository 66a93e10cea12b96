-- Membership sets as PL/pgSQL: a SQL-language SECURITY DEFINER function is planned again at
-- every call (about 1 ms each, several per statement), while PL/pgSQL keeps its plans for the
-- session (generic ones at once), and pooled sessions live long. The queries also start from the
-- current user's own org_members rows (index org_members_user_idx) and join outwards instead of
-- scanning projects.
-- Measured with bench/RlsOverhead.java: see docs/performance.md.

-- [jooq ignore start]

create or replace function rampart.member_org_ids() returns uuid[]
    language plpgsql stable security definer set search_path = pg_catalog, rampart
    set plan_cache_mode = force_generic_plan
    as $$ begin
              return (select coalesce(array_agg(m.org_id), '{}') from rampart.org_members m
                     where m.user_id = rampart.current_user_id());
          end $$;

create or replace function rampart.admin_org_ids() returns uuid[]
    language plpgsql stable security definer set search_path = pg_catalog, rampart
    set plan_cache_mode = force_generic_plan
    as $$ begin
              return (select coalesce(array_agg(m.org_id), '{}') from rampart.org_members m
                     where m.user_id = rampart.current_user_id() and m.role in ('owner', 'admin'));
          end $$;

create or replace function rampart.owner_org_ids() returns uuid[]
    language plpgsql stable security definer set search_path = pg_catalog, rampart
    set plan_cache_mode = force_generic_plan
    as $$ begin
              return (select coalesce(array_agg(m.org_id), '{}') from rampart.org_members m
                     where m.user_id = rampart.current_user_id() and m.role = 'owner');
          end $$;

create or replace function rampart.visible_project_ids() returns uuid[]
    language plpgsql stable security definer set search_path = pg_catalog, rampart
    set plan_cache_mode = force_generic_plan
    as $$ begin
              return (select coalesce(array_agg(id), '{}') from (
                         select p.id from rampart.org_members om
                           join rampart.projects p on p.org_id = om.org_id
                          where om.user_id = rampart.current_user_id() and om.role in ('owner', 'admin')
                         union
                         select pm.project_id from rampart.project_members pm
                           join rampart.org_members om on om.org_id = pm.org_id and om.user_id = pm.user_id
                          where pm.user_id = rampart.current_user_id()
                     ) v);
          end $$;

create or replace function rampart.project_ids_with(permission text) returns uuid[]
    language plpgsql stable security definer set search_path = pg_catalog, rampart
    set plan_cache_mode = force_generic_plan
    as $$ begin
              return (select coalesce(array_agg(id), '{}') from (
                         select p.id from rampart.org_members om
                           join rampart.projects p on p.org_id = om.org_id
                          where om.user_id = rampart.current_user_id() and om.role in ('owner', 'admin')
                            and permission = any ((select r.permissions from rampart.project_roles r
                                                    where r.id = '00000000-0000-0000-0000-000000000001')::text[])
                         union
                         select pm.project_id from rampart.project_members pm
                           join rampart.org_members om on om.org_id = pm.org_id and om.user_id = pm.user_id
                           join rampart.project_roles r on r.id = pm.role_id
                          where pm.user_id = rampart.current_user_id() and permission = any (r.permissions)
                     ) v);
          end $$;

create or replace function rampart.granted_task_ids() returns uuid[]
    language plpgsql stable security definer set search_path = pg_catalog, rampart
    set plan_cache_mode = force_generic_plan
    as $$ begin
              return (select coalesce(array_agg(g.task_id), '{}') from rampart.task_grants g
                       join rampart.org_members om on om.org_id = g.org_id and om.user_id = g.user_id
                      where g.user_id = rampart.current_user_id()
                        and (g.expires_at is null or g.expires_at > now()));
          end $$;

-- [jooq ignore stop]
