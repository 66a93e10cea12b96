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

-- The subscriptions a change to a task is delivered to (the organization's, and its project's):
-- asked by the change's author, a member, who may not read the webhooks themselves (only which
-- exist and who made them). Cheap when there are none: every task change asks.
drop function if exists rampart.webhook_subscriptions(uuid, uuid, text);
create or replace function rampart.webhook_subscriptions(org uuid, task uuid, event text)
    returns table (id uuid, created_by uuid)
    language sql stable security definer set search_path = pg_catalog, rampart
    as $$
    select w.id, w.created_by from rampart.webhooks w
     where w.org_id = webhook_subscriptions.org and w.enabled
       and webhook_subscriptions.org = any (rampart.member_org_ids())
       and (w.project_id is null
            or w.project_id = (select t.project_id from rampart.tasks t
                                where t.id = webhook_subscriptions.task and t.org_id = webhook_subscriptions.org))
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

-- ---- the sender ----
-- Every node sends from the outbox through these functions, on its pooled connections as the
-- application role without a user (a connection as the owner per delivery cost a SCRAM handshake
-- each): claim what is due, read the claimed deliveries' webhooks (URL and secrets stay sealed),
-- record each attempt, keep each webhook's failing state. A request's transaction (with a user)
-- may not call them.
create or replace function rampart.require_no_user() returns void
    language plpgsql stable as $$
    begin
        if rampart.current_user_id() is not null then
            raise exception 'the webhook sender runs without a user' using errcode = '42501';
        end if;
    end $$;

create or replace function rampart.claim_webhook_deliveries(wanted integer, now_at timestamptz, lease_until timestamptz)
    returns setof rampart.webhook_deliveries
    language plpgsql volatile security definer set search_path = pg_catalog, rampart
    as $$
    begin
        perform rampart.require_no_user();
        return query
        update rampart.webhook_deliveries d
           set claimed_until = lease_until, attempts = d.attempts + 1
         where d.id in (select c.id from rampart.webhook_deliveries c
                         where c.state = 'pending' and c.next_attempt_at <= now_at
                           and (c.claimed_until is null or c.claimed_until < now_at)
                         order by c.next_attempt_at
                         limit wanted
                         for update skip locked)
        returning d.*;
    end $$;

create or replace function rampart.webhooks_to_send(ids uuid[])
    returns setof rampart.webhooks
    language plpgsql stable security definer set search_path = pg_catalog, rampart
    as $$
    begin
        perform rampart.require_no_user();
        return query select w.* from rampart.webhooks w where w.id = any (ids);
    end $$;

-- new_state: pending (next_at: the next attempt), delivered, failed, withheld; the body is cleared
-- once it will not be sent again.
create or replace function rampart.record_webhook_attempt(delivery uuid, new_state text, next_at timestamptz,
        at timestamptz, status integer, error text, millis integer)
    returns void
    language plpgsql volatile security definer set search_path = pg_catalog, rampart
    as $$
    begin
        perform rampart.require_no_user();
        if new_state not in ('pending', 'delivered', 'failed', 'withheld') then
            raise exception 'not an attempt''s outcome: %', new_state;
        end if;
        update rampart.webhook_deliveries
           set state = new_state, next_attempt_at = coalesce(next_at, next_attempt_at), claimed_until = null,
               last_attempt_at = at, last_status = status, last_error = error, last_duration_ms = millis,
               delivered_at = case when new_state = 'delivered' then at end,
               payload = case when new_state = 'pending' then payload end
         where id = delivery;
    end $$;

-- A success clears the webhook's failure; a failure starts it, and one begun at cutoff or before
-- (disable-after ago) turns the webhook off (true: this call did, so its creator is told once).
create or replace function rampart.record_webhook_health(webhook uuid, succeeded boolean, at timestamptz,
        cutoff timestamptz)
    returns boolean
    language plpgsql volatile security definer set search_path = pg_catalog, rampart
    as $$
    declare
        turned_off integer;
    begin
        perform rampart.require_no_user();
        if succeeded then
            update rampart.webhooks set failing_since = null where id = webhook and failing_since is not null;
            return false;
        end if;
        update rampart.webhooks set failing_since = at where id = webhook and failing_since is null;
        update rampart.webhooks
           set enabled = false, disabled_reason = 'failing', disabled_at = at, updated_at = at, version = version + 1
         where id = webhook and enabled and failing_since <= cutoff;
        get diagnostics turned_off = row_count;
        return turned_off > 0;
    end $$;

-- What waits for a webhook turned off is cancelled (a test still goes); answers how many wait.
create or replace function rampart.webhook_outbox_housekeeping()
    returns bigint
    language plpgsql volatile security definer set search_path = pg_catalog, rampart
    as $$
    begin
        perform rampart.require_no_user();
        update rampart.webhook_deliveries d
           set state = 'cancelled', payload = null
         where d.state = 'pending' and d.event_type <> 'webhook.test'
           and exists (select 1 from rampart.webhooks w where w.id = d.webhook_id and not w.enabled);
        return (select count(*) from rampart.webhook_deliveries where state = 'pending');
    end $$;

revoke all on function rampart.claim_webhook_deliveries(integer, timestamptz, timestamptz) from public;
revoke all on function rampart.webhooks_to_send(uuid[]) from public;
revoke all on function rampart.record_webhook_attempt(uuid, text, timestamptz, timestamptz, integer, text, integer) from public;
revoke all on function rampart.record_webhook_health(uuid, boolean, timestamptz, timestamptz) from public;
revoke all on function rampart.webhook_outbox_housekeeping() from public;
grant execute on function rampart.claim_webhook_deliveries(integer, timestamptz, timestamptz) to ${app_role};
grant execute on function rampart.webhooks_to_send(uuid[]) to ${app_role};
grant execute on function rampart.record_webhook_attempt(uuid, text, timestamptz, timestamptz, integer, text, integer) to ${app_role};
grant execute on function rampart.record_webhook_health(uuid, boolean, timestamptz, timestamptz) to ${app_role};
grant execute on function rampart.webhook_outbox_housekeeping() to ${app_role};

-- [jooq ignore stop]
