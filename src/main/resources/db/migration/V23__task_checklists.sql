-- Checklists on tasks: ordered items, each done or not (who and when). The item text is content,
-- sealed with the organization's key (AAD: organization, table, column, item id) like a comment's
-- body. Row-level security (R__3_work_row_security.sql) follows the task: whoever sees the task sees
-- its checklist; the service decides who may change it (task.update).

create table rampart.checklist_items (
    id         uuid primary key,
    org_id     uuid not null references rampart.organizations (id) on delete cascade,
    project_id uuid not null references rampart.projects (id) on delete cascade,
    task_id    uuid not null references rampart.tasks (id) on delete cascade,
    position   integer not null,
    text       bytea not null,
    done_by    uuid references rampart.users (id),
    done_at    timestamptz,
    created_by uuid not null references rampart.users (id),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    constraint checklist_items_done_by_when_done check (done_by is null or done_at is not null),
    constraint checklist_items_position_unique unique (task_id, position) deferrable initially deferred
);

-- [jooq ignore start]
grant select, insert, update, delete on rampart.checklist_items to ${app_role};
-- [jooq ignore stop]
