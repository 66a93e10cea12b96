-- Row-level security of the work module: organizations, members, invitations, projects, tasks, comments,
-- attachments. A rule here mirrors the permission the service checks first (access/RolePermissions).
--
-- Repeatable migration (Flyway runs it after the versioned ones whenever its text changes): today's
-- policies, complete. To change a policy, change it here; never in a new versioned migration.

-- [jooq ignore start] (policies and functions are not schema jOOQ generates code for)

-- ---- organizations ----

alter table rampart.organizations enable row level security;
alter table rampart.organizations force row level security;

drop policy if exists orgs_read on rampart.organizations;
create policy orgs_read on rampart.organizations for select
    using (id = any ((select rampart.member_org_ids())::uuid[]));

drop policy if exists orgs_create on rampart.organizations;
create policy orgs_create on rampart.organizations for insert
    with check (created_by = (select rampart.current_user_id()));

drop policy if exists orgs_update on rampart.organizations;
create policy orgs_update on rampart.organizations for update
    using (id = any ((select rampart.admin_org_ids())::uuid[]));

drop policy if exists orgs_delete on rampart.organizations;
create policy orgs_delete on rampart.organizations for delete
    using (id = any ((select rampart.admin_org_ids())::uuid[]));

drop policy if exists orgs_read_invited on rampart.organizations;
create policy orgs_read_invited on rampart.organizations for select using (
    (select rampart.lookup_token_hash()) is not null and exists (
        select 1 from rampart.invitations i where i.org_id = organizations.id
           and i.token_hash = (select rampart.lookup_token_hash())));

-- ---- org_members ----

alter table rampart.org_members enable row level security;
alter table rampart.org_members force row level security;

drop policy if exists org_members_read on rampart.org_members;
create policy org_members_read on rampart.org_members for select
    using (org_id = any ((select rampart.member_org_ids())::uuid[]));

drop policy if exists org_members_create on rampart.org_members;
create policy org_members_create on rampart.org_members for insert
    with check (org_id = any ((select rampart.admin_org_ids())::uuid[])
                or (user_id = (select rampart.current_user_id()) and role = 'owner'
                    and rampart.is_unclaimed_org_of_current_user(org_id)));

drop policy if exists org_members_update on rampart.org_members;
create policy org_members_update on rampart.org_members for update
    using (org_id = any ((select rampart.admin_org_ids())::uuid[]));

drop policy if exists org_members_delete on rampart.org_members;
create policy org_members_delete on rampart.org_members for delete
    using (org_id = any ((select rampart.admin_org_ids())::uuid[]));

-- The holder of a live invitation may add themselves to its organization with its role.
drop policy if exists org_members_accept_invitation on rampart.org_members;
create policy org_members_accept_invitation on rampart.org_members for insert
    with check (user_id = (select rampart.current_user_id()) and exists (
        select 1 from rampart.invitations i
         where i.org_id = org_members.org_id and i.role = org_members.role
           and i.token_hash = (select rampart.lookup_token_hash())
           and i.accepted_at is null and i.revoked_at is null and i.expires_at > now()));

-- Leaving an organization (or deleting one's account): members remove their own memberships and
-- grants; the service layer keeps the last owner from leaving.
drop policy if exists org_members_leave on rampart.org_members;
create policy org_members_leave on rampart.org_members for delete
    using (user_id = (select rampart.current_user_id()));

-- ---- invitations ----

alter table rampart.invitations enable row level security;
alter table rampart.invitations force row level security;

drop policy if exists invitations_admins on rampart.invitations;
create policy invitations_admins on rampart.invitations for all
    using (org_id = any ((select rampart.admin_org_ids())::uuid[]) or token_hash = (select rampart.lookup_token_hash()))
    with check (org_id = any ((select rampart.admin_org_ids())::uuid[]) or token_hash = (select rampart.lookup_token_hash()));

-- ---- projects ----

alter table rampart.projects enable row level security;
alter table rampart.projects force row level security;

drop policy if exists projects_read on rampart.projects;
create policy projects_read on rampart.projects for select
    using (id = any ((select rampart.visible_project_ids())::uuid[]));

drop policy if exists projects_create on rampart.projects;
create policy projects_create on rampart.projects for insert
    with check (org_id = any ((select rampart.admin_org_ids())::uuid[]));

drop policy if exists projects_update on rampart.projects;
create policy projects_update on rampart.projects for update
    using (id = any ((select rampart.visible_project_ids())::uuid[]));

drop policy if exists projects_delete on rampart.projects;
create policy projects_delete on rampart.projects for delete
    using (id = any ((select rampart.visible_project_ids())::uuid[]));

-- ---- project_members ----

alter table rampart.project_members enable row level security;
alter table rampart.project_members force row level security;

drop policy if exists project_members_read on rampart.project_members;
create policy project_members_read on rampart.project_members for select
    using (project_id = any ((select rampart.visible_project_ids())::uuid[]));

drop policy if exists project_members_create on rampart.project_members;
create policy project_members_create on rampart.project_members for insert
    with check (project_id = any ((select rampart.project_ids_with('project.manage_members'))::uuid[])
                and org_id = any ((select rampart.member_org_ids())::uuid[]));

drop policy if exists project_members_update on rampart.project_members;
create policy project_members_update on rampart.project_members for update
    using (project_id = any ((select rampart.project_ids_with('project.manage_members'))::uuid[]));

drop policy if exists project_members_delete on rampart.project_members;
create policy project_members_delete on rampart.project_members for delete
    using (project_id = any ((select rampart.project_ids_with('project.manage_members'))::uuid[])
           or org_id = any ((select rampart.admin_org_ids())::uuid[]));

drop policy if exists project_members_leave on rampart.project_members;
create policy project_members_leave on rampart.project_members for delete
    using (user_id = (select rampart.current_user_id()));

-- ---- tasks ----

alter table rampart.tasks enable row level security;
alter table rampart.tasks force row level security;

drop policy if exists tasks_read on rampart.tasks;
create policy tasks_read on rampart.tasks for select using (
    (array_position((select array_agg(a.project_id) from rampart.project_access a
                      where a.user_id = (select rampart.current_user_id()) and 'task.read' = any (a.permissions)),
                    project_id) is not null
        and (visibility = 'project'
             or created_by = (select rampart.current_user_id())
             or array_position((select array_agg(a.project_id) from rampart.project_access a
                                 where a.user_id = (select rampart.current_user_id())
                                   and 'task.read_restricted' = any (a.permissions)), project_id) is not null))
    or (assignee_id = (select rampart.current_user_id())
        and array_position((select rampart.member_org_ids()), org_id) is not null)
    or array_position((select rampart.granted_task_ids()), id) is not null);

drop policy if exists tasks_create on rampart.tasks;
create policy tasks_create on rampart.tasks for insert with check (
    project_id = any ((select rampart.project_ids_with('task.create'))::uuid[])
    and created_by = (select rampart.current_user_id()));

drop policy if exists tasks_update on rampart.tasks;
create policy tasks_update on rampart.tasks for update using (
    (array_position((select array_agg(a.project_id) from rampart.project_access a
                      where a.user_id = (select rampart.current_user_id()) and 'task.read' = any (a.permissions)),
                    project_id) is not null
        and (visibility = 'project'
             or created_by = (select rampart.current_user_id())
             or array_position((select array_agg(a.project_id) from rampart.project_access a
                                 where a.user_id = (select rampart.current_user_id())
                                   and 'task.read_restricted' = any (a.permissions)), project_id) is not null))
    or (assignee_id = (select rampart.current_user_id())
        and array_position((select rampart.member_org_ids()), org_id) is not null)
    or array_position((select rampart.granted_task_ids()), id) is not null)
    with check (org_id = any ((select rampart.member_org_ids())::uuid[]));

drop policy if exists tasks_delete on rampart.tasks;
create policy tasks_delete on rampart.tasks for delete using (
    project_id = any ((select rampart.project_ids_with('task.delete'))::uuid[])
    and (visibility = 'project'
         or created_by = (select rampart.current_user_id())
         or project_id = any ((select rampart.project_ids_with('task.read_restricted'))::uuid[])));

-- Leaving unassigns one's own tasks first (the row then names nobody, which the other update
-- policies would not accept from a member without a project role).
drop policy if exists tasks_unassign_self on rampart.tasks;
create policy tasks_unassign_self on rampart.tasks for update
    using (assignee_id = (select rampart.current_user_id()))
    with check (assignee_id is null);

-- ---- task_grants ----

alter table rampart.task_grants enable row level security;
alter table rampart.task_grants force row level security;

-- Grants: the grantee sees their own; sharing a task needs task.share in its project. Removing a
-- member from the organization deletes their grants (organization administrators).
drop policy if exists task_grants_read on rampart.task_grants;
create policy task_grants_read on rampart.task_grants for select
    using (user_id = (select rampart.current_user_id())
           or project_id = any ((select rampart.project_ids_with('task.share'))::uuid[]));

drop policy if exists task_grants_create on rampart.task_grants;
create policy task_grants_create on rampart.task_grants for insert
    with check (project_id = any ((select rampart.project_ids_with('task.share'))::uuid[])
                and created_by = (select rampart.current_user_id()));

drop policy if exists task_grants_delete on rampart.task_grants;
create policy task_grants_delete on rampart.task_grants for delete
    using (project_id = any ((select rampart.project_ids_with('task.share'))::uuid[])
           or org_id = any ((select rampart.admin_org_ids())::uuid[]));

drop policy if exists task_grants_leave on rampart.task_grants;
create policy task_grants_leave on rampart.task_grants for delete
    using (user_id = (select rampart.current_user_id()));

-- ---- comments ----

alter table rampart.comments enable row level security;
alter table rampart.comments force row level security;

drop policy if exists comments_read on rampart.comments;
create policy comments_read on rampart.comments for select
    using (exists (select 1 from rampart.tasks t where t.id = comments.task_id));

drop policy if exists comments_create on rampart.comments;
create policy comments_create on rampart.comments for insert
    with check (author_id = (select rampart.current_user_id())
                and exists (select 1 from rampart.tasks t where t.id = comments.task_id));

drop policy if exists comments_delete on rampart.comments;
create policy comments_delete on rampart.comments for delete
    using (exists (select 1 from rampart.tasks t where t.id = comments.task_id)
           and (author_id = (select rampart.current_user_id())
                or project_id = any ((select rampart.project_ids_with('comment.delete'))::uuid[])));

-- Authors edit their own comments on tasks they can still see.
drop policy if exists comments_update_own on rampart.comments;
create policy comments_update_own on rampart.comments for update
    using (author_id = (select rampart.current_user_id())
           and exists (select 1 from rampart.tasks t where t.id = comments.task_id))
    with check (author_id = (select rampart.current_user_id()));

-- ---- checklist_items ----
-- A task's checklist goes with the task: visible, and changed, where the task is visible (the
-- service requires task.update for a change, as for the task's own fields).

alter table rampart.checklist_items enable row level security;
alter table rampart.checklist_items force row level security;

drop policy if exists checklist_items_read on rampart.checklist_items;
create policy checklist_items_read on rampart.checklist_items for select
    using (exists (select 1 from rampart.tasks t where t.id = checklist_items.task_id));

drop policy if exists checklist_items_create on rampart.checklist_items;
create policy checklist_items_create on rampart.checklist_items for insert
    with check (created_by = (select rampart.current_user_id())
                and exists (select 1 from rampart.tasks t
                            where t.id = checklist_items.task_id and t.project_id = checklist_items.project_id
                              and t.org_id = checklist_items.org_id));

drop policy if exists checklist_items_update on rampart.checklist_items;
create policy checklist_items_update on rampart.checklist_items for update
    using (exists (select 1 from rampart.tasks t where t.id = checklist_items.task_id))
    with check (exists (select 1 from rampart.tasks t
                        where t.id = checklist_items.task_id and t.project_id = checklist_items.project_id
                          and t.org_id = checklist_items.org_id));

drop policy if exists checklist_items_delete on rampart.checklist_items;
create policy checklist_items_delete on rampart.checklist_items for delete
    using (exists (select 1 from rampart.tasks t where t.id = checklist_items.task_id));

-- ---- task_dependencies ----
-- A dependency is visible, and removable, only to someone who sees both tasks; a new one must join
-- two visible tasks of its own organization (the service also requires task.update on the blocked
-- task and checks for cycles).

alter table rampart.task_dependencies enable row level security;
alter table rampart.task_dependencies force row level security;

drop policy if exists task_dependencies_read on rampart.task_dependencies;
create policy task_dependencies_read on rampart.task_dependencies for select
    using (exists (select 1 from rampart.tasks t where t.id = task_dependencies.blocker_id)
           and exists (select 1 from rampart.tasks t where t.id = task_dependencies.blocked_id));

drop policy if exists task_dependencies_create on rampart.task_dependencies;
create policy task_dependencies_create on rampart.task_dependencies for insert
    with check (created_by = (select rampart.current_user_id())
                and exists (select 1 from rampart.tasks t
                            where t.id = task_dependencies.blocker_id and t.org_id = task_dependencies.org_id)
                and exists (select 1 from rampart.tasks t
                            where t.id = task_dependencies.blocked_id and t.org_id = task_dependencies.org_id));

drop policy if exists task_dependencies_delete on rampart.task_dependencies;
create policy task_dependencies_delete on rampart.task_dependencies for delete
    using (exists (select 1 from rampart.tasks t where t.id = task_dependencies.blocker_id)
           and exists (select 1 from rampart.tasks t where t.id = task_dependencies.blocked_id));

-- ---- dependency graph versions: only the owner's functions below use it ----
-- Every statement that adds or removes dependencies (a task's deletion too, by its cascade) counts
-- up its organizations' versions; a node's in-memory copy of a graph is current while its version
-- is (work/DependencyGraphs).

alter table rampart.dependency_graph_versions enable row level security;
alter table rampart.dependency_graph_versions force row level security;

create or replace function rampart.count_dependency_changes() returns trigger
    language plpgsql security definer set search_path = pg_catalog, rampart
    as $$
    begin
        -- (an organization being deleted, whose dependencies go with it, is left out)
        insert into rampart.dependency_graph_versions as v (org_id, version)
        select distinct c.org_id, 1 from changed c join rampart.organizations o on o.id = c.org_id
        on conflict (org_id) do update set version = v.version + 1;
        return null;
    end $$;
revoke all on function rampart.count_dependency_changes() from public;

drop trigger if exists task_dependencies_added on rampart.task_dependencies;
create trigger task_dependencies_added after insert on rampart.task_dependencies
    referencing new table as changed for each statement execute function rampart.count_dependency_changes();
drop trigger if exists task_dependencies_removed on rampart.task_dependencies;
create trigger task_dependencies_removed after delete on rampart.task_dependencies
    referencing old table as changed for each statement execute function rampart.count_dependency_changes();
drop trigger if exists task_dependencies_changed on rampart.task_dependencies;
create trigger task_dependencies_changed after update on rampart.task_dependencies
    referencing new table as changed for each statement execute function rampart.count_dependency_changes();

-- Locks the organization's dependency graph until the transaction ends and answers its version:
-- one organization's dependency changes one after another, and a removal (its trigger) waits for a
-- check in progress. Only for the caller's organizations.
create or replace function rampart.lock_dependency_graph(org uuid) returns bigint
    language plpgsql volatile security definer set search_path = pg_catalog, rampart
    as $$
    declare
        current bigint;
    begin
        if not (org = any (rampart.member_org_ids())) then
            raise exception 'not a member of the organization' using errcode = '42501';
        end if;
        insert into rampart.dependency_graph_versions (org_id, version) values (org, 1)
        on conflict (org_id) do nothing;
        select v.version into current from rampart.dependency_graph_versions v where v.org_id = org for update;
        return current;
    end $$;
revoke all on function rampart.lock_dependency_graph(uuid) from public;
grant execute on function rampart.lock_dependency_graph(uuid) to ${app_role};

-- Every dependency of the organization, read past row-level security: a cycle through a task the
-- caller cannot see is found too (the service names such a task only as one they cannot see).
create or replace function rampart.dependency_graph(org uuid)
    returns table (blocker_id uuid, blocked_id uuid)
    language sql stable security definer set search_path = pg_catalog, rampart
    as $$
        select d.blocker_id, d.blocked_id
          from rampart.task_dependencies d
         where d.org_id = org and org = any (rampart.member_org_ids())
    $$;
revoke all on function rampart.dependency_graph(uuid) from public;
grant execute on function rampart.dependency_graph(uuid) to ${app_role};

-- Replaced by the two above (V24's comment still names it).
drop function if exists rampart.dependency_chain(uuid, uuid, uuid);

-- ---- attachments ----

alter table rampart.attachments enable row level security;
alter table rampart.attachments force row level security;

-- Attachments follow their task: visible when the task is, added by the uploader only.
drop policy if exists attachments_read on rampart.attachments;
create policy attachments_read on rampart.attachments for select
    using (exists (select 1 from rampart.tasks t where t.id = attachments.task_id));

drop policy if exists attachments_create on rampart.attachments;
create policy attachments_create on rampart.attachments for insert
    with check (uploaded_by = (select rampart.current_user_id())
                and exists (select 1 from rampart.tasks t where t.id = attachments.task_id));

drop policy if exists attachments_delete on rampart.attachments;
create policy attachments_delete on rampart.attachments for delete
    using (exists (select 1 from rampart.tasks t where t.id = attachments.task_id)
           and (uploaded_by = (select rampart.current_user_id())
                or project_id = any ((select rampart.project_ids_with('task.delete'))::uuid[])));

-- ---- org_storage ----

alter table rampart.org_storage enable row level security;
alter table rampart.org_storage force row level security;

drop policy if exists org_storage_read on rampart.org_storage;
create policy org_storage_read on rampart.org_storage for select
    using (org_id = any ((select rampart.member_org_ids())::uuid[]));

-- ---- milestones ----
-- A project's milestones are seen by whoever sees the project, and by whoever sees a task in one
-- (a guest with a grant sees the milestone of the task shared); changed by who may update the
-- project.

alter table rampart.milestones enable row level security;
alter table rampart.milestones force row level security;

drop policy if exists milestones_read on rampart.milestones;
create policy milestones_read on rampart.milestones for select
    using (project_id = any ((select rampart.visible_project_ids())::uuid[])
           or exists (select 1 from rampart.tasks t where t.milestone_id = milestones.id));

drop policy if exists milestones_create on rampart.milestones;
create policy milestones_create on rampart.milestones for insert
    with check (created_by = (select rampart.current_user_id())
                and project_id = any ((select rampart.project_ids_with('project.update'))::uuid[])
                and exists (select 1 from rampart.projects p
                            where p.id = milestones.project_id and p.org_id = milestones.org_id));

drop policy if exists milestones_update on rampart.milestones;
create policy milestones_update on rampart.milestones for update
    using (project_id = any ((select rampart.project_ids_with('project.update'))::uuid[]));

drop policy if exists milestones_delete on rampart.milestones;
create policy milestones_delete on rampart.milestones for delete
    using (project_id = any ((select rampart.project_ids_with('project.update'))::uuid[]));

-- ---- labels ----
-- An organization's labels are seen by its members and managed by its owners and admins.

alter table rampart.labels enable row level security;
alter table rampart.labels force row level security;

drop policy if exists labels_read on rampart.labels;
create policy labels_read on rampart.labels for select
    using (org_id = any ((select rampart.member_org_ids())::uuid[]));

drop policy if exists labels_create on rampart.labels;
create policy labels_create on rampart.labels for insert
    with check (org_id = any ((select rampart.admin_org_ids())::uuid[])
                and created_by = (select rampart.current_user_id()));

drop policy if exists labels_update on rampart.labels;
create policy labels_update on rampart.labels for update
    using (org_id = any ((select rampart.admin_org_ids())::uuid[]));

drop policy if exists labels_delete on rampart.labels;
create policy labels_delete on rampart.labels for delete
    using (org_id = any ((select rampart.admin_org_ids())::uuid[]));

-- ---- task_labels ----
-- A task's labels go with the task (the service requires task.update to change them).

alter table rampart.task_labels enable row level security;
alter table rampart.task_labels force row level security;

drop policy if exists task_labels_read on rampart.task_labels;
create policy task_labels_read on rampart.task_labels for select
    using (exists (select 1 from rampart.tasks t where t.id = task_labels.task_id));

drop policy if exists task_labels_create on rampart.task_labels;
create policy task_labels_create on rampart.task_labels for insert
    with check (created_by = (select rampart.current_user_id())
                and exists (select 1 from rampart.tasks t
                            where t.id = task_labels.task_id and t.org_id = task_labels.org_id));

drop policy if exists task_labels_delete on rampart.task_labels;
create policy task_labels_delete on rampart.task_labels for delete
    using (exists (select 1 from rampart.tasks t where t.id = task_labels.task_id));

-- ---- project keys ----
-- Whether another project of the organization already has this key (by its blind index): a project
-- manager need not see every project of the organization to be told a key is taken. Only for the
-- caller's organizations; says nothing but yes or no.
create or replace function rampart.project_key_taken(org uuid, key_index bytea, project uuid) returns boolean
    language sql stable security definer set search_path = pg_catalog, rampart
    as $$ select org = any (rampart.member_org_ids())
                 and exists (select 1 from rampart.projects p
                              where p.org_id = org and p.task_key_index = key_index and p.id <> project) $$;
revoke all on function rampart.project_key_taken(uuid, bytea, uuid) from public;
grant execute on function rampart.project_key_taken(uuid, bytea, uuid) to ${app_role};

-- ---- process templates ----
-- An organization's templates are read by its owners, admins and members (template.read; guests
-- do not see them) and managed by its owners and admins (template.manage). A published version is
-- frozen: the application role may not change it, nor turn it back into a draft. The owner role
-- may still re-seal its document under a new key (key rotation), which changes no plaintext.

create or replace function rampart.template_reader_org_ids() returns uuid[]
    language plpgsql stable security definer set search_path = pg_catalog, rampart
    set plan_cache_mode = force_generic_plan
    as $$ begin
              return (select coalesce(array_agg(m.org_id), '{}') from rampart.org_members m
                     where m.user_id = rampart.current_user_id() and m.role in ('owner', 'admin', 'member'));
          end $$;
revoke all on function rampart.template_reader_org_ids() from public;
grant execute on function rampart.template_reader_org_ids() to ${app_role};

alter table rampart.process_templates enable row level security;
alter table rampart.process_templates force row level security;

drop policy if exists process_templates_read on rampart.process_templates;
create policy process_templates_read on rampart.process_templates for select
    using (org_id = any ((select rampart.template_reader_org_ids())::uuid[]));

drop policy if exists process_templates_create on rampart.process_templates;
create policy process_templates_create on rampart.process_templates for insert
    with check (org_id = any ((select rampart.admin_org_ids())::uuid[])
                and created_by = (select rampart.current_user_id()));

drop policy if exists process_templates_update on rampart.process_templates;
create policy process_templates_update on rampart.process_templates for update
    using (org_id = any ((select rampart.admin_org_ids())::uuid[]));

drop policy if exists process_templates_delete on rampart.process_templates;
create policy process_templates_delete on rampart.process_templates for delete
    using (org_id = any ((select rampart.admin_org_ids())::uuid[]));

alter table rampart.process_template_versions enable row level security;
alter table rampart.process_template_versions force row level security;

drop policy if exists process_template_versions_read on rampart.process_template_versions;
create policy process_template_versions_read on rampart.process_template_versions for select
    using (org_id = any ((select rampart.template_reader_org_ids())::uuid[]));

drop policy if exists process_template_versions_create on rampart.process_template_versions;
create policy process_template_versions_create on rampart.process_template_versions for insert
    with check (org_id = any ((select rampart.admin_org_ids())::uuid[])
                and created_by = (select rampart.current_user_id())
                and state = 'draft');

drop policy if exists process_template_versions_update on rampart.process_template_versions;
create policy process_template_versions_update on rampart.process_template_versions for update
    using (org_id = any ((select rampart.admin_org_ids())::uuid[]) and state = 'draft')
    with check (org_id = any ((select rampart.admin_org_ids())::uuid[]));

-- A draft may be discarded; a published version goes only with its template.
drop policy if exists process_template_versions_delete on rampart.process_template_versions;
create policy process_template_versions_delete on rampart.process_template_versions for delete
    using (org_id = any ((select rampart.admin_org_ids())::uuid[]) and state = 'draft');

create or replace function rampart.published_template_version_frozen() returns trigger
    language plpgsql set search_path = pg_catalog, rampart
    as $$ begin
              if old.state = 'published' and (
                     new.state is distinct from old.state or new.number is distinct from old.number
                  or new.template_id is distinct from old.template_id or new.org_id is distinct from old.org_id
                  or new.step_count is distinct from old.step_count or new.revision is distinct from old.revision
                  or new.published_at is distinct from old.published_at
                  or new.published_by is distinct from old.published_by
                  or (new.document is distinct from old.document and current_user = '${app_role}')) then
                  raise exception 'a published template version cannot change' using errcode = '55000';
              end if;
              return new;
          end $$;
drop trigger if exists process_template_versions_frozen on rampart.process_template_versions;
create trigger process_template_versions_frozen before update on rampart.process_template_versions
    for each row execute function rampart.published_template_version_frozen();


-- ---- workflows ----
-- A project's workflow (its statuses and transitions) is seen by whoever sees the project, or a task
-- in it (a guest with a grant sees the statuses of the task shared and the transitions from its
-- status); changed by who may update the project. An organization's default workflow is seen by its
-- members and changed by its owners and admins.

alter table rampart.workflows enable row level security;
alter table rampart.workflows force row level security;
alter table rampart.workflow_statuses enable row level security;
alter table rampart.workflow_statuses force row level security;
alter table rampart.workflow_transitions enable row level security;
alter table rampart.workflow_transitions force row level security;

-- The rules are written out in each policy, the caller's sets computed once a statement (an
-- init plan), as the milestone and label policies are: a board reads a workflow on every request.
-- Transitions follow their workflow row (its own policy applies inside the subquery).

drop policy if exists workflows_read on rampart.workflows;
create policy workflows_read on rampart.workflows for select
    using ((workflows.project_id is null and workflows.org_id = any ((select rampart.member_org_ids())::uuid[]))
           or workflows.project_id = any ((select rampart.visible_project_ids())::uuid[])
           or (workflows.project_id is not null
               and exists (select 1 from rampart.tasks t where t.project_id = workflows.project_id)));
drop policy if exists workflows_update on rampart.workflows;
create policy workflows_update on rampart.workflows for update
    using ((workflows.project_id is null and workflows.org_id = any ((select rampart.admin_org_ids())::uuid[]))
           or (workflows.project_id = any ((select rampart.project_ids_with('project.update'))::uuid[])
               and exists (select 1 from rampart.projects p
                           where p.id = workflows.project_id and p.org_id = workflows.org_id)))
    with check ((workflows.project_id is null and workflows.org_id = any ((select rampart.admin_org_ids())::uuid[]))
           or (workflows.project_id = any ((select rampart.project_ids_with('project.update'))::uuid[])
               and exists (select 1 from rampart.projects p
                           where p.id = workflows.project_id and p.org_id = workflows.org_id)));

drop policy if exists workflow_statuses_read on rampart.workflow_statuses;
create policy workflow_statuses_read on rampart.workflow_statuses for select
    using ((workflow_statuses.project_id is null and workflow_statuses.org_id = any ((select rampart.member_org_ids())::uuid[]))
           or workflow_statuses.project_id = any ((select rampart.visible_project_ids())::uuid[])
           or (workflow_statuses.project_id is not null
               and exists (select 1 from rampart.tasks t where t.project_id = workflow_statuses.project_id)));
drop policy if exists workflow_statuses_write on rampart.workflow_statuses;
create policy workflow_statuses_write on rampart.workflow_statuses for all
    using ((workflow_statuses.project_id is null and workflow_statuses.org_id = any ((select rampart.admin_org_ids())::uuid[]))
           or (workflow_statuses.project_id = any ((select rampart.project_ids_with('project.update'))::uuid[])
               and exists (select 1 from rampart.projects p
                           where p.id = workflow_statuses.project_id and p.org_id = workflow_statuses.org_id)))
    with check (((workflow_statuses.project_id is null and workflow_statuses.org_id = any ((select rampart.admin_org_ids())::uuid[]))
           or (workflow_statuses.project_id = any ((select rampart.project_ids_with('project.update'))::uuid[])
               and exists (select 1 from rampart.projects p
                           where p.id = workflow_statuses.project_id and p.org_id = workflow_statuses.org_id)))
                and exists (select 1 from rampart.workflows w
                             where w.id = workflow_statuses.workflow_id and w.org_id = workflow_statuses.org_id
                               and w.project_id is not distinct from workflow_statuses.project_id));

drop policy if exists workflow_transitions_read on rampart.workflow_transitions;
create policy workflow_transitions_read on rampart.workflow_transitions for select
    using (exists (select 1 from rampart.workflows w where w.id = workflow_transitions.workflow_id));
drop policy if exists workflow_transitions_write on rampart.workflow_transitions;
create policy workflow_transitions_write on rampart.workflow_transitions for all
    using (exists (select 1 from rampart.workflows w
                    where w.id = workflow_transitions.workflow_id and w.org_id = workflow_transitions.org_id
                      and ((w.project_id is null and w.org_id = any ((select rampart.admin_org_ids())::uuid[]))
           or (w.project_id = any ((select rampart.project_ids_with('project.update'))::uuid[])
               and exists (select 1 from rampart.projects p
                           where p.id = w.project_id and p.org_id = w.org_id)))))
    with check (exists (select 1 from rampart.workflows w
                         where w.id = workflow_transitions.workflow_id and w.org_id = workflow_transitions.org_id
                           and ((w.project_id is null and w.org_id = any ((select rampart.admin_org_ids())::uuid[]))
           or (w.project_id = any ((select rampart.project_ids_with('project.update'))::uuid[])
               and exists (select 1 from rampart.projects p
                           where p.id = w.project_id and p.org_id = w.org_id)))));

drop function if exists rampart.workflow_readable(uuid, uuid);
drop function if exists rampart.workflow_writable(uuid, uuid);

-- Every organization starts with the four statuses Rampart always had as its default workflow, and
-- every project with a copy of its organization's default, whoever inserts it (the application, a
-- template start, the seeder's COPY). As the schema owner: the insert of the organization or
-- project has passed its own policies already.
create or replace function rampart.new_organization_workflow() returns trigger
    language plpgsql security definer set search_path = pg_catalog, rampart
    as $$
    declare
        workflow uuid := gen_random_uuid();
    begin
        insert into rampart.workflows (id, org_id, project_id, revision, updated_at)
        values (workflow, new.id, null, 1, new.created_at);
        insert into rampart.workflow_statuses (workflow_id, org_id, project_id, key, name, colour, category, position)
        select workflow, new.id, null, s.key, s.name, s.colour, s.category, s.position
          from (values ('todo', 'To do', '#6b7280', 'todo', 1),
                       ('in_progress', 'In progress', '#d97706', 'in_progress', 2),
                       ('done', 'Done', '#16a34a', 'done', 3),
                       ('cancelled', 'Cancelled', '#9ca3af', 'done', 4)) as s(key, name, colour, category, position);
        insert into rampart.workflow_transitions (workflow_id, org_id, from_key, to_key, role_ids)
        select workflow, new.id, a.key, b.key, '{}'
          from rampart.workflow_statuses a
          join rampart.workflow_statuses b on b.workflow_id = a.workflow_id and b.key <> a.key
         where a.workflow_id = workflow;
        return null;
    end $$;
revoke all on function rampart.new_organization_workflow() from public;

create or replace function rampart.new_project_workflow() returns trigger
    language plpgsql security definer set search_path = pg_catalog, rampart
    as $$
    declare
        source uuid;
        workflow uuid := gen_random_uuid();
    begin
        select w.id into source from rampart.workflows w where w.org_id = new.org_id and w.project_id is null;
        insert into rampart.workflows (id, org_id, project_id, revision, updated_at)
        values (workflow, new.org_id, new.id, 1, new.created_at);
        insert into rampart.workflow_statuses (workflow_id, org_id, project_id, key, name, colour, category, position)
        select workflow, new.org_id, new.id, s.key, s.name, s.colour, s.category, s.position
          from rampart.workflow_statuses s where s.workflow_id = source;
        insert into rampart.workflow_transitions (workflow_id, org_id, from_key, to_key, role_ids)
        select workflow, new.org_id, t.from_key, t.to_key, t.role_ids
          from rampart.workflow_transitions t where t.workflow_id = source;
        return null;
    end $$;
revoke all on function rampart.new_project_workflow() from public;

drop trigger if exists organizations_default_workflow on rampart.organizations;
create trigger organizations_default_workflow after insert on rampart.organizations
    for each row execute function rampart.new_organization_workflow();
drop trigger if exists projects_workflow on rampart.projects;
create trigger projects_workflow after insert on rampart.projects
    for each row execute function rampart.new_project_workflow();
-- How many tasks have each of these statuses, and moving them to others, for a workflow change that
-- removes statuses: every task of the project counts and moves, those the caller cannot see (a
-- restricted task) too, or the status could never go. Only for who may update the project; a moved
-- task's version counts up like any change.
create or replace function rampart.tasks_per_status(project uuid, keys text[])
    returns table (key text, tasks bigint)
    language sql stable security definer set search_path = pg_catalog, rampart
    as $$
        select t.status, count(*)
          from rampart.tasks t
         where t.project_id = project and t.status = any (keys)
           and project = any (rampart.project_ids_with('project.update'))
         group by t.status
    $$;
revoke all on function rampart.tasks_per_status(uuid, text[]) from public;
grant execute on function rampart.tasks_per_status(uuid, text[]) to ${app_role};

create or replace function rampart.move_tasks_between_statuses(project uuid, from_keys text[], to_keys text[])
    returns bigint
    language plpgsql volatile security definer set search_path = pg_catalog, rampart
    as $$
    declare
        moved bigint;
    begin
        if not (project = any (rampart.project_ids_with('project.update'))) then
            raise exception 'may not change the project' using errcode = '42501';
        end if;
        update rampart.tasks t
           set status = m.to_key, version = t.version + 1, updated_by = rampart.current_user_id(), updated_at = now()
          from unnest(from_keys, to_keys) as m(from_key, to_key)
         where t.project_id = project and t.status = m.from_key;
        get diagnostics moved = row_count;
        return moved;
    end $$;
revoke all on function rampart.move_tasks_between_statuses(uuid, text[], text[]) from public;
grant execute on function rampart.move_tasks_between_statuses(uuid, text[], text[]) to ${app_role};
-- Task history: readable with the task (the task's own policy applies inside the subquery, so a
-- task that becomes restricted takes its history out of sight with it); the application adds the
-- rows of the sealed fields and labels for changes it makes as the acting user, to a task it sees;
-- nobody updates or deletes a row (no policy, no grant).
alter table rampart.task_history enable row level security;
alter table rampart.task_history force row level security;
drop policy if exists task_history_read on rampart.task_history;
create policy task_history_read on rampart.task_history for select
    using (exists (select 1 from rampart.tasks t where t.id = task_history.task_id));
drop policy if exists task_history_insert on rampart.task_history;
create policy task_history_insert on rampart.task_history for insert
    with check (task_history.actor_id = rampart.current_user_id()
                and exists (select 1 from rampart.tasks t
                             where t.id = task_history.task_id and t.org_id = task_history.org_id
                               and t.project_id = task_history.project_id));

-- The plain fields of every task update, as the schema owner (the update has passed the tasks'
-- own policies already). The time is the change's own (updated_at, the application's clock) when
-- it sets one, the transaction's otherwise.
create or replace function rampart.record_task_changes() returns trigger
    language plpgsql security definer set search_path = pg_catalog, rampart
    as $$
    begin
        insert into rampart.task_history (id, org_id, project_id, task_id, at, actor_id, field, old_value, new_value)
        select gen_random_uuid(), new.org_id, new.project_id, new.id,
               case when new.updated_at is distinct from old.updated_at then new.updated_at else now() end,
               coalesce(rampart.current_user_id(), new.updated_by), c.field, c.old_value, c.new_value
          from (values ('status', old.status::text, new.status::text),
                       ('priority', old.priority::text, new.priority::text),
                       ('assignee', old.assignee_id::text, new.assignee_id::text),
                       ('dueDate', old.due_date::text, new.due_date::text),
                       ('startDate', old.start_date::text, new.start_date::text),
                       ('estimateMinutes', old.estimate_minutes::text, new.estimate_minutes::text),
                       ('milestone', old.milestone_id::text, new.milestone_id::text),
                       ('visibility', old.visibility::text, new.visibility::text),
                       ('sprint', old.sprint_id::text, new.sprint_id::text),
                       ('storyPoints', old.story_points::text, new.story_points::text))
               as c(field, old_value, new_value)
         where c.old_value is distinct from c.new_value;
        return null;
    end $$;
revoke all on function rampart.record_task_changes() from public;
drop trigger if exists tasks_history on rampart.tasks;
create trigger tasks_history after update on rampart.tasks
    for each row
    when (old.status is distinct from new.status or old.priority is distinct from new.priority
          or old.assignee_id is distinct from new.assignee_id or old.due_date is distinct from new.due_date
          or old.start_date is distinct from new.start_date
          or old.estimate_minutes is distinct from new.estimate_minutes
          or old.milestone_id is distinct from new.milestone_id or old.visibility is distinct from new.visibility
          or old.sprint_id is distinct from new.sprint_id or old.story_points is distinct from new.story_points)
    execute function rampart.record_task_changes();
-- ---- sprints ----
-- As milestones: seen by whoever sees the project, or a task planned into one; managed by who may
-- update the project.
alter table rampart.sprints enable row level security;
alter table rampart.sprints force row level security;
drop policy if exists sprints_read on rampart.sprints;
create policy sprints_read on rampart.sprints for select
    using (project_id = any ((select rampart.visible_project_ids())::uuid[])
           or exists (select 1 from rampart.tasks t where t.sprint_id = sprints.id));
drop policy if exists sprints_create on rampart.sprints;
create policy sprints_create on rampart.sprints for insert
    with check (created_by = (select rampart.current_user_id())
                and project_id = any ((select rampart.project_ids_with('project.update'))::uuid[])
                and exists (select 1 from rampart.projects p
                            where p.id = sprints.project_id and p.org_id = sprints.org_id));
drop policy if exists sprints_update on rampart.sprints;
create policy sprints_update on rampart.sprints for update
    using (project_id = any ((select rampart.project_ids_with('project.update'))::uuid[]));
drop policy if exists sprints_delete on rampart.sprints;
create policy sprints_delete on rampart.sprints for delete
    using (project_id = any ((select rampart.project_ids_with('project.update'))::uuid[]));
-- Closing a sprint moves its unfinished tasks (not in a done status of their project) to the next
-- sprint or the backlog: all of them, those the closer cannot see too, or a restricted task would
-- stay behind in a closed sprint. Only for who may update the project; each moved task's version
-- counts up like any change and its history records the move at the closing time.
create or replace function rampart.move_unfinished_sprint_tasks(sprint uuid, target uuid, at timestamptz) returns bigint
    language plpgsql volatile security definer set search_path = pg_catalog, rampart
    as $$
    declare
        project uuid;
        moved bigint;
    begin
        select s.project_id into project from rampart.sprints s where s.id = sprint;
        if project is null or not (project = any (rampart.project_ids_with('project.update'))) then
            raise exception 'may not change the project' using errcode = '42501';
        end if;
        update rampart.tasks t
           set sprint_id = target, version = t.version + 1, updated_by = rampart.current_user_id(), updated_at = at
         where t.sprint_id = sprint
           and not exists (select 1 from rampart.workflow_statuses ws
                            where ws.project_id = t.project_id and ws.key = t.status and ws.category = 'done');
        get diagnostics moved = row_count;
        return moved;
    end $$;
revoke all on function rampart.move_unfinished_sprint_tasks(uuid, uuid, timestamptz) from public;
grant execute on function rampart.move_unfinished_sprint_tasks(uuid, uuid, timestamptz) to ${app_role};
-- [jooq ignore stop]

-- ---- search terms (V33) ----
-- A task is searched as one document: its own terms (title, description) and its comments' terms.
-- The union is kept here, as the schema owner, whoever writes the comment (a commenter may not
-- update the task).
-- [jooq ignore start]
create or replace function rampart.task_search_terms(task uuid, own bytea[]) returns bytea[]
    language sql stable security definer set search_path = pg_catalog, rampart
    as $$ select coalesce(array_agg(distinct term), '{}')
            from (select unnest(own) as term
                  union
                  select unnest(c.body_terms) from rampart.comments c where c.task_id = task) terms $$;
revoke all on function rampart.task_search_terms(uuid, bytea[]) from public;

create or replace function rampart.task_search_terms_on_write() returns trigger
    language plpgsql security definer set search_path = pg_catalog, rampart
    as $$
    begin
        if tg_op = 'INSERT' then
            new.search_terms := new.text_terms;
        elsif new.text_terms is distinct from old.text_terms then
            new.search_terms := rampart.task_search_terms(new.id, new.text_terms);
        end if;
        return new;
    end $$;
drop trigger if exists tasks_search_terms on rampart.tasks;
create trigger tasks_search_terms before insert or update of text_terms on rampart.tasks
    for each row execute function rampart.task_search_terms_on_write();

create or replace function rampart.comment_search_terms_changed() returns trigger
    language plpgsql security definer set search_path = pg_catalog, rampart
    as $$
    declare
        task uuid := case when tg_op = 'DELETE' then old.task_id else new.task_id end;
    begin
        if tg_op = 'UPDATE' and new.body_terms is not distinct from old.body_terms then
            return null;
        end if;
        update rampart.tasks t set search_terms = rampart.task_search_terms(t.id, t.text_terms) where t.id = task;
        return null;
    end $$;
-- One ranked page of a search: the tasks of one of the caller's organizations holding, for each of
-- the query's words (1 to 8), one of its 3 terms (wanted: 3 terms per word, word by word, 8 words:
-- the first repeated after the last, so all 8 conditions are plain index conditions), that the
-- caller may read, filtered, ranked by how many of the words their title holds, then by the latest
-- change, after a cursor. Row-level security cannot let a GIN index serve the overlap operator (it
-- is not leakproof, so a policy must filter first: a scan of every task), so this definer function
-- finds the candidates through the index and applies the tasks_read policy's rules itself; the
-- caller's query applies the policies again to the page it returns, as to every read.
drop function if exists rampart.task_ids_matching(uuid, bytea[]);
drop function if exists rampart.search_tasks(uuid, bytea[], uuid, text, uuid, uuid, date, date, integer, timestamptz,
    uuid, integer);
-- How many of the query's words a title holds (its terms against each word's first term: the word
-- itself, or the prefix asked for).
-- (No SET clause: it is inlined into the queries that call it.)
create or replace function rampart.search_rank(title bytea[], wanted bytea[], words integer) returns integer
    language sql immutable parallel safe
    as $$
    select (title && wanted[1:1])::int
         + case when words >= 2 then (title && wanted[4:4])::int else 0 end
         + case when words >= 3 then (title && wanted[7:7])::int else 0 end
         + case when words >= 4 then (title && wanted[10:10])::int else 0 end
         + case when words >= 5 then (title && wanted[13:13])::int else 0 end
         + case when words >= 6 then (title && wanted[16:16])::int else 0 end
         + case when words >= 7 then (title && wanted[19:19])::int else 0 end
         + case when words >= 8 then (title && wanted[22:22])::int else 0 end $$;

create or replace function rampart.search_tasks(org uuid, wanted bytea[], words integer, project uuid, status text, assignee uuid,
        label uuid, due_from date, due_to date, after_rank integer, after_updated timestamptz, after_id uuid,
        page integer)
    returns table (id uuid, updated_at timestamptz, title_words integer)
    language plpgsql stable security definer set search_path = pg_catalog, rampart
    -- planned for each call's values: with or without a project, a filter, a cursor
    set plan_cache_mode = force_custom_plan
    as $$
    #variable_conflict use_column
    declare
        -- the caller's rights, read once
        me uuid := rampart.current_user_id();
        readable uuid[] := rampart.project_ids_with('task.read');
        restricted uuid[] := rampart.project_ids_with('task.read_restricted');
        granted uuid[] := rampart.granted_task_ids();
        best integer := 0;
        ids uuid[];
        times timestamptz[];
    begin
        if cardinality(wanted) <> 24 or not (search_tasks.org = any (rampart.member_org_ids())) then
            return;
        end if;
        -- The best rank a visible task could have: how many of the words some title it may read holds.
        for i in 1 .. least(search_tasks.words, 8) loop
            if exists (select 1 from rampart.tasks t
                        where t.org_id = search_tasks.org and t.title_terms && wanted[3 * i - 2:3 * i - 2]
                          and ((t.project_id = any (readable)
                                and (t.visibility = 'project' or t.created_by = me or t.project_id = any (restricted)))
                               or t.assignee_id = me or t.id = any (granted))) then
                best := best + 1;
            end if;
        end loop;
        -- The most recently changed 2,000 tasks (of the project, when the search names one) after the
        -- cursor: when they hold a page of matches of the best rank, that page is exact (every other
        -- match of that rank is older, none ranks higher).
        if after_id is null or after_rank = best then
            select array_agg(w.id order by w.updated_at desc, w.id desc),
                   array_agg(w.updated_at order by w.updated_at desc, w.id desc)
              into ids, times
              from (select r.id, r.updated_at
                      from (select t.* from rampart.tasks t
                             where t.org_id = search_tasks.org
                               and (search_tasks.project is null or t.project_id = search_tasks.project)
                               and (after_id is null or (t.updated_at, t.id) < (after_updated, after_id))
                             order by t.updated_at desc, t.id desc
                             limit 2000) r
                     where r.search_terms && wanted[1:3] and r.search_terms && wanted[4:6]
                       and r.search_terms && wanted[7:9] and r.search_terms && wanted[10:12]
                       and r.search_terms && wanted[13:15] and r.search_terms && wanted[16:18]
                       and r.search_terms && wanted[19:21] and r.search_terms && wanted[22:24]
                       and ((r.project_id = any (readable)
                             and (r.visibility = 'project' or r.created_by = me or r.project_id = any (restricted)))
                            or r.assignee_id = me or r.id = any (granted))
                       and (search_tasks.status is null or r.status = search_tasks.status)
                       and (search_tasks.assignee is null or r.assignee_id = search_tasks.assignee)
                       and (search_tasks.due_from is null or r.due_date >= search_tasks.due_from)
                       and (search_tasks.due_to is null or r.due_date <= search_tasks.due_to)
                       and (search_tasks.label is null or exists (select 1 from rampart.task_labels l
                                                      where l.task_id = r.id and l.label_id = search_tasks.label))
                       and rampart.search_rank(r.title_terms, wanted, search_tasks.words) = best
                     order by r.updated_at desc, r.id desc
                     limit page) w;
            if cardinality(ids) >= page then
                return query select u.id, u.updated_at, best
                               from unnest(ids, times) as u(id, updated_at);
                return;
            end if;
        end if;
        -- Otherwise every match, through the index, ranked.
        return query
        with found as (
           select t.id, t.updated_at, rampart.search_rank(t.title_terms, wanted, search_tasks.words) as title_words
             from rampart.tasks t
            where t.org_id = search_tasks.org
              -- every word's condition as is, so the index answers them together
              and t.search_terms && wanted[1:3] and t.search_terms && wanted[4:6]
              and t.search_terms && wanted[7:9] and t.search_terms && wanted[10:12]
              and t.search_terms && wanted[13:15] and t.search_terms && wanted[16:18]
              and t.search_terms && wanted[19:21] and t.search_terms && wanted[22:24]
              -- the tasks_read policy's rules
              and ((t.project_id = any (readable)
                    and (t.visibility = 'project' or t.created_by = me or t.project_id = any (restricted)))
                   or t.assignee_id = me or t.id = any (granted))
              and (search_tasks.project is null or t.project_id = search_tasks.project)
              and (search_tasks.status is null or t.status = search_tasks.status)
              and (search_tasks.assignee is null or t.assignee_id = search_tasks.assignee)
              and (search_tasks.due_from is null or t.due_date >= search_tasks.due_from)
              and (search_tasks.due_to is null or t.due_date <= search_tasks.due_to)
              and (search_tasks.label is null or exists (select 1 from rampart.task_labels l
                                             where l.task_id = t.id and l.label_id = search_tasks.label)))
        select f.id, f.updated_at, f.title_words from found f
         where after_id is null or (f.title_words, f.updated_at, f.id) < (after_rank, after_updated, after_id)
         order by f.title_words desc, f.updated_at desc, f.id desc
         limit page;
    end $$;

revoke all on function rampart.search_tasks(uuid, bytea[], integer, uuid, text, uuid, uuid, date, date, integer,
    timestamptz, uuid, integer) from public;
grant execute on function rampart.search_tasks(uuid, bytea[], integer, uuid, text, uuid, uuid, date, date, integer,
    timestamptz, uuid, integer) to ${app_role};

drop trigger if exists comments_search_terms on rampart.comments;
create trigger comments_search_terms after insert or update of body_terms or delete on rampart.comments
    for each row execute function rampart.comment_search_terms_changed();
-- [jooq ignore stop]
