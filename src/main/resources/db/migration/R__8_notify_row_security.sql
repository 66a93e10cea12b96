-- Row-level security of watching and notifications (V32).
--
-- Repeatable migration (run after the versioned ones whenever its text changes): today's policies,
-- complete. To change a policy, change it here.

-- [jooq ignore start]

-- ---- task_watchers ----
-- Who watches a task is visible to whoever may read it (the writer of a change tells its watchers).
-- Anyone who may read a task may put a member of its organization on it (taking part subscribes);
-- only the user may stop watching or start again.
alter table rampart.task_watchers enable row level security;
alter table rampart.task_watchers force row level security;
drop policy if exists task_watchers_read on rampart.task_watchers;
create policy task_watchers_read on rampart.task_watchers for select
    using (exists (select 1 from rampart.tasks t where t.id = task_watchers.task_id));
drop policy if exists task_watchers_create on rampart.task_watchers;
create policy task_watchers_create on rampart.task_watchers for insert
    with check (exists (select 1 from rampart.tasks t
                         where t.id = task_watchers.task_id and t.org_id = task_watchers.org_id)
                and exists (select 1 from rampart.org_members m
                             where m.org_id = task_watchers.org_id and m.user_id = task_watchers.user_id));
drop policy if exists task_watchers_update on rampart.task_watchers;
create policy task_watchers_update on rampart.task_watchers for update
    using (user_id = rampart.current_user_id()
           and exists (select 1 from rampart.tasks t where t.id = task_watchers.task_id))
    with check (user_id = rampart.current_user_id());

-- ---- notifications ----
-- A notification is its recipient's alone, and only while they may still read its task (or, for
-- project_added, are still in its organization). The writer of a change notifies members of the
-- organization about a task they can read themselves; the due-date job writes as the schema owner.
alter table rampart.notifications enable row level security;
alter table rampart.notifications force row level security;
drop policy if exists notifications_read on rampart.notifications;
create policy notifications_read on rampart.notifications for select
    using (user_id = rampart.current_user_id()
           and org_id = any ((select rampart.member_org_ids())::uuid[])
           and (task_id is null or exists (select 1 from rampart.tasks t where t.id = notifications.task_id)));
drop policy if exists notifications_create on rampart.notifications;
create policy notifications_create on rampart.notifications for insert
    with check (actor_id = rampart.current_user_id()
                and exists (select 1 from rampart.org_members m
                             where m.org_id = notifications.org_id and m.user_id = notifications.user_id)
                and (task_id is null
                     or exists (select 1 from rampart.tasks t
                                 where t.id = notifications.task_id and t.org_id = notifications.org_id
                                   and t.project_id = notifications.project_id))
                and (task_id is not null
                     or exists (select 1 from rampart.projects p
                                 where p.id = notifications.project_id and p.org_id = notifications.org_id)));
drop policy if exists notifications_update on rampart.notifications;
create policy notifications_update on rampart.notifications for update
    using (user_id = rampart.current_user_id())
    with check (user_id = rampart.current_user_id());

-- ---- notification_preferences ----
alter table rampart.notification_preferences enable row level security;
alter table rampart.notification_preferences force row level security;
drop policy if exists notification_preferences_own on rampart.notification_preferences;
create policy notification_preferences_own on rampart.notification_preferences for all
    using (user_id = rampart.current_user_id())
    with check (user_id = rampart.current_user_id());

-- [jooq ignore stop]
