-- A sealed workspace's in-memory database as it stood after one audit
-- entry, serialized and sealed in parts: unlocking decrypts it and replays
-- only what changed since, instead of rebuilding every record, index and
-- search entry row by row. The vault rows stay what the workspace is; an
-- image that is missing, stale or does not open is passed over. What it
-- covers is in meta under 'image'. Plain workspaces leave it empty.
CREATE TABLE vault_image (
    part INTEGER PRIMARY KEY,
    blob BLOB NOT NULL
);
