-- Row-level security: the helper functions every policy reads, and the access module's own tables.
-- The helpers read the transaction's context (rampart.user_id, set by Database at the start of every
-- transaction) and the precomputed project_access rows.
--
-- Repeatable migration (Flyway runs it after the versioned ones whenever its text changes): today's
-- policies, complete. To change a policy, change it here; never in a new versioned migration.

-- [jooq ignore start] (policies and functions are not schema jOOQ generates code for)

-- ---- helper functions ----

-- Context of the current transaction. Values are set with set_config(name, value, true) so they
-- vanish at commit or rollback and a pooled connection never carries a stale user. An unset or
-- empty value reads as null, and a null never matches a policy: no context, no rows.
create or replace function rampart.current_user_id() returns uuid
    language sql stable parallel safe
    as $$ select nullif(current_setting('rampart.user_id', true), '')::uuid $$;

create or replace function rampart.lookup_token_hash() returns bytea
    language sql stable parallel safe
    as $$ select decode(nullif(current_setting('rampart.lookup_token_hash', true), ''), 'hex') $$;

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

-- Visibility reads the precomputed project_access rows (kept by the triggers of V5).
create or replace function rampart.visible_project_ids() returns uuid[]
    language plpgsql stable security definer set search_path = pg_catalog, rampart
    set plan_cache_mode = force_generic_plan
    as $$ begin
              return (select coalesce(array_agg(a.project_id), '{}') from rampart.project_access a
                       where a.user_id = rampart.current_user_id());
          end $$;

-- A brand-new organization may receive its first member (its creator, as owner) from its creator.
create or replace function rampart.is_unclaimed_org_of_current_user(org uuid) returns boolean
    language sql stable security definer set search_path = pg_catalog, rampart
    as $$ select exists (select 1 from rampart.organizations o
                          where o.id = org and o.created_by = rampart.current_user_id()
                            and not exists (select 1 from rampart.org_members m where m.org_id = org)) $$;

create or replace function rampart.owner_org_ids() returns uuid[]
    language plpgsql stable security definer set search_path = pg_catalog, rampart
    set plan_cache_mode = force_generic_plan
    as $$ begin
              return (select coalesce(array_agg(m.org_id), '{}') from rampart.org_members m
                     where m.user_id = rampart.current_user_id() and m.role = 'owner');
          end $$;

create or replace function rampart.project_ids_with(permission text) returns uuid[]
    language plpgsql stable security definer set search_path = pg_catalog, rampart
    set plan_cache_mode = force_generic_plan
    as $$ begin
              return (select coalesce(array_agg(a.project_id), '{}') from rampart.project_access a
                       where a.user_id = rampart.current_user_id() and permission = any (a.permissions));
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

create or replace function rampart.lookup_email_index() returns bytea
    language sql stable parallel safe
    as $$ select decode(nullif(current_setting('rampart.lookup_email_index', true), ''), 'hex') $$;

-- Error reports hold no personal data or content (C16); operators read them through the API, and
-- row-level security checks the role again.
create or replace function rampart.has_platform_role(wanted text) returns boolean
    language sql stable parallel safe
    as $$ select exists (select 1 from rampart.platform_roles r
                          where r.user_id = rampart.current_user_id() and r.role = wanted) $$;

-- ---- project_roles ----

alter table rampart.project_roles enable row level security;
alter table rampart.project_roles force row level security;

drop policy if exists project_roles_read on rampart.project_roles;
create policy project_roles_read on rampart.project_roles for select
    using (org_id is null or org_id = any ((select rampart.member_org_ids())::uuid[]));

drop policy if exists project_roles_write on rampart.project_roles;
create policy project_roles_write on rampart.project_roles for all
    using (org_id = any ((select rampart.owner_org_ids())::uuid[]))
    with check (org_id = any ((select rampart.owner_org_ids())::uuid[]));

-- ---- project_access ----

alter table rampart.project_access enable row level security;
alter table rampart.project_access force row level security;

drop policy if exists project_access_own on rampart.project_access;
create policy project_access_own on rampart.project_access for select
    using (user_id = (select rampart.current_user_id()));

-- ---- platform_roles ----

alter table rampart.platform_roles enable row level security;
alter table rampart.platform_roles force row level security;

drop policy if exists platform_roles_own on rampart.platform_roles;
create policy platform_roles_own on rampart.platform_roles for select
    using (user_id = (select rampart.current_user_id()));

-- [jooq ignore stop]
