-- Two costs on every request that bench/ratelimit.sh found after V18 (docs/performance.md):
-- reading whether a session's user has a second factor (a SECURITY DEFINER function per request)
-- and whether a resource's organization requires one (a subquery through the organizations
-- policies in every access check). Both flags now sit on the rows those reads already touch:
-- sessions and API tokens carry their user's, kept by the MFA service when it changes; each
-- membership carries its organization's, kept by triggers.
alter table rampart.user_sessions add column mfa_enrolled boolean not null default false;
alter table rampart.api_tokens add column mfa_enrolled boolean not null default false;
alter table rampart.org_members add column org_requires_mfa boolean not null default false;

-- [jooq ignore start]
update rampart.user_sessions s set mfa_enrolled = u.mfa_enrolled from rampart.users u where u.id = s.user_id;
update rampart.api_tokens t set mfa_enrolled = u.mfa_enrolled from rampart.users u where u.id = t.user_id;
update rampart.org_members m set org_requires_mfa = o.require_mfa from rampart.organizations o where o.id = m.org_id;
drop function rampart.mfa_enrolled(uuid);

create function rampart.member_takes_org_mfa() returns trigger
    language plpgsql security definer set search_path = pg_catalog, rampart
    as $$ begin
              new.org_requires_mfa := coalesce((select o.require_mfa from rampart.organizations o where o.id = new.org_id), false);
              return new;
          end $$;
create trigger org_members_take_org_mfa before insert on rampart.org_members
    for each row execute function rampart.member_takes_org_mfa();

create function rampart.org_mfa_to_members() returns trigger
    language plpgsql security definer set search_path = pg_catalog, rampart
    as $$ begin
              update rampart.org_members set org_requires_mfa = new.require_mfa where org_id = new.id;
              return null;
          end $$;
create trigger organizations_mfa_to_members after update of require_mfa on rampart.organizations
    for each row when (old.require_mfa is distinct from new.require_mfa)
    execute function rampart.org_mfa_to_members();
revoke all on function rampart.member_takes_org_mfa(), rampart.org_mfa_to_members() from public;

-- The invitation branch of the organizations policy only matters while an invitation token is
-- presented: skip its subquery otherwise (every organization read evaluates it).
drop policy orgs_read_invited on rampart.organizations;
create policy orgs_read_invited on rampart.organizations for select using (
    (select rampart.lookup_token_hash()) is not null and exists (
        select 1 from rampart.invitations i where i.org_id = organizations.id
           and i.token_hash = (select rampart.lookup_token_hash())));
-- [jooq ignore stop]
