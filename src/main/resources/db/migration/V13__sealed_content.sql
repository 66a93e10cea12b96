-- Task titles and descriptions and comment bodies are stored sealed (AES-256-GCM with the
-- organization's data key, bound to organization, table, column and row; see docs/keys.md).
-- Rows written before this migration keep their text as UTF-8 bytes with plain = true until the
-- background sealer (ops/ContentSealer) seals them; new rows are always sealed.
-- (Columns are replaced rather than altered with USING, which jOOQ's DDL parser cannot read.)
alter table rampart.tasks add column title_sealed bytea;
alter table rampart.tasks add column description_sealed bytea;
alter table rampart.tasks add column plain boolean not null default true;
alter table rampart.comments add column body_sealed bytea;
alter table rampart.comments add column plain boolean not null default true;
-- [jooq ignore start]
update rampart.tasks set title_sealed = convert_to(title, 'UTF8'), description_sealed = convert_to(description, 'UTF8');
update rampart.comments set body_sealed = convert_to(body, 'UTF8');
-- [jooq ignore stop]
alter table rampart.tasks drop column title;
alter table rampart.tasks drop column description;
alter table rampart.tasks rename column title_sealed to title;
alter table rampart.tasks rename column description_sealed to description;
alter table rampart.tasks alter column title set not null;
alter table rampart.tasks alter column description set not null;
alter table rampart.tasks alter column plain set default false;
alter table rampart.comments drop column body;
alter table rampart.comments rename column body_sealed to body;
alter table rampart.comments alter column body set not null;
alter table rampart.comments alter column plain set default false;
-- Attachment files are written through the organization's streaming AEAD; files stored before
-- stay readable as they are (sealed = false).
alter table rampart.attachments add column sealed boolean not null default false;
-- [jooq ignore start]
create index tasks_plain_idx on rampart.tasks (id) where plain;
create index comments_plain_idx on rampart.comments (id) where plain;
-- [jooq ignore stop]
