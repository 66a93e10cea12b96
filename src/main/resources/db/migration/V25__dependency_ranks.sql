-- A topological order of each organization's dependency graph, kept as the graph changes (after
-- Pearce and Kelly, "A dynamic topological sort algorithm for directed acyclic graphs", 2006): for
-- every dependency, the blocker's rank is below the blocked task's. A new dependency whose blocker
-- already ranks lower cannot close a cycle (checked in constant time); otherwise only the tasks
-- ranked between the two are searched, and moved. Maintained only by rampart.order_dependency
-- (R__3_work_row_security.sql), run as the owner: the application role has no access.

create table rampart.dependency_ranks (
    task_id uuid primary key references rampart.tasks (id) on delete cascade,
    org_id  uuid not null references rampart.organizations (id) on delete cascade,
    rank    double precision not null
);
create index dependency_ranks_org_rank_idx on rampart.dependency_ranks (org_id, rank);

-- [jooq ignore start]
-- Dependencies written before this migration: ranks by longest path from the tasks nothing
-- blocks, so that every existing dependency already goes upwards.
insert into rampart.dependency_ranks (task_id, org_id, rank)
select t.id, t.org_id, 0 from rampart.tasks t
 where exists (select 1 from rampart.task_dependencies d where t.id in (d.blocker_id, d.blocked_id));
do $$
begin
    loop
        update rampart.dependency_ranks k set rank = b.rank + 1
          from rampart.task_dependencies d join rampart.dependency_ranks b on b.task_id = d.blocker_id
         where k.task_id = d.blocked_id and k.rank <= b.rank;
        exit when not found;
    end loop;
end $$;
-- [jooq ignore stop]
