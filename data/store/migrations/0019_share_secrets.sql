-- What a desk of a team workspace keeps to itself (data/share): its
-- credentials for the hubs, the keys of the clearance levels it holds,
-- and, on the desk that administers the workspace, the members and the
-- keys that admit them. Each value is sealed under the workspace's data
-- key; the name says what it is, nothing more.
CREATE TABLE share_secrets (
    name TEXT PRIMARY KEY,
    blob BLOB NOT NULL
);
