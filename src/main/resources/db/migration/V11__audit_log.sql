-- The activity log: one hash chain per organization plus one platform chain (chain id
-- 00000000-0000-0000-0000-000000000000) for events that belong to no organization (sign-in,
-- sign-up, denials of resources the actor cannot see). No foreign key to organizations: the log
-- outlives what it describes.
--
-- hash = sha256(prev_hash || int8send(seq) || convert_to(canonical, 'UTF8')), where canonical is
-- the entry's fields in the fixed form dev.rampart.audit.CanonicalEntry writes; the columns hold
-- exactly those values, so the verifier can rebuild it.
create table rampart.audit_entries (
    chain       uuid not null,
    seq         bigint not null,
    at          timestamptz not null,
    actor_id    uuid,
    token_id    uuid,
    action      varchar(100) not null,
    target_kind varchar(40),
    target_id   varchar(100),
    outcome     varchar(10) not null,
    address     varchar(64),
    user_agent  varchar(256),
    request_id  varchar(64),
    data        text not null,
    detail      varchar(200),
    prev_hash   bytea not null,
    hash        bytea not null,
    constraint audit_entries_pk primary key (chain, seq),
    constraint audit_entries_outcome_check check (outcome in ('success', 'denied', 'invalid', 'error'))
);
create index audit_entries_chain_at_idx on rampart.audit_entries (chain, at, seq);
create index audit_entries_chain_actor_idx on rampart.audit_entries (chain, actor_id, seq);

-- The head of each chain: the row lock taken by the append orders one organization's writers;
-- writers of different organizations never wait for each other.
create table rampart.audit_chain_heads (
    chain uuid primary key,
    seq   bigint not null,
    hash  bytea not null,
    prev_hash bytea not null,
    archived_through bigint not null default 0,
    archived_hash    bytea not null default '\x0000000000000000000000000000000000000000000000000000000000000000'
);

-- Signed checkpoints: the heads of every chain that moved since the previous checkpoint, as the
-- canonical text payload, signed with the key store's Ed25519 audit key.
create table rampart.audit_checkpoints (
    id        bigint generated always as identity primary key,
    at        timestamptz not null,
    key_id    varchar(64) not null,
    payload   text not null,
    signature bytea not null
);

-- Archives: entries up to through_seq of a chain were exported to a signed file and removed.
create table rampart.audit_archives (
    id           bigint generated always as identity primary key,
    chain        uuid not null,
    from_seq     bigint not null,
    through_seq  bigint not null,
    last_hash    bytea not null,
    file_name    varchar(200) not null,
    file_sha256  bytea not null,
    key_id       varchar(64) not null,
    signature    bytea not null,
    archived_at  timestamptz not null
);
create index audit_archives_chain_idx on rampart.audit_archives (chain, through_seq);

-- Error reports: no personal data by construction (see dev.rampart.errors.ErrorReports).
create table rampart.error_reports (
    id              uuid primary key,
    at              timestamptz not null,
    exception_type  varchar(300) not null,
    stack_trace     text not null,
    route           varchar(300),
    request_id      varchar(64),
    actor_hash      varchar(64)
);
create index error_reports_at_idx on rampart.error_reports (at, id);

-- [jooq ignore start]
-- Appends one entry to its chain. SECURITY DEFINER: the application role has no privilege on the
-- chain heads or the entries table besides SELECT, so this function is its only way to write.
create function rampart.audit_append(p_chain uuid, p_at timestamptz, p_actor uuid, p_token uuid,
        p_action text, p_target_kind text, p_target_id text, p_outcome text, p_address text,
        p_user_agent text, p_request_id text, p_data text, p_detail text, p_canonical text)
    returns bigint
    language plpgsql security definer set search_path = pg_catalog, rampart
    as $$
    declare
        v_seq bigint;
        v_prev bytea;
        v_hash bytea;
    begin
        -- One statement locks the head, links the entry and moves the head (SET sees the old row).
        for attempt in 1..2 loop
            update rampart.audit_chain_heads
               set prev_hash = hash, seq = seq + 1,
                   hash = sha256(hash || int8send(seq + 1) || convert_to(p_canonical, 'UTF8'))
             where chain = p_chain
            returning seq, prev_hash, hash into v_seq, v_prev, v_hash;
            exit when found;
            insert into rampart.audit_chain_heads (chain, seq, hash, prev_hash)
                values (p_chain, 0, '\x0000000000000000000000000000000000000000000000000000000000000000',
                        '\x0000000000000000000000000000000000000000000000000000000000000000')
                on conflict (chain) do nothing;
        end loop;
        insert into rampart.audit_entries (chain, seq, at, actor_id, token_id, action, target_kind, target_id,
                outcome, address, user_agent, request_id, data, detail, prev_hash, hash)
            values (p_chain, v_seq, p_at, p_actor, p_token, p_action, p_target_kind, p_target_id, p_outcome,
                p_address, p_user_agent, p_request_id, p_data, p_detail, v_prev, v_hash);
        return v_seq;
    end $$;
revoke all on function rampart.audit_append(uuid, timestamptz, uuid, uuid, text, text, text, text, text, text,
    text, text, text, text) from public;
grant execute on function rampart.audit_append(uuid, timestamptz, uuid, uuid, text, text, text, text, text, text,
    text, text, text, text) to ${app_role};

-- Append-only, whoever asks: updates and truncation are always refused; deletes only of entries an
-- archive covers, and only when the archiving transaction says so.
create function rampart.audit_refuse_change() returns trigger
    language plpgsql set search_path = pg_catalog, rampart
    as $$ begin
        if tg_op = 'DELETE' and current_setting('rampart.audit_archiving', true) = 'on'
           and exists (select 1 from rampart.audit_archives a
                        where a.chain = old.chain and old.seq between a.from_seq and a.through_seq) then
            return old;
        end if;
        raise exception 'the activity log is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
    end $$;
create function rampart.audit_refuse_any() returns trigger
    language plpgsql set search_path = pg_catalog, rampart
    as $$ begin
        raise exception 'the activity log is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
    end $$;
create trigger audit_entries_append_only before update or delete on rampart.audit_entries
    for each row execute function rampart.audit_refuse_change();
create trigger audit_entries_no_truncate before truncate on rampart.audit_entries
    for each statement execute function rampart.audit_refuse_any();
create trigger audit_checkpoints_append_only before update or delete or truncate on rampart.audit_checkpoints
    for each statement execute function rampart.audit_refuse_any();
create trigger audit_archives_append_only before update or delete or truncate on rampart.audit_archives
    for each statement execute function rampart.audit_refuse_any();

-- Organization admins and owners read their organization's chain; the platform chain and other
-- organizations' chains are invisible to the application role (operators read them through the CLI).
alter table rampart.audit_entries enable row level security;
alter table rampart.audit_entries force row level security;
create policy audit_entries_read on rampart.audit_entries for select
    using (chain = any ((select rampart.admin_org_ids())::uuid[]));
grant select on rampart.audit_entries to ${app_role};

alter table rampart.audit_chain_heads enable row level security;
alter table rampart.audit_chain_heads force row level security;
create policy audit_chain_heads_read on rampart.audit_chain_heads for select using (true);
grant select on rampart.audit_chain_heads to ${app_role};

alter table rampart.audit_checkpoints enable row level security;
alter table rampart.audit_checkpoints force row level security;
create policy audit_checkpoints_read on rampart.audit_checkpoints for select using (true);
create policy audit_checkpoints_add on rampart.audit_checkpoints for insert with check (true);
grant select, insert on rampart.audit_checkpoints to ${app_role};

-- Operators only (the CLI, as the owner): no policy, no grant for the application role.
alter table rampart.audit_archives enable row level security;
alter table rampart.audit_archives force row level security;

alter table rampart.error_reports enable row level security;
alter table rampart.error_reports force row level security;
create policy error_reports_add on rampart.error_reports for insert with check (true);
grant insert on rampart.error_reports to ${app_role};
-- [jooq ignore stop]

-- The heads each checkpoint signed, to find the chains that moved since.
create table rampart.audit_checkpoint_heads (
    checkpoint_id bigint not null references rampart.audit_checkpoints (id),
    chain         uuid not null,
    seq           bigint not null,
    constraint audit_checkpoint_heads_pk primary key (chain, seq, checkpoint_id)
);
-- [jooq ignore start]
alter table rampart.audit_checkpoint_heads enable row level security;
alter table rampart.audit_checkpoint_heads force row level security;
create policy audit_checkpoint_heads_read on rampart.audit_checkpoint_heads for select using (true);
create policy audit_checkpoint_heads_add on rampart.audit_checkpoint_heads for insert with check (true);
grant select, insert on rampart.audit_checkpoint_heads to ${app_role};
create trigger audit_checkpoint_heads_append_only before update or delete or truncate on rampart.audit_checkpoint_heads
    for each statement execute function rampart.audit_refuse_any();
-- [jooq ignore stop]
