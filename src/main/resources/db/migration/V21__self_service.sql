-- Self-service (docs/api.md): an account deleted by its owner keeps its row, so the work it
-- authored stays attributed ("deleted user"), with its personal fields erased; comments say when
-- they were last edited; projects can be archived (read-only, out of the default lists) and
-- restored, and only an archived project can be deleted.
alter table rampart.users add column deleted_at timestamptz;
alter table rampart.comments add column edited_at timestamptz;
alter table rampart.projects add column archived_at timestamptz;
