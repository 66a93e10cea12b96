-- The customers' BI database: each organization's projection, and the views its BI users read.
-- Run by Rampart's BI owner role (Flyway, location db/bi); never by a BI user.
--
-- bi_data holds every organization's rows, each tagged with its tenant: the organization's group
-- role (t_ and random hex digits, naming nothing). Its tables force row-level security: the
-- projection's writer sees all rows, and a reader (through the views, which run as this owner)
-- only its own tenant's. BI users have no privilege on bi_data at all.
-- rampart holds the views (same names for every organization) and nothing else; BI users may use
-- it and select from its views.

create schema bi_data;
revoke all on schema bi_data from public;
create schema rampart;
revoke all on schema rampart from public;

-- The tenant of the session's login role: the one t_ group role it is a member of (a BI user's
-- role belongs to exactly one); null for anyone else, who then sees no row. session_user, not
-- current_user: a view runs as its owner, and SET ROLE changes nothing. Security definer: BI users
-- may not read the role catalogs themselves (closed in the embedded server, docs/bi.md).
create function bi_data.current_tenant() returns text
    language sql stable security definer set search_path = pg_catalog
    as $$
    select case when count(*) = 1 then min(g.rolname::text) end
      from pg_catalog.pg_auth_members m
      join pg_catalog.pg_roles g on g.oid = m.roleid
      join pg_catalog.pg_roles u on u.oid = m.member
     where u.rolname = session_user and g.rolname like 't\_%' $$;

create table bi_data.projects (
    tenant       text not null,
    id           uuid not null,
    task_key     text,
    name         text not null,
    description  text,
    created_at   timestamptz not null,
    archived_at  timestamptz,
    primary key (tenant, id)
);

create table bi_data.statuses (
    tenant      text not null,
    project_id  uuid not null,
    key         text not null,
    name        text not null,
    category    text not null,
    position    integer not null,
    primary key (tenant, project_id, key)
);

create table bi_data.milestones (
    tenant      text not null,
    id          uuid not null,
    project_id  uuid not null,
    name        text not null,
    due_date    date,
    state       text not null,
    primary key (tenant, id)
);

create table bi_data.sprints (
    tenant      text not null,
    id          uuid not null,
    project_id  uuid not null,
    name        text not null,
    goal        text,
    state       text not null,
    start_date  date,
    end_date    date,
    started_at  timestamptz,
    closed_at   timestamptz,
    primary key (tenant, id)
);

create table bi_data.labels (
    tenant  text not null,
    id      uuid not null,
    name    text not null,
    colour  text not null,
    primary key (tenant, id)
);

create table bi_data.people (
    tenant        text not null,
    id            uuid not null,
    display_name  text not null,
    primary key (tenant, id)
);

create table bi_data.tasks (
    tenant            text not null,
    id                uuid not null,
    project_id        uuid not null,
    task_key          text,
    number            integer,
    status            text not null,
    priority          text not null,
    restricted        boolean not null,
    assignee_id       uuid,
    milestone_id      uuid,
    sprint_id         uuid,
    start_date        date,
    due_date          date,
    estimate_minutes  integer,
    story_points      integer,
    created_at        timestamptz not null,
    updated_at        timestamptz not null,
    title             text,
    description       text,
    primary key (tenant, id)
);

create table bi_data.task_labels (
    tenant    text not null,
    task_id   uuid not null,
    label_id  uuid not null,
    primary key (tenant, task_id, label_id)
);

create table bi_data.comments (
    tenant     text not null,
    id         uuid not null,
    task_id    uuid not null,
    author_id  uuid,
    created_at timestamptz not null,
    edited_at  timestamptz,
    body       text not null,
    primary key (tenant, id)
);
create index comments_task_idx on bi_data.comments (tenant, task_id);
create index task_labels_task_idx on bi_data.task_labels (tenant, task_id);

-- When each tenant's projection was last written and reconciled (the writer's; no view).
create table bi_data.tenant_state (
    tenant         text primary key,
    projected_at   timestamptz,
    reconciled_at  timestamptz
);

-- Row-level security on every data table: the writer sees and writes everything; this owner (as
-- whom the views run) sees only the session's tenant. The second layer behind the views' own
-- condition.
do $$
declare t text;
begin
    foreach t in array array['projects', 'statuses', 'milestones', 'sprints', 'labels', 'people', 'tasks',
                             'task_labels', 'comments', 'tenant_state']
    loop
        execute format('alter table bi_data.%I enable row level security', t);
        execute format('alter table bi_data.%I force row level security', t);
        execute format('create policy writer_rows on bi_data.%I for all to ${writer_role} using (true) with check (true)', t);
        execute format('grant select, insert, update, delete on bi_data.%I to ${writer_role}', t);
        if t <> 'tenant_state' then
            execute format('create policy tenant_rows on bi_data.%I for select to current_user'
                           ' using (tenant = bi_data.current_tenant())', t);
        end if;
    end loop;
end $$;
grant usage on schema bi_data to ${writer_role};
revoke all on function bi_data.current_tenant() from public;
-- A view's caller needs to be allowed to call the functions it uses (not the schema: a BI user
-- still cannot name bi_data).
grant execute on function bi_data.current_tenant() to ${writer_role}, ${reader_role};

-- The views: the same names and columns for every organization, each holding the session's
-- tenant's rows only. security_barrier: no function of a BI user's query runs before the tenant
-- condition. Columns of a class the organization did not choose are null (titles, descriptions,
-- sprint goals) or have no rows (comments).
create view rampart.projects with (security_barrier) as
    select id, task_key, name, description, created_at, archived_at
      from bi_data.projects where tenant = bi_data.current_tenant();
create view rampart.statuses with (security_barrier) as
    select project_id, key, name, category, position
      from bi_data.statuses where tenant = bi_data.current_tenant();
create view rampart.milestones with (security_barrier) as
    select id, project_id, name, due_date, state
      from bi_data.milestones where tenant = bi_data.current_tenant();
create view rampart.sprints with (security_barrier) as
    select id, project_id, name, goal, state, start_date, end_date, started_at, closed_at
      from bi_data.sprints where tenant = bi_data.current_tenant();
create view rampart.labels with (security_barrier) as
    select id, name, colour from bi_data.labels where tenant = bi_data.current_tenant();
create view rampart.people with (security_barrier) as
    select id, display_name from bi_data.people where tenant = bi_data.current_tenant();
create view rampart.tasks with (security_barrier) as
    select id, project_id, task_key, number, status, priority, restricted, assignee_id, milestone_id,
           sprint_id, start_date, due_date, estimate_minutes, story_points, created_at, updated_at, title,
           description
      from bi_data.tasks where tenant = bi_data.current_tenant();
create view rampart.task_labels with (security_barrier) as
    select task_id, label_id from bi_data.task_labels where tenant = bi_data.current_tenant();
create view rampart.comments with (security_barrier) as
    select id, task_id, author_id, created_at, edited_at, body
      from bi_data.comments where tenant = bi_data.current_tenant();

grant usage on schema rampart to ${reader_role};
grant select on all tables in schema rampart to ${reader_role};
