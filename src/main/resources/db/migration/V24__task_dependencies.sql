-- Dependencies between tasks of one organization: the blocker must be done before the blocked task
-- can be. Cycles are refused by the service (rampart.dependency_chain in R__3_work_row_security.sql
-- finds the chain that would close one, over every dependency of the organization). Row-level
-- security shows a dependency only to someone who sees both of its tasks.

create table rampart.task_dependencies (
    org_id     uuid not null references rampart.organizations (id) on delete cascade,
    blocker_id uuid not null references rampart.tasks (id) on delete cascade,
    blocked_id uuid not null references rampart.tasks (id) on delete cascade,
    created_by uuid not null references rampart.users (id),
    created_at timestamptz not null,
    constraint task_dependencies_pk primary key (blocker_id, blocked_id),
    constraint task_dependencies_not_self check (blocker_id <> blocked_id)
);
create index task_dependencies_blocked_idx on rampart.task_dependencies (blocked_id, blocker_id);
create index task_dependencies_org_idx on rampart.task_dependencies (org_id);

-- [jooq ignore start]
grant select, insert, delete on rampart.task_dependencies to ${app_role};
-- [jooq ignore stop]
