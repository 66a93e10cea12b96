-- Search answers its first pages from the most recently changed tasks when they hold enough of the
-- best possible matches (rampart.search_tasks, R__3_work_row_security.sql): recency indexes per
-- organization and per project, and the title's terms on their own, to learn which query words
-- any title holds.
-- [jooq ignore start]
create index tasks_org_updated_idx on rampart.tasks (org_id, updated_at desc, id desc);
create index tasks_project_updated_idx on rampart.tasks (project_id, updated_at desc, id desc);
create index tasks_title_terms_idx on rampart.tasks using gin (title_terms);
-- [jooq ignore stop]
