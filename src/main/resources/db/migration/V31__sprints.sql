-- Sprints: a project's time boxes (name and goal sealed, start and end date, planned / active /
-- closed, at most one active), tasks planned into one with story points, and a rank that orders a
-- project's backlog and sprints (fractional: a move writes one task's rank, never the list's).
-- Burndown and velocity are computed from the task history (V30), whose trigger now records the
-- sprint and the story points too (R__3_work_row_security.sql).
create table rampart.sprints (
    id          uuid primary key,
    org_id      uuid not null references rampart.organizations (id) on delete cascade,
    project_id  uuid not null references rampart.projects (id) on delete cascade,
    name        bytea not null,
    goal        bytea not null,
    start_date  date not null,
    end_date    date not null,
    state       varchar(16) not null,
    -- when it was started and closed (burndown counts from the start)
    started_at  timestamptz,
    closed_at   timestamptz,
    created_by  uuid not null references rampart.users (id),
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    -- bumped at every change: what a client names to save what it read (If-Match)
    version     integer not null,
    constraint sprints_id_project unique (id, project_id)
);
create index sprints_project_idx on rampart.sprints (project_id, start_date, created_at);
create index sprints_org_idx on rampart.sprints (org_id);

alter table rampart.tasks add column sprint_id uuid;
alter table rampart.tasks add column story_points integer;
-- rank_key: a fractional rank over the digits 0-9a-z (compared byte-wise, collation "C"); a new task's is
-- derived from its creation time, so it lands at the end without reading any other.
alter table rampart.tasks add column rank_key varchar(255);
create index tasks_sprint_idx on rampart.tasks (sprint_id) where sprint_id is not null;
create index task_history_project_field_idx on rampart.task_history (project_id, field, at);

-- [jooq ignore start]
alter table rampart.sprints add constraint sprints_state check (state in ('planned', 'active', 'closed'));
alter table rampart.sprints add constraint sprints_dates check (end_date >= start_date);
create unique index sprints_one_active on rampart.sprints (project_id) where state = 'active';
alter table rampart.tasks add constraint tasks_sprint_fk
    foreign key (sprint_id, project_id) references rampart.sprints (id, project_id)
    on delete set null (sprint_id);
alter table rampart.tasks add constraint tasks_story_points_range check (story_points between 0 and 1000);
alter table rampart.tasks alter column rank_key type varchar(255) collate "C";
alter table rampart.tasks add constraint tasks_rank_form check (rank_key ~ '^[0-9a-z]*[1-9a-z]$');

create or replace function rampart.rank_of_time(at timestamptz) returns varchar
    language sql immutable parallel safe set search_path = pg_catalog
    as $$
        select 'x' || string_agg(substr('0123456789abcdefghijklmnopqrstuvwxyz',
                                 (floor(floor(extract(epoch from at) * 1000000) / (36::numeric ^ p)) % 36)::int + 1, 1),
                          '' order by p desc) || 'i'
          from generate_series(0, 11) p
    $$;

update rampart.tasks set rank_key = rampart.rank_of_time(created_at);
alter table rampart.tasks alter column rank_key set not null;
create index tasks_project_rank_idx on rampart.tasks (project_id, rank_key, id);

create or replace function rampart.default_task_rank() returns trigger
    language plpgsql set search_path = pg_catalog, rampart
    as $$
    begin
        if new.rank_key is null then
            new.rank_key := rampart.rank_of_time(new.created_at);
        end if;
        return new;
    end $$;
create trigger tasks_default_rank before insert on rampart.tasks
    for each row execute function rampart.default_task_rank();

alter table rampart.task_history drop constraint task_history_field;
alter table rampart.task_history add constraint task_history_field check (field in ('title', 'description',
    'status', 'priority', 'assignee', 'dueDate', 'startDate', 'estimateMinutes', 'milestone', 'visibility',
    'labels', 'sprint', 'storyPoints'));

grant select, insert, update, delete on rampart.sprints to ${app_role};
-- [jooq ignore stop]
