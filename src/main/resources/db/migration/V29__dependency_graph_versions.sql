-- The dependency cycle check moves into the application: each node keeps an organization's
-- dependency graph in memory and checks a new dependency by a walk there (work/DependencyGraphs),
-- which stays far under 10 ms on a 10,000-task project where the SQL walk over ranks did not.
-- What keeps the copies right is a version per organization, counted up by a trigger on every
-- statement that adds or removes dependencies (R__3_work_row_security.sql); a check locks the
-- organization's version row, compares it with its copy's and reloads the graph when they differ
-- (another node, a deleted task, the seeder). The topological ranks of V25 and the functions that
-- kept them go.

create table rampart.dependency_graph_versions (
    org_id  uuid primary key references rampart.organizations (id) on delete cascade,
    version bigint not null
);

-- [jooq ignore start]
insert into rampart.dependency_graph_versions (org_id, version)
select o.id, 1 from rampart.organizations o;

drop function if exists rampart.order_dependencies(uuid, uuid[], uuid[]);
drop function if exists rampart.order_dependency(uuid, uuid, uuid);
drop function if exists rampart.dependencies_from(uuid, uuid);
drop function if exists rampart.blocks_transitively(uuid, uuid, uuid);
-- [jooq ignore stop]
drop table rampart.dependency_ranks;
