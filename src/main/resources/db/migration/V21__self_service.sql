-- Self-service (docs/api.md): an account deleted by its owner keeps its row, so the work it
-- authored stays attributed ("deleted user"), with its personal fields erased; comments say when
-- they were last edited; projects can be archived (read-only, out of the default lists) and
-- restored, and only an archived project can be deleted.
alter table rampart.users add column deleted_at timestamptz;
alter table rampart.comments add column edited_at timestamptz;
alter table rampart.projects add column archived_at timestamptz;
-- Each task carries its project's archived flag (like V20's MFA flags): the access check reads it
-- from the task row it loads anyway, also for readers who see a task through a grant but not its
-- project. Kept by triggers.
alter table rampart.tasks add column project_archived boolean not null default false;

-- [jooq ignore start]
-- Leaving an organization (or deleting one's account): members remove their own memberships and
-- grants; the service layer keeps the last owner from leaving.
create policy org_members_leave on rampart.org_members for delete
    using (user_id = (select rampart.current_user_id()));
create policy project_members_leave on rampart.project_members for delete
    using (user_id = (select rampart.current_user_id()));
create policy task_grants_leave on rampart.task_grants for delete
    using (user_id = (select rampart.current_user_id()));
-- Leaving unassigns one's own tasks first (the row then names nobody, which the other update
-- policies would not accept from a member without a project role).
create policy tasks_unassign_self on rampart.tasks for update
    using (assignee_id = (select rampart.current_user_id()))
    with check (assignee_id is null);
-- A deleted account holds nothing personal any more (fields erased); everyone may see that it was
-- a deleted user, wherever its work is shown.
create policy users_read_deleted on rampart.users for select
    using (deleted_at is not null and (select rampart.current_user_id()) is not null);
-- Authors edit their own comments on tasks they can still see.
create policy comments_update_own on rampart.comments for update
    using (author_id = (select rampart.current_user_id())
           and exists (select 1 from rampart.tasks t where t.id = comments.task_id))
    with check (author_id = (select rampart.current_user_id()));

create function rampart.project_archive_to_tasks() returns trigger
    language plpgsql security definer set search_path = pg_catalog, rampart
    as $$ begin
              update rampart.tasks set project_archived = (new.archived_at is not null) where project_id = new.id;
              return null;
          end $$;
create trigger projects_archive_to_tasks after update of archived_at on rampart.projects
    for each row when (old.archived_at is distinct from new.archived_at)
    execute function rampart.project_archive_to_tasks();

create function rampart.task_takes_project_archived() returns trigger
    language plpgsql security definer set search_path = pg_catalog, rampart
    as $$ begin
              new.project_archived := coalesce((select p.archived_at is not null from rampart.projects p
                                                where p.id = new.project_id), false);
              return new;
          end $$;
create trigger tasks_take_project_archived before insert on rampart.tasks
    for each row execute function rampart.task_takes_project_archived();
revoke all on function rampart.project_archive_to_tasks(), rampart.task_takes_project_archived() from public;
-- [jooq ignore end]
