-- Crypto-shredding that holds across backups: an organization's keysets are wrapped by its own
-- key inside the key store (never in the database, never in a backup) and then by the KEK.
-- Deleting the organization destroys that key, so a backup taken before the deletion restores
-- keysets nobody can open. Rows written before this column existed are wrapped by the KEK alone
-- until the key job re-wraps them (at the next start).
alter table rampart.key_sets add column organization_layer boolean not null default false;
