-- Task history: who changed which field of a task from what to what, and when. One row per field
-- changed. The plain fields (status, priority, assignee, dates, estimate, milestone, visibility) are
-- recorded by a trigger on every update of a task, whichever path makes it (a request, a workflow
-- change moving tasks, a milestone deleted, an account closed), so none escapes the history. The
-- title and description are sealed: the application records them, each value sealed again for the
-- history row (old_sealed, new_sealed), as it records labels put on or taken off. A task's history
-- is readable by whoever may read the task (row-level security in R__3_work_row_security.sql) and
-- goes with it; nobody but the trigger and the writer of a change adds to it, nobody changes it.
create table rampart.task_history (
    id          uuid primary key,
    org_id      uuid not null references rampart.organizations (id) on delete cascade,
    project_id  uuid not null,
    task_id     uuid not null references rampart.tasks (id) on delete cascade,
    at          timestamptz not null,
    -- null: a change made by the system, or an account since removed
    actor_id    uuid references rampart.users (id) on delete set null,
    field       varchar(40) not null,
    -- plain values: a status key, a priority, a user, milestone or label id, a date, a number
    old_value   varchar(100),
    new_value   varchar(100),
    -- sealed values (title, description), bound to this row
    old_sealed  bytea,
    new_sealed  bytea
);
create index task_history_task_idx on rampart.task_history (task_id, at, id);
create index task_history_org_idx on rampart.task_history (org_id);

-- [jooq ignore start]
alter table rampart.task_history add constraint task_history_field check (field in ('title', 'description',
    'status', 'priority', 'assignee', 'dueDate', 'startDate', 'estimateMinutes', 'milestone', 'visibility',
    'labels'));
alter table rampart.task_history add constraint task_history_sealed check (
    (field in ('title', 'description')) = (old_sealed is not null and new_sealed is not null));
grant select, insert on rampart.task_history to ${app_role};
-- [jooq ignore stop]
