-- Spring Modulith's event publication registry (its v2 JDBC layout for PostgreSQL): one row per
-- event and after-commit listener, written in the transaction that publishes the event and
-- deleted once the listener has run (completion mode "delete"). Rows left over are republished
-- at start. Events carry ids only, never content or secrets. Spring Modulith reads and writes it
-- (JDBC), so jOOQ generates nothing for it.
-- [jooq ignore start]
create table rampart.event_publication (
    id                     uuid not null,
    listener_id            text not null,
    event_type             text not null,
    serialized_event       text not null,
    publication_date       timestamptz not null,
    completion_date        timestamptz,
    status                 text,
    completion_attempts    integer,
    last_resubmission_date timestamptz,
    constraint event_publication_pk primary key (id)
);
create index event_publication_serialized_event_hash_idx on rampart.event_publication using hash (serialized_event);
create index event_publication_by_completion_date_idx on rampart.event_publication (completion_date);

-- Row-level security (the policy is in R__5_platform_row_security.sql): platform bookkeeping that
-- every node resumes, so the application role reads and writes every row.
alter table rampart.event_publication enable row level security;
alter table rampart.event_publication force row level security;
grant select, insert, update, delete on rampart.event_publication to ${app_role};
-- [jooq ignore stop]
