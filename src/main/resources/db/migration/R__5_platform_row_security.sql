-- Row-level security of platform tables that hold no tenant data of their own: key sets (sealed keysets),
-- rate-limit buckets, the mail outbox, the sign-in throttle, the event publication registry.
--
-- Repeatable migration (Flyway runs it after the versioned ones whenever its text changes): today's
-- policies, complete. To change a policy, change it here; never in a new versioned migration.

-- [jooq ignore start] (policies and functions are not schema jOOQ generates code for)

-- ---- key_sets ----

alter table rampart.key_sets enable row level security;
alter table rampart.key_sets force row level security;

drop policy if exists key_sets_all on rampart.key_sets;
create policy key_sets_all on rampart.key_sets for all using (true) with check (true);

-- ---- rate_limit_buckets ----

alter table rampart.rate_limit_buckets enable row level security;
alter table rampart.rate_limit_buckets force row level security;

-- Not tenant data: every request of every user and address counts against these rows.
drop policy if exists rate_limit_buckets_all on rampart.rate_limit_buckets;
create policy rate_limit_buckets_all on rampart.rate_limit_buckets for all using (true) with check (true);

-- ---- mail_outbox ----

alter table rampart.mail_outbox enable row level security;
alter table rampart.mail_outbox force row level security;

drop policy if exists mail_outbox_add on rampart.mail_outbox;
create policy mail_outbox_add on rampart.mail_outbox for insert with check (true);

-- ---- sign_in_throttle ----

alter table rampart.sign_in_throttle enable row level security;
alter table rampart.sign_in_throttle force row level security;

-- ---- event_publication ----

alter table rampart.event_publication enable row level security;
alter table rampart.event_publication force row level security;

drop policy if exists event_publication_all on rampart.event_publication;
create policy event_publication_all on rampart.event_publication for all using (true) with check (true);

-- [jooq ignore stop]
