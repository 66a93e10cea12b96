-- Task attachments. The bytes live in the data directory under a random name (never the
-- client's), outside anything the web server serves; this table holds what the API shows and
-- where the bytes are. The content type is sniffed from the bytes on upload.

create table rampart.attachments (
    id            uuid primary key,
    org_id        uuid not null references rampart.organizations (id) on delete cascade,
    project_id    uuid not null,
    task_id       uuid not null references rampart.tasks (id) on delete cascade,
    file_name     varchar(255) not null,
    content_type  varchar(127) not null,
    size_bytes    bigint not null check (size_bytes >= 0),
    sha256        varchar(64) not null,
    storage_name  varchar(64) not null unique,
    uploaded_by   uuid not null references rampart.users (id),
    created_at    timestamptz not null
);
create index attachments_task_idx on rampart.attachments (task_id, created_at, id);

-- Bytes stored per organization, for the quota. Kept by the triggers below in the transaction of
-- every insert and delete, so concurrent uploads cannot both slip under the quota.
create table rampart.org_storage (
    org_id      uuid primary key references rampart.organizations (id) on delete cascade,
    used_bytes  bigint not null check (used_bytes >= 0)
);

-- [jooq ignore start]
alter table rampart.attachments enable row level security;
alter table rampart.attachments force row level security;
-- Attachments follow their task: visible when the task is, added by the uploader only.
create policy attachments_read on rampart.attachments for select
    using (exists (select 1 from rampart.tasks t where t.id = attachments.task_id));
create policy attachments_create on rampart.attachments for insert
    with check (uploaded_by = (select rampart.current_user_id())
                and exists (select 1 from rampart.tasks t where t.id = attachments.task_id));
create policy attachments_delete on rampart.attachments for delete
    using (exists (select 1 from rampart.tasks t where t.id = attachments.task_id)
           and (uploaded_by = (select rampart.current_user_id())
                or project_id = any ((select rampart.project_ids_with('task.delete'))::uuid[])));
grant select, insert, delete on rampart.attachments to ${app_role};

alter table rampart.org_storage enable row level security;
alter table rampart.org_storage force row level security;
create policy org_storage_read on rampart.org_storage for select
    using (org_id = any ((select rampart.member_org_ids())::uuid[]));
grant select on rampart.org_storage to ${app_role};

-- Counts bytes per organization. The upsert locks the organization's row until commit, so two
-- concurrent uploads to one organization take turns, and the service's quota check after the
-- insert (same transaction) sees every byte already committed.
create function rampart.count_attachment_bytes() returns trigger
    language plpgsql security definer set search_path = pg_catalog, rampart
    as $$ begin
        if tg_op = 'INSERT' then
            insert into rampart.org_storage as s (org_id, used_bytes) values (new.org_id, new.size_bytes)
            on conflict (org_id) do update set used_bytes = s.used_bytes + excluded.used_bytes;
            return new;
        end if;
        update rampart.org_storage set used_bytes = greatest(0, used_bytes - old.size_bytes) where org_id = old.org_id;
        return old;
    end $$;
revoke all on function rampart.count_attachment_bytes() from public;
create trigger attachments_count_bytes after insert or delete on rampart.attachments
    for each row execute function rampart.count_attachment_bytes();
-- [jooq ignore stop]
