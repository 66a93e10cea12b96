-- Search across an organization over sealed titles, descriptions and comments. Each text keeps the
-- keyed blind index of its words and of their prefixes (3 to 10 letters), tagged with the field
-- (title, description, comment): 8-byte HMAC-SHA256 values under the organization's index key
-- (FieldCipher.searchTerms; what a database reader learns from them: docs/data-classification.md).
--   tasks.title_terms   the title's terms (small: what ranking looks at)
--   tasks.text_terms    the title's and the description's terms
--   comments.body_terms a comment's terms
--   tasks.search_terms  the task as one document: text_terms and every comment's body_terms,
--                       kept by the triggers below (R__3_work_row_security.sql), GIN-indexed
-- Null until written, or until the background job (ops/ContentSealer) indexes a row from before.
alter table rampart.tasks add column title_terms bytea[];
alter table rampart.tasks add column text_terms bytea[];
alter table rampart.tasks add column search_terms bytea[];
alter table rampart.comments add column body_terms bytea[];
-- [jooq ignore start]
create index tasks_search_terms_idx on rampart.tasks using gin (search_terms);
create index tasks_unsearchable_idx on rampart.tasks (id) where text_terms is null;
create index comments_unsearchable_idx on rampart.comments (id) where body_terms is null;
-- [jooq ignore stop]
