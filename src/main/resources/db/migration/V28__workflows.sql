-- Workflows: each project has its own statuses (key, name, colour, category todo / in_progress /
-- done, position) and the transitions allowed between them, each optionally limited to project
-- roles. The organization has a default workflow, copied into every new project (triggers in
-- R__3_work_row_security.sql, so every project has one whoever inserts it).
--
-- A task's status is the key of one of its project's statuses: a foreign key, so a status still
-- in use cannot go (the service moves its tasks to a replacement first) and no task is ever left
-- with a status its project does not know. Existing organizations get the four statuses there
-- were (todo, in progress, done, cancelled; every transition between them allowed) as their
-- default, and every existing project a copy of it: nothing about a task changes.
--
-- Status names and colours are a project's vocabulary, like the fixed priorities, not content:
-- they are not sealed (docs/data-classification.md).

create table rampart.workflows (
    id         uuid primary key,
    org_id     uuid not null references rampart.organizations (id) on delete cascade,
    -- null: the organization's default workflow
    project_id uuid references rampart.projects (id) on delete cascade,
    -- bumped at every change: what a client names to save what it read (If-Match)
    revision   integer not null,
    updated_by uuid references rampart.users (id) on delete set null,
    updated_at timestamptz not null,
    constraint workflows_project_unique unique (project_id),
    constraint workflows_revision_positive check (revision >= 1)
);
create index workflows_org_idx on rampart.workflows (org_id);

create table rampart.workflow_statuses (
    workflow_id uuid not null references rampart.workflows (id) on delete cascade,
    org_id      uuid not null references rampart.organizations (id) on delete cascade,
    -- the workflow's project (null for an organization's default), for the tasks' foreign key
    project_id  uuid,
    key         varchar(40) not null,
    name        text not null,
    colour      text not null,
    category    text not null,
    position    integer not null,
    primary key (workflow_id, key),
    constraint workflow_statuses_project_key unique (project_id, key),
    constraint workflow_statuses_category check (category in ('todo', 'in_progress', 'done'))
);
create index workflow_statuses_org_idx on rampart.workflow_statuses (org_id);

create table rampart.workflow_transitions (
    workflow_id uuid not null,
    org_id      uuid not null references rampart.organizations (id) on delete cascade,
    from_key    varchar(40) not null,
    to_key      varchar(40) not null,
    -- project roles that may take it; empty: whoever may update the task
    role_ids    uuid[] not null,
    primary key (workflow_id, from_key, to_key),
    constraint workflow_transitions_from_fk foreign key (workflow_id, from_key)
        references rampart.workflow_statuses (workflow_id, key) on delete cascade,
    constraint workflow_transitions_to_fk foreign key (workflow_id, to_key)
        references rampart.workflow_statuses (workflow_id, key) on delete cascade,
    constraint workflow_transitions_not_to_itself check (from_key <> to_key)
);
create index workflow_transitions_org_idx on rampart.workflow_transitions (org_id);

-- [jooq ignore start]
create unique index workflows_org_default on rampart.workflows (org_id) where project_id is null;
alter table rampart.workflow_statuses add constraint workflow_statuses_key_form
    check (key ~ '^[a-z][a-z0-9_]{0,39}$');
alter table rampart.workflow_statuses add constraint workflow_statuses_colour_form
    check (colour ~ '^#[0-9a-f]{6}$');
alter table rampart.workflow_statuses add constraint workflow_statuses_name_length
    check (char_length(name) between 1 and 60);

-- The four statuses there were, as every organization's default and every project's workflow.
insert into rampart.workflows (id, org_id, project_id, revision, updated_at)
select gen_random_uuid(), o.id, null, 1, now() from rampart.organizations o;
insert into rampart.workflows (id, org_id, project_id, revision, updated_at)
select gen_random_uuid(), p.org_id, p.id, 1, now() from rampart.projects p;
insert into rampart.workflow_statuses (workflow_id, org_id, project_id, key, name, colour, category, position)
select w.id, w.org_id, w.project_id, s.key, s.name, s.colour, s.category, s.position
  from rampart.workflows w
 cross join (values ('todo', 'To do', '#6b7280', 'todo', 1),
                    ('in_progress', 'In progress', '#d97706', 'in_progress', 2),
                    ('done', 'Done', '#16a34a', 'done', 3),
                    ('cancelled', 'Cancelled', '#9ca3af', 'done', 4)) as s(key, name, colour, category, position);
insert into rampart.workflow_transitions (workflow_id, org_id, from_key, to_key, role_ids)
select a.workflow_id, a.org_id, a.key, b.key, '{}'
  from rampart.workflow_statuses a
  join rampart.workflow_statuses b on b.workflow_id = a.workflow_id and b.key <> a.key;

alter table rampart.tasks drop constraint tasks_status_check;
alter table rampart.tasks add constraint tasks_status_fk
    foreign key (project_id, status) references rampart.workflow_statuses (project_id, key);

grant select, insert, update, delete on rampart.workflows to ${app_role};
grant select, insert, update, delete on rampart.workflow_statuses to ${app_role};
grant select, insert, update, delete on rampart.workflow_transitions to ${app_role};
-- [jooq ignore stop]
