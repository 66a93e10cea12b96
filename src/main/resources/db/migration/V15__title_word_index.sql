-- Search by title within a project over sealed titles: each task keeps the blind index of its
-- title's words (HMAC-SHA256 with the organization's index key, truncated to 16 bytes; see
-- docs/data-classification.md for what this reveals). A search hashes its words the same way and
-- asks for tasks whose set contains them all. Null until the background job (ops/ContentSealer)
-- indexes a task written before this migration.
alter table rampart.tasks add column title_words bytea[];
-- [jooq ignore start]
create index tasks_title_words_idx on rampart.tasks using gin (title_words);
create index tasks_unindexed_idx on rampart.tasks (id) where title_words is null;
-- [jooq ignore stop]
