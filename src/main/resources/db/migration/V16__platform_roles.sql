-- Platform roles (separation of duties, C10): a key custodian runs key operations, an operator
-- reads health and error reports. Neither role grants anything inside an organization: content
-- stays behind organization and project roles. Granted and revoked only by operators at the
-- machine (`rampart admin grant-role`, through the owner role): the application role can read a
-- user's own roles and nothing else here.
create table rampart.platform_roles (
    user_id    uuid not null references rampart.users (id) on delete cascade,
    role       varchar(32) not null,
    granted_at timestamptz not null,
    constraint platform_roles_pk primary key (user_id, role),
    constraint platform_roles_role_check check (role in ('key-custodian', 'operator'))
);

-- [jooq ignore start]
alter table rampart.platform_roles enable row level security;
alter table rampart.platform_roles force row level security;
create policy platform_roles_own on rampart.platform_roles for select
    using (user_id = (select rampart.current_user_id()));
grant select on rampart.platform_roles to ${app_role};

-- Error reports hold no personal data or content (C16); operators read them through the API, and
-- row-level security checks the role again.
create function rampart.has_platform_role(wanted text) returns boolean
    language sql stable parallel safe
    as $$ select exists (select 1 from rampart.platform_roles r
                          where r.user_id = rampart.current_user_id() and r.role = wanted) $$;
create policy error_reports_operators on rampart.error_reports for select
    using ((select rampart.has_platform_role('operator')));
grant select on rampart.error_reports to ${app_role};
-- [jooq ignore stop]
