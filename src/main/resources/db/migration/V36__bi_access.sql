-- Customer BI access: an organization's opt-in projection of its data into the separate BI
-- database (dev.rampart.bi), and its BI users, each a PostgreSQL login role there. What is kept
-- here is the authority: which organizations project what, under which opaque tenant role, and
-- which login roles may exist; the BI database is brought in line with it. No password is kept:
-- a BI user's password is shown once and the BI server keeps only its SCRAM verifier.
-- Row-level security: R__9b_bi_row_security.sql.
create table rampart.bi_access (
    org_id          uuid primary key references rampart.organizations (id) on delete cascade,
    -- the organization's group role in the BI database (t_ and 24 random hex digits): names
    -- nothing about the organization
    tenant_role     varchar(40) not null unique,
    -- titles, descriptions and comments projected too (metadata always is)
    content         boolean not null,
    -- restricted tasks projected too
    restricted      boolean not null,
    enabled_by      uuid not null,
    enabled_at      timestamptz not null,
    updated_at      timestamptz not null,
    version         integer not null,
    -- the last full reconcile: when, and what it found (counts, rows repaired) as JSON
    reconciled_at   timestamptz,
    reconcile_report varchar(2000)
);

create table rampart.bi_users (
    id                uuid primary key,
    org_id            uuid not null references rampart.bi_access (org_id) on delete cascade,
    label             varchar(100) not null,
    -- comma-separated CIDRs the user may connect from (hostssl rules)
    allowed_networks  varchar(1000) not null,
    expires_at        timestamptz not null,
    created_by        uuid not null,
    created_at        timestamptz not null,
    -- revoked: its logins are dropped; the row stays so that a refused connection of one of
    -- its login roles still finds its organization
    revoked_at        timestamptz
);
create index bi_users_org_idx on rampart.bi_users (org_id);

-- A BI user's login roles: the current one, and after a rotation the previous one until
-- retires_at (the overlap window).
create table rampart.bi_logins (
    role_name   varchar(40) primary key,
    bi_user_id  uuid not null references rampart.bi_users (id) on delete cascade,
    org_id      uuid not null references rampart.bi_access (org_id) on delete cascade,
    created_at  timestamptz not null,
    -- null: the current login; else it stops working then (rows stay, see bi_users.revoked_at)
    retires_at  timestamptz
);
create index bi_logins_user_idx on rampart.bi_logins (bi_user_id);

-- [jooq ignore start]
grant select, insert, update, delete on rampart.bi_access, rampart.bi_users, rampart.bi_logins to ${app_role};
-- [jooq ignore stop]
