-- Idempotency keys (V38): each user reaches only their own; housekeeping removes expired ones as
-- the schema owner.

-- [jooq ignore start]
alter table rampart.idempotency_keys enable row level security;
alter table rampart.idempotency_keys force row level security;

drop policy if exists idempotency_keys_own on rampart.idempotency_keys;
create policy idempotency_keys_own on rampart.idempotency_keys for all
    using (user_id = (select rampart.current_user_id()))
    with check (user_id = (select rampart.current_user_id()));
-- [jooq ignore stop]
