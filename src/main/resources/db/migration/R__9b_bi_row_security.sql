-- Row-level security of BI access (V36).
--
-- Repeatable migration (run after the versioned ones whenever its text changes): today's policies,
-- complete. To change a policy, change it here.

-- [jooq ignore start]

-- An organization's BI access and its BI users are its owners' alone (org.manage_security); the
-- projector and the BI database's upkeep read them as the schema owner.
alter table rampart.bi_access enable row level security;
alter table rampart.bi_access force row level security;
drop policy if exists bi_access_owners on rampart.bi_access;
create policy bi_access_owners on rampart.bi_access for all
    using (org_id = any ((select rampart.owner_org_ids())::uuid[]))
    with check (org_id = any ((select rampart.owner_org_ids())::uuid[]));

alter table rampart.bi_users enable row level security;
alter table rampart.bi_users force row level security;
drop policy if exists bi_users_owners on rampart.bi_users;
create policy bi_users_owners on rampart.bi_users for all
    using (org_id = any ((select rampart.owner_org_ids())::uuid[]))
    with check (org_id = any ((select rampart.owner_org_ids())::uuid[]));

alter table rampart.bi_logins enable row level security;
alter table rampart.bi_logins force row level security;
drop policy if exists bi_logins_owners on rampart.bi_logins;
create policy bi_logins_owners on rampart.bi_logins for all
    using (org_id = any ((select rampart.owner_org_ids())::uuid[]))
    with check (org_id = any ((select rampart.owner_org_ids())::uuid[])
                and exists (select 1 from rampart.bi_users u
                             where u.id = bi_logins.bi_user_id and u.org_id = bi_logins.org_id));

-- ---- the projector and the BI database's upkeep ----
-- Every node reads the authority through these, on its pooled connections as the application role
-- without a user (like the webhook sender); a request's transaction may not call them.
create or replace function rampart.bi_tenants()
    returns table (org_id uuid, tenant_role varchar, content boolean, restricted boolean)
    language plpgsql stable security definer set search_path = pg_catalog, rampart
    as $$
    #variable_conflict use_column
    begin
        perform rampart.require_no_user();
        return query select a.org_id, a.tenant_role, a.content, a.restricted from rampart.bi_access a;
    end $$;
revoke all on function rampart.bi_tenants() from public;
grant execute on function rampart.bi_tenants() to ${app_role};

-- Every login role the authority knows, with whether it may exist now (current ones, and
-- rotated-out ones inside their overlap) and its organization's tenant and networks. A role the
-- BI database has that is known here but not live goes at once (revoked, retired); one unknown
-- here may be one whose creating transaction has not committed yet, and waits (BiUpkeep).
drop function if exists rampart.bi_logins_live(timestamptz);
create or replace function rampart.bi_logins_known(now_at timestamptz)
    returns table (role_name varchar, org_id uuid, tenant_role varchar, allowed_networks varchar,
                   expires_at timestamptz, live boolean)
    language plpgsql stable security definer set search_path = pg_catalog, rampart
    as $$
    #variable_conflict use_column
    begin
        perform rampart.require_no_user();
        return query select l.role_name, l.org_id, a.tenant_role, u.allowed_networks, u.expires_at,
                            u.revoked_at is null
                            and (l.retires_at is null or l.retires_at > bi_logins_known.now_at)
                       from rampart.bi_logins l
                       join rampart.bi_users u on u.id = l.bi_user_id
                       join rampart.bi_access a on a.org_id = l.org_id;
    end $$;
revoke all on function rampart.bi_logins_known(timestamptz) from public;
grant execute on function rampart.bi_logins_known(timestamptz) to ${app_role};

-- Whose a login role is (a refused connection goes to that organization's activity log).
create or replace function rampart.bi_login_org(login varchar) returns uuid
    language plpgsql stable security definer set search_path = pg_catalog, rampart
    as $$
    begin
        perform rampart.require_no_user();
        return (select l.org_id from rampart.bi_logins l where l.role_name = bi_login_org.login);
    end $$;
revoke all on function rampart.bi_login_org(varchar) from public;
grant execute on function rampart.bi_login_org(varchar) to ${app_role};

create or replace function rampart.bi_record_reconcile(org uuid, at timestamptz, report varchar) returns void
    language plpgsql volatile security definer set search_path = pg_catalog, rampart
    as $$
    begin
        perform rampart.require_no_user();
        update rampart.bi_access a set reconciled_at = bi_record_reconcile.at,
                                       reconcile_report = bi_record_reconcile.report
         where a.org_id = bi_record_reconcile.org;
    end $$;
revoke all on function rampart.bi_record_reconcile(uuid, timestamptz, varchar) from public;
grant execute on function rampart.bi_record_reconcile(uuid, timestamptz, varchar) to ${app_role};

-- [jooq ignore stop]
