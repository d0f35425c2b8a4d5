-- What a desk of a team workspace keeps to itself (data/share): its
-- credentials for the hubs, the keys of the clearance levels it holds,
-- and, on the desk that administers the workspace, the members and the
-- keys that admit them. Each value is sealed under the workspace's data
-- key; the name says what it is, nothing more.
CREATE TABLE share_secrets (
    name TEXT PRIMARY KEY,
    blob BLOB NOT NULL
);
-- References a version from another desk makes to records this desk does
-- not hold (labelled above its clearance, or not yet arrived): kept here,
-- out of the record, and put back into it when the record is sent again,
-- so no desk's edit drops another's links. Record ids only.
CREATE TABLE share_held_refs (
    record_id TEXT PRIMARY KEY,
    refs      TEXT NOT NULL -- JSON: field key → the id, or the links, held back
);
