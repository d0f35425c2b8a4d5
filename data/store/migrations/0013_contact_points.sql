-- An actor who is a person or an office can be reached: email, phone,
-- messaging handle, address. Each contact point keeps its own TLP label,
-- never below its record's (data.Validate), so an export or a search
-- capped at a label leaves out the points above it.
CREATE TABLE contact_points (
    id       TEXT PRIMARY KEY,
    actor_id TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind     TEXT NOT NULL,
    value    TEXT NOT NULL,
    label    TEXT NOT NULL DEFAULT '',
    tlp      TEXT NOT NULL
);
CREATE INDEX contact_points_actor ON contact_points(actor_id, position);
