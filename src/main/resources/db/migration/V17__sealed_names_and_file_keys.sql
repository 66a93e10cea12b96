-- Organization names, project names and descriptions and attachment file names are stored sealed
-- like task titles (the organization's data key, bound to organization, table, column and row).
-- Rows written before keep their text as UTF-8 bytes with plain = true until the background
-- sealer (ops/ContentSealer) seals them. Attachments record which streaming key sealed their file
-- (stream_key_id, Tink's key id), so files can be re-encrypted after a rotation and the older
-- streaming keys retired; null for files sealed before this migration (re-encrypted likewise).
-- (Columns are replaced rather than altered with USING, which jOOQ's DDL parser cannot read.)
alter table rampart.organizations add column name_sealed bytea;
alter table rampart.organizations add column plain boolean not null default true;
alter table rampart.projects add column name_sealed bytea;
alter table rampart.projects add column description_sealed bytea;
alter table rampart.projects add column plain boolean not null default true;
alter table rampart.attachments add column file_name_sealed bytea;
alter table rampart.attachments add column plain boolean not null default true;
alter table rampart.attachments add column stream_key_id bigint;
-- [jooq ignore start]
update rampart.organizations set name_sealed = convert_to(name, 'UTF8');
update rampart.projects set name_sealed = convert_to(name, 'UTF8'), description_sealed = convert_to(description, 'UTF8');
update rampart.attachments set file_name_sealed = convert_to(file_name, 'UTF8');
-- [jooq ignore stop]
alter table rampart.organizations drop column name;
alter table rampart.organizations rename column name_sealed to name;
alter table rampart.organizations alter column name set not null;
alter table rampart.organizations alter column plain set default false;
alter table rampart.projects drop column name;
alter table rampart.projects drop column description;
alter table rampart.projects rename column name_sealed to name;
alter table rampart.projects rename column description_sealed to description;
alter table rampart.projects alter column name set not null;
alter table rampart.projects alter column description set not null;
alter table rampart.projects alter column plain set default false;
alter table rampart.attachments drop column file_name;
alter table rampart.attachments rename column file_name_sealed to file_name;
alter table rampart.attachments alter column file_name set not null;
alter table rampart.attachments alter column plain set default false;
-- [jooq ignore start]
create index organizations_plain_idx on rampart.organizations (id) where plain;
create index projects_plain_idx on rampart.projects (id) where plain;
create index attachments_plain_idx on rampart.attachments (id) where plain;
-- [jooq ignore stop]
