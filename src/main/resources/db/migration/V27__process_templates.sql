-- Process templates: an organization's procedures (onboarding a customer, a release, an audit),
-- versioned. A template's content is one JSON document per version (phases, steps, checklists,
-- roles, estimates, due offsets, dependencies; docs/processes.md), sealed whole with the
-- organization's key: it is content. At most one version of a template is a draft; publishing
-- freezes it (the application role can never change a published version again: trigger in
-- R__3_work_row_security.sql). A project started from a template remembers the version.

create table rampart.process_templates (
    id         uuid primary key,
    org_id     uuid not null references rampart.organizations (id) on delete cascade,
    -- the name of the newest version, sealed, for lists that should not open every document
    name       bytea not null,
    created_by uuid not null references rampart.users (id),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    constraint process_templates_id_org unique (id, org_id)
);
create index process_templates_org_idx on rampart.process_templates (org_id, created_at);

create table rampart.process_template_versions (
    id           uuid primary key,
    template_id  uuid not null,
    org_id       uuid not null references rampart.organizations (id) on delete cascade,
    number       integer not null,
    state        text not null,
    document     bytea not null,
    step_count   integer not null,
    -- bumped at every save of a draft: what a client names to save or publish what it read
    revision     integer not null,
    created_by   uuid not null references rampart.users (id),
    created_at   timestamptz not null,
    updated_by   uuid not null references rampart.users (id),
    updated_at   timestamptz not null,
    published_by uuid references rampart.users (id),
    published_at timestamptz,
    constraint process_template_versions_template_fk foreign key (template_id, org_id)
        references rampart.process_templates (id, org_id) on delete cascade,
    constraint process_template_versions_number unique (template_id, number),
    constraint process_template_versions_number_org unique (template_id, number, org_id),
    constraint process_template_versions_state check (state in ('draft', 'published')),
    constraint process_template_versions_published
        check ((state = 'published') = (published_at is not null and published_by is not null)),
    constraint process_template_versions_sensible check (number >= 1 and step_count >= 0 and revision >= 1)
);
create index process_template_versions_org_idx on rampart.process_template_versions (org_id);

alter table rampart.projects
    add column template_id uuid,
    add column template_version integer;
create index projects_template_idx on rampart.projects (template_id) where template_id is not null;

-- [jooq ignore start]
create unique index process_template_versions_one_draft
    on rampart.process_template_versions (template_id) where state = 'draft';
-- A project's template is one of its own organization's; deleting the template leaves the
-- project without one (its tasks stay).
alter table rampart.projects add constraint projects_template_fk
    foreign key (template_id, template_version, org_id)
    references rampart.process_template_versions (template_id, number, org_id)
    on delete set null (template_id, template_version);
alter table rampart.projects add constraint projects_template_both
    check ((template_id is null) = (template_version is null));
grant select, insert, update, delete on rampart.process_templates to ${app_role};
grant select, insert, update, delete on rampart.process_template_versions to ${app_role};
-- [jooq ignore stop]
