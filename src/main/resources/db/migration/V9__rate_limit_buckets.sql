-- Rate-limit token buckets (Bucket4j's PostgreSQL backend, SELECT ... FOR UPDATE), shared by
-- every node so a limit holds however many nodes serve the API. Keys name the budget and the
-- subject (address, user, token); no tenant content. expires_at (epoch millis) lets idle buckets
-- be swept.

create table rampart.rate_limit_buckets (
    id         varchar(200) primary key,
    state      bytea,
    expires_at bigint
);
create index rate_limit_buckets_expires_idx on rampart.rate_limit_buckets (expires_at);

-- [jooq ignore start]
alter table rampart.rate_limit_buckets enable row level security;
alter table rampart.rate_limit_buckets force row level security;
-- Not tenant data: every request of every user and address counts against these rows.
create policy rate_limit_buckets_all on rampart.rate_limit_buckets for all using (true) with check (true);
grant select, insert, update, delete on rampart.rate_limit_buckets to ${app_role};
-- [jooq ignore stop]
