-- Read views the identity module publishes for other modules: the (sealed) display name of an
-- account, joined by work into the statement that lists the rows naming people (assignees, comment
-- authors), so a page stays one statement. security_invoker: the reader's row-level security
-- applies as on rampart.users (people who share no organization with the reader stay unnamed).
--
-- Repeatable migration (run after the versioned ones whenever its text changes). A versioned
-- migration that drops or retypes a column used here must drop the view first.

create or replace view rampart.account_names as
    select id, display_name, deleted_at from rampart.users;

-- [jooq ignore start]
alter view rampart.account_names set (security_invoker = true);
grant select on rampart.account_names to ${app_role};
-- [jooq ignore stop]
