-- Two planner fixes found with bench/run.sh at 1,000,000 tasks (docs/performance.md):
--
-- 1. tasks.project_id determines tasks.org_id. Without that knowledge the planner multiplies the
--    selectivities of "project_id = ? and org_id = ?", expects about one row, and reads and sorts
--    a whole project instead of walking the (project_id, created_at, id) index and stopping at
--    the page size. Extended statistics tell it.
-- 2. The task read policy is an OR of branches; when every branch is indexable the planner ORs
--    three bitmap scans (the user's whole project, all tasks assigned to them, their grants) and
--    sorts, again instead of walking the query's own index. Membership tests written with
--    array_position are not index conditions, so the query's own conditions choose the path and
--    the policy is a cheap per-row filter on the rows the page reads. Same rules as before.

-- [jooq ignore start]

create statistics rampart.tasks_project_org (dependencies) on project_id, org_id from rampart.tasks;
create statistics rampart.comments_task_project (dependencies) on task_id, project_id, org_id from rampart.comments;
create statistics rampart.task_grants_task_project (dependencies) on task_id, project_id, org_id from rampart.task_grants;

drop policy tasks_read on rampart.tasks;
create policy tasks_read on rampart.tasks for select using (
    (array_position((select rampart.project_ids_with('task.read')), project_id) is not null
        and (visibility = 'project'
             or created_by = (select rampart.current_user_id())
             or array_position((select rampart.project_ids_with('task.read_restricted')), project_id) is not null))
    or (assignee_id = (select rampart.current_user_id())
        and array_position((select rampart.member_org_ids()), org_id) is not null)
    or array_position((select rampart.granted_task_ids()), id) is not null);

drop policy tasks_update on rampart.tasks;
create policy tasks_update on rampart.tasks for update using (
    (array_position((select rampart.project_ids_with('task.read')), project_id) is not null
        and (visibility = 'project'
             or created_by = (select rampart.current_user_id())
             or array_position((select rampart.project_ids_with('task.read_restricted')), project_id) is not null))
    or (assignee_id = (select rampart.current_user_id())
        and array_position((select rampart.member_org_ids()), org_id) is not null)
    or array_position((select rampart.granted_task_ids()), id) is not null)
    with check (org_id = any ((select rampart.member_org_ids())::uuid[]));

analyze rampart.tasks;
analyze rampart.comments;
analyze rampart.task_grants;

-- [jooq ignore stop]
