-- Read views the work module publishes for the access decision point: the ancestry of a
-- resource and the memberships that decide on it, without the content. The decision point
-- joins them with its own project roles in one statement per decision; work may reshape its
-- tables as long as these views keep their columns. security_invoker: the caller's row-level
-- security applies, exactly as if it read the tables.
--
-- Repeatable migration (run after the versioned ones whenever its text changes). A versioned
-- migration that drops or retypes a column used here must drop the view first.

create or replace view rampart.decision_organizations as
    select id from rampart.organizations;

create or replace view rampart.decision_org_members as
    select org_id, user_id, role, org_requires_mfa from rampart.org_members;

create or replace view rampart.decision_projects as
    select id, org_id, archived_at from rampart.projects;

create or replace view rampart.decision_project_members as
    select project_id, user_id, role_id from rampart.project_members;

create or replace view rampart.decision_tasks as
    select id, org_id, project_id, visibility, created_by, assignee_id, project_archived from rampart.tasks;

create or replace view rampart.decision_task_grants as
    select task_id, user_id, role, expires_at from rampart.task_grants;

create or replace view rampart.decision_comments as
    select id, task_id, author_id from rampart.comments;

-- [jooq ignore start]
alter view rampart.decision_organizations set (security_invoker = true);
alter view rampart.decision_org_members set (security_invoker = true);
alter view rampart.decision_projects set (security_invoker = true);
alter view rampart.decision_project_members set (security_invoker = true);
alter view rampart.decision_tasks set (security_invoker = true);
alter view rampart.decision_task_grants set (security_invoker = true);
alter view rampart.decision_comments set (security_invoker = true);
grant select on rampart.decision_organizations, rampart.decision_org_members, rampart.decision_projects,
    rampart.decision_project_members, rampart.decision_tasks, rampart.decision_task_grants,
    rampart.decision_comments to ${app_role};
-- [jooq ignore stop]
