-- Sign-in throttling shared by every node: failures per account (keyed by a hash of the email)
-- and per source address, with exponential back-off. The application role has no privileges on
-- the table; it goes through the SECURITY DEFINER functions below, which only count, check and
-- clear by key.

create table rampart.sign_in_throttle (
    throttle_key      varchar(100) primary key,
    failures          integer not null,
    last_failure_at   timestamptz not null,
    blocked_until     timestamptz
);

-- [jooq ignore start]
alter table rampart.sign_in_throttle enable row level security;
alter table rampart.sign_in_throttle force row level security;

create function rampart.sign_in_blocked_until(keys text[]) returns timestamptz
    language sql stable security definer set search_path = pg_catalog, rampart
    as $$ select max(t.blocked_until) from rampart.sign_in_throttle t
          where t.throttle_key = any (keys) and t.blocked_until > now() $$;

-- One more failure for key; from the threshold-th failure on, blocked for base * 2^(n - threshold)
-- seconds, at most max_seconds. Failures older than window_seconds are forgotten.
create function rampart.record_sign_in_failure(key text, threshold integer, base_seconds integer,
        max_seconds integer, window_seconds integer) returns void
    language plpgsql security definer set search_path = pg_catalog, rampart
    as $$ declare n integer;
    begin
        insert into rampart.sign_in_throttle as t (throttle_key, failures, last_failure_at)
        values (key, 1, now())
        on conflict (throttle_key) do update
           set failures = case when t.last_failure_at < now() - make_interval(secs => window_seconds)
                               then 1 else t.failures + 1 end,
               last_failure_at = now()
        returning t.failures into n;
        if n >= threshold then
            update rampart.sign_in_throttle
               set blocked_until = now() + make_interval(secs => least(max_seconds::double precision,
                                                                       base_seconds * power(2, n - threshold)))
             where throttle_key = key;
        end if;
    end $$;

create function rampart.clear_sign_in_failures(key text) returns void
    language sql security definer set search_path = pg_catalog, rampart
    as $$ delete from rampart.sign_in_throttle where throttle_key = key $$;

revoke all on function rampart.sign_in_blocked_until(text[]),
    rampart.record_sign_in_failure(text, integer, integer, integer, integer),
    rampart.clear_sign_in_failures(text) from public;
grant execute on function rampart.sign_in_blocked_until(text[]),
    rampart.record_sign_in_failure(text, integer, integer, integer, integer),
    rampart.clear_sign_in_failures(text) to ${app_role};
-- [jooq ignore stop]
