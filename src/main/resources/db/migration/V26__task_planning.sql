-- Planning a project's work: start dates and estimates on tasks, task keys people can read
-- (WEB-42), milestones, and labels.
--
-- Task keys: each task has a number, unique in its project and never reused or changed (assigned
-- from projects.next_task_number in the creating transaction). The project's key prefix (WEB) is
-- sealed like its name, with a blind index so that it is unique in the organization and a key can
-- be looked up; a project from before keys gets one derived from its name at its next change or
-- task. Existing tasks are numbered in the order they were created: nothing is lost.
--
-- Milestones belong to a project (name sealed); a task belongs to at most one. Labels belong to
-- the organization (name sealed, with a blind index of the lower-cased name for uniqueness); a task
-- carries any number of them up to a configured limit. Row-level security in
-- R__3_work_row_security.sql.

alter table rampart.tasks
    add column start_date date,
    add column estimate_minutes integer,
    add column number integer,
    add column milestone_id uuid;

alter table rampart.projects
    add column task_key bytea,
    add column task_key_index bytea,
    add column next_task_number integer not null default 1;

-- [jooq ignore start]
update rampart.tasks t
   set number = n.number
  from (select id, row_number() over (partition by project_id order by created_at, id) as number
          from rampart.tasks) n
 where n.id = t.id;

update rampart.projects p
   set next_task_number = 1 + coalesce((select max(t.number) from rampart.tasks t where t.project_id = p.id), 0);
-- [jooq ignore stop]

alter table rampart.tasks alter column number set not null;
alter table rampart.tasks add constraint tasks_number_unique unique (project_id, number);
alter table rampart.tasks add constraint tasks_number_positive check (number > 0);
alter table rampart.tasks add constraint tasks_estimate_sensible check (estimate_minutes between 0 and 5256000);
alter table rampart.tasks add constraint tasks_start_not_after_due
    check (start_date is null or due_date is null or start_date <= due_date);
alter table rampart.projects add constraint projects_key_with_index check ((task_key is null) = (task_key_index is null));
-- [jooq ignore start]
create unique index projects_task_key_unique on rampart.projects (org_id, task_key_index);
-- [jooq ignore stop]

create table rampart.milestones (
    id         uuid primary key,
    org_id     uuid not null references rampart.organizations (id) on delete cascade,
    project_id uuid not null references rampart.projects (id) on delete cascade,
    name       bytea not null,
    due_date   date,
    state      text not null,
    created_by uuid not null references rampart.users (id),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    constraint milestones_state check (state in ('open', 'closed'))
);
create index milestones_project_idx on rampart.milestones (project_id, due_date, created_at);
create index milestones_org_idx on rampart.milestones (org_id);

-- A task's milestone is one of its own project's (deleting the milestone leaves the task without).
alter table rampart.milestones add constraint milestones_id_project unique (id, project_id);
-- [jooq ignore start]
alter table rampart.tasks add constraint tasks_milestone_fk
    foreign key (milestone_id, project_id) references rampart.milestones (id, project_id)
    on delete set null (milestone_id);
-- [jooq ignore stop]
create index tasks_milestone_idx on rampart.tasks (milestone_id) where milestone_id is not null;

create table rampart.labels (
    id         uuid primary key,
    org_id     uuid not null references rampart.organizations (id) on delete cascade,
    name       bytea not null,
    name_index bytea not null,
    colour     text not null,
    created_by uuid not null references rampart.users (id),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    constraint labels_id_org unique (id, org_id)
);

create table rampart.task_labels (
    task_id    uuid not null references rampart.tasks (id) on delete cascade,
    label_id   uuid not null,
    org_id     uuid not null references rampart.organizations (id) on delete cascade,
    created_by uuid not null references rampart.users (id),
    created_at timestamptz not null,
    constraint task_labels_pk primary key (task_id, label_id),
    -- a label of the task's own organization (the row-level policy checks the task's)
    constraint task_labels_label_fk foreign key (label_id, org_id) references rampart.labels (id, org_id)
        on delete cascade
);
create index task_labels_label_idx on rampart.task_labels (label_id, task_id);
create index task_labels_org_idx on rampart.task_labels (org_id);

-- [jooq ignore start]
alter table rampart.labels add constraint labels_name_unique unique (org_id, name_index);
alter table rampart.labels add constraint labels_colour check (colour ~ '^#[0-9a-f]{6}$');
grant select, insert, update, delete on rampart.milestones to ${app_role};
grant select, insert, update, delete on rampart.labels to ${app_role};
grant select, insert, delete on rampart.task_labels to ${app_role};
-- [jooq ignore stop]
