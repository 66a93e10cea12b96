-- Webhooks: an organization's (or one project's) subscriptions to events, delivered by the Standard
-- Webhooks specification (signed with HMAC-SHA256 under a per-webhook secret). The receiver's URL
-- and the secrets are sealed with the organization's key (a URL often carries a token of its own).
-- A delivery is queued in the change's transaction, for the subscriptions whose creator may read
-- the task then; its payload (sealed) is what that creator may see, and it is sent only while the
-- creator still may (hooks/internal/WebhookSender). Row-level security: R__9_hooks_row_security.sql.
create table rampart.webhooks (
    id                     uuid primary key,
    org_id                 uuid not null references rampart.organizations (id) on delete cascade,
    -- null: every project of the organization
    project_id             uuid references rampart.projects (id) on delete cascade,
    -- the payloads hold what this user may see; their account gone, the webhook goes too
    created_by             uuid not null references rampart.users (id) on delete cascade,
    url                    bytea not null,
    -- comma-separated event types (task.created, task.updated, task.deleted, comment.created)
    event_types            varchar(200) not null,
    secret                 bytea not null,
    -- the secret before the last rotation, still signing until previous_secret_until
    previous_secret        bytea,
    previous_secret_until  timestamptz,
    enabled                boolean not null,
    -- why it was turned off by Rampart (failing for a day); null when turned off by a person
    disabled_reason        varchar(32),
    disabled_at            timestamptz,
    -- the first failure since the last success
    failing_since          timestamptz,
    created_at             timestamptz not null,
    updated_at             timestamptz not null,
    version                integer not null
);
create index webhooks_org_idx on rampart.webhooks (org_id) where enabled;
create index webhooks_project_idx on rampart.webhooks (project_id);
create index webhooks_created_by_idx on rampart.webhooks (created_by);

create table rampart.webhook_deliveries (
    -- the webhook-id header: the same on every attempt
    id               uuid primary key,
    webhook_id       uuid not null references rampart.webhooks (id) on delete cascade,
    org_id           uuid not null references rampart.organizations (id) on delete cascade,
    event_type       varchar(32) not null,
    -- the task it is about (no reference: a deletion's delivery outlives the task)
    task_id          uuid,
    created_at       timestamptz not null,
    -- the signed body, sealed; null once delivered or given up
    payload          bytea,
    -- pending, delivered, failed (given up), withheld (the creator can no longer see it), cancelled
    state            varchar(16) not null,
    attempts         integer not null,
    next_attempt_at  timestamptz not null,
    claimed_until    timestamptz,
    last_attempt_at  timestamptz,
    -- the receiver's HTTP status of the last attempt, or null when none came back
    last_status      integer,
    -- what went wrong, in Rampart's words (never the receiver's body)
    last_error       varchar(200),
    last_duration_ms integer,
    delivered_at     timestamptz
);
create index webhook_deliveries_log_idx on rampart.webhook_deliveries (webhook_id, created_at desc, id desc);
create index webhook_deliveries_due_idx on rampart.webhook_deliveries (next_attempt_at) where state = 'pending';
create index webhook_deliveries_org_idx on rampart.webhook_deliveries (org_id);
create index webhook_deliveries_created_idx on rampart.webhook_deliveries (created_at);

-- [jooq ignore start]
alter table rampart.webhook_deliveries add constraint webhook_deliveries_state
    check (state in ('pending', 'delivered', 'failed', 'withheld', 'cancelled'));
alter table rampart.webhooks add constraint webhooks_previous_secret
    check ((previous_secret is null) = (previous_secret_until is null));
grant select, insert, update, delete on rampart.webhooks to ${app_role};
grant select, insert on rampart.webhook_deliveries to ${app_role};
-- [jooq ignore stop]
