-- Row-level security of the activity log and error reports: readable where the service allows, append-only
-- for everyone (the triggers of V11 refuse any update or delete).
--
-- Repeatable migration (Flyway runs it after the versioned ones whenever its text changes): today's
-- policies, complete. To change a policy, change it here; never in a new versioned migration.

-- [jooq ignore start] (policies and functions are not schema jOOQ generates code for)

-- ---- audit_entries ----

alter table rampart.audit_entries enable row level security;
alter table rampart.audit_entries force row level security;

drop policy if exists audit_entries_read on rampart.audit_entries;
create policy audit_entries_read on rampart.audit_entries for select
    using (chain = any ((select rampart.admin_org_ids())::uuid[]));

-- ---- audit_chain_heads ----

alter table rampart.audit_chain_heads enable row level security;
alter table rampart.audit_chain_heads force row level security;

drop policy if exists audit_chain_heads_read on rampart.audit_chain_heads;
create policy audit_chain_heads_read on rampart.audit_chain_heads for select using (true);

-- ---- audit_checkpoints ----

alter table rampart.audit_checkpoints enable row level security;
alter table rampart.audit_checkpoints force row level security;

drop policy if exists audit_checkpoints_read on rampart.audit_checkpoints;
create policy audit_checkpoints_read on rampart.audit_checkpoints for select using (true);

drop policy if exists audit_checkpoints_add on rampart.audit_checkpoints;
create policy audit_checkpoints_add on rampart.audit_checkpoints for insert with check (true);

-- ---- audit_checkpoint_heads ----

alter table rampart.audit_checkpoint_heads enable row level security;
alter table rampart.audit_checkpoint_heads force row level security;

drop policy if exists audit_checkpoint_heads_read on rampart.audit_checkpoint_heads;
create policy audit_checkpoint_heads_read on rampart.audit_checkpoint_heads for select using (true);

drop policy if exists audit_checkpoint_heads_add on rampart.audit_checkpoint_heads;
create policy audit_checkpoint_heads_add on rampart.audit_checkpoint_heads for insert with check (true);

-- ---- audit_archives ----

alter table rampart.audit_archives enable row level security;
alter table rampart.audit_archives force row level security;

-- ---- error_reports ----

alter table rampart.error_reports enable row level security;
alter table rampart.error_reports force row level security;

drop policy if exists error_reports_add on rampart.error_reports;
create policy error_reports_add on rampart.error_reports for insert with check (true);

drop policy if exists error_reports_operators on rampart.error_reports;
create policy error_reports_operators on rampart.error_reports for select
    using ((select rampart.has_platform_role('operator')));

-- [jooq ignore stop]
