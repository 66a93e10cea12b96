-- Row-level security of webhooks and their deliveries (V34).
--
-- Repeatable migration (run after the versioned ones whenever its text changes): today's policies,
-- complete. To change a policy, change it here.

-- [jooq ignore start]

-- ---- webhooks ----
-- An organization's webhooks are its owners' and admins'; a project's webhooks also its managers'
-- (project.update). Whoever creates one is its creator: its payloads hold what they may see.
alter table rampart.webhooks enable row level security;
alter table rampart.webhooks force row level security;
drop policy if exists webhooks_manage on rampart.webhooks;
create policy webhooks_manage on rampart.webhooks for all
    using (org_id = any ((select rampart.admin_org_ids())::uuid[])
           or (project_id is not null and project_id = any ((select rampart.project_ids_with('project.update'))::uuid[])))
    with check ((org_id = any ((select rampart.admin_org_ids())::uuid[])
                 or (project_id is not null
                     and project_id = any ((select rampart.project_ids_with('project.update'))::uuid[])))
                and (project_id is null
                     or exists (select 1 from rampart.projects p
                                 where p.id = webhooks.project_id and p.org_id = webhooks.org_id)));
drop policy if exists webhooks_create on rampart.webhooks;
create policy webhooks_create on rampart.webhooks as restrictive for insert
    with check (created_by = rampart.current_user_id());

-- The subscriptions a change in an organization is delivered to: asked by the change's author, a
-- member, who may not read the webhooks themselves (only which exist and who made them).
create or replace function rampart.webhook_subscriptions(org uuid, project uuid, event text)
    returns table (id uuid, created_by uuid)
    language sql stable security definer set search_path = pg_catalog, rampart
    as $$
    select w.id, w.created_by from rampart.webhooks w
     where w.org_id = webhook_subscriptions.org and w.enabled
       and webhook_subscriptions.org = any (rampart.member_org_ids())
       and (w.project_id is null or w.project_id = webhook_subscriptions.project)
       and webhook_subscriptions.event = any (string_to_array(w.event_types, ',')) $$;
revoke all on function rampart.webhook_subscriptions(uuid, uuid, text) from public;
grant execute on function rampart.webhook_subscriptions(uuid, uuid, text) to ${app_role};

create or replace function rampart.webhook_org(webhook uuid) returns uuid
    language sql stable security definer set search_path = pg_catalog, rampart
    as $$ select w.org_id from rampart.webhooks w where w.id = webhook_org.webhook $$;
revoke all on function rampart.webhook_org(uuid) from public;
grant execute on function rampart.webhook_org(uuid) to ${app_role};

-- ---- webhook_deliveries ----
-- The delivery log is visible with its webhook. A change's author queues deliveries for their own
-- organization's webhooks; sending and recording attempts is the sender's (the schema owner).
alter table rampart.webhook_deliveries enable row level security;
alter table rampart.webhook_deliveries force row level security;
drop policy if exists webhook_deliveries_read on rampart.webhook_deliveries;
create policy webhook_deliveries_read on rampart.webhook_deliveries for select
    using (exists (select 1 from rampart.webhooks w where w.id = webhook_deliveries.webhook_id));
drop policy if exists webhook_deliveries_queue on rampart.webhook_deliveries;
create policy webhook_deliveries_queue on rampart.webhook_deliveries for insert
    with check (org_id = any ((select rampart.member_org_ids())::uuid[])
                and rampart.webhook_org(webhook_id) = org_id
                and state = 'pending' and attempts = 0);

-- [jooq ignore stop]
