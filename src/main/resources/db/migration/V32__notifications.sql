-- Watching and notifications. A user watches a task (its creator, assignee, commenters and the people
-- mentioned in it start watching on their own; anyone who may read it can watch or stop). A
-- notification tells one user that something happened to a task or project: it holds ids and a kind,
-- never content, and is shown only while its recipient may still read the task (row-level security in
-- R__8_notify_row_security.sql, checked again when it is listed and when it is mailed). Mail follows
-- each user's preference, read when the mail is assembled: at once, in a daily digest, or never;
-- emailed_at says when a notification went by mail (or was passed over).
create table rampart.task_watchers (
    task_id     uuid not null references rampart.tasks (id) on delete cascade,
    user_id     uuid not null references rampart.users (id) on delete cascade,
    org_id      uuid not null references rampart.organizations (id) on delete cascade,
    -- false: the user stopped watching; kept so that taking part again does not re-subscribe them
    watching    boolean not null,
    reason      varchar(16) not null,
    created_at  timestamptz not null,
    primary key (task_id, user_id)
);
create index task_watchers_user_idx on rampart.task_watchers (user_id);
create index task_watchers_org_idx on rampart.task_watchers (org_id);

create table rampart.notifications (
    id          uuid primary key,
    user_id     uuid not null references rampart.users (id) on delete cascade,
    org_id      uuid not null references rampart.organizations (id) on delete cascade,
    kind        varchar(24) not null,
    project_id  uuid references rampart.projects (id) on delete cascade,
    task_id     uuid references rampart.tasks (id) on delete cascade,
    comment_id  uuid references rampart.comments (id) on delete cascade,
    -- null: the system (due dates), or an account since removed
    actor_id    uuid references rampart.users (id) on delete set null,
    -- status_changed: the new status key; due_tomorrow, overdue: the due date it was for
    detail      varchar(64),
    created_at  timestamptz not null,
    read_at     timestamptz,
    emailed_at  timestamptz
);
create index notifications_user_idx on rampart.notifications (user_id, created_at desc, id desc);
create index notifications_unread_idx on rampart.notifications (user_id) where read_at is null;
create index notifications_unmailed_idx on rampart.notifications (created_at, user_id) where emailed_at is null;
create index notifications_org_idx on rampart.notifications (org_id);
create index notifications_task_idx on rampart.notifications (task_id);

-- The due-date reminders look for the tasks due tomorrow or just past due.
create index tasks_due_idx on rampart.tasks (due_date) where due_date is not null;

create table rampart.notification_preferences (
    user_id     uuid primary key references rampart.users (id) on delete cascade,
    email       varchar(16) not null,
    updated_at  timestamptz not null
);

-- [jooq ignore start]
alter table rampart.task_watchers add constraint task_watchers_reason
    check (reason in ('created', 'assigned', 'commented', 'mentioned', 'chose'));
alter table rampart.notifications add constraint notifications_kind
    check (kind in ('assigned', 'mentioned', 'status_changed', 'commented', 'due_tomorrow', 'overdue',
                    'task_granted', 'project_added'));
alter table rampart.notifications add constraint notifications_subject
    check ((kind = 'project_added') = (task_id is null) and project_id is not null);
-- The due-date job runs on every node: one notification per task, recipient, kind and due date.
create unique index notifications_due_once on rampart.notifications (task_id, user_id, kind, detail)
    where kind in ('due_tomorrow', 'overdue');
alter table rampart.notification_preferences add constraint notification_preferences_email
    check (email in ('immediately', 'daily', 'off'));
grant select, insert, update on rampart.task_watchers to ${app_role};
grant select, insert, update on rampart.notifications to ${app_role};
grant select, insert, update on rampart.notification_preferences to ${app_role};
-- [jooq ignore stop]
