-- Files kept with records: readouts, MoUs, letters, photos. attachments
-- says what each file of a record is (a sealed workspace keeps this in
-- the record's sealed form and fills this table in memory); the bytes are
-- kept in parts of at most 1 MiB, read only when the file is opened.
-- Parts stay when a file is taken off its record: undo and history can
-- still reach it, and nothing is lost.
CREATE TABLE attachments (
    id         TEXT PRIMARY KEY,
    record_id  TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    name       TEXT NOT NULL,
    type       TEXT NOT NULL,
    size       INTEGER NOT NULL,
    sha256     TEXT NOT NULL,
    added_at   TEXT NOT NULL,
    added_by   TEXT NOT NULL
);
CREATE INDEX attachments_record ON attachments(record_id, position);
CREATE TABLE attachment_parts (
    attachment_id TEXT NOT NULL,
    part          INTEGER NOT NULL,
    bytes         BLOB NOT NULL,
    PRIMARY KEY (attachment_id, part)
);
-- A sealed workspace's parts, each sealed to its attachment and place.
CREATE TABLE vault_attachment_parts (
    attachment_id TEXT NOT NULL,
    part          INTEGER NOT NULL,
    bytes         BLOB NOT NULL,
    PRIMARY KEY (attachment_id, part)
);
-- Opening a file for viewing is an audit entry of its own ('view'): who
-- read what is part of the record. The table is rebuilt to widen the
-- CHECK; rows, numbers and hashes kept.
CREATE TABLE audit_new (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    user      TEXT NOT NULL,
    action    TEXT NOT NULL CHECK (action IN ('create','update','delete','restore','workspace','baseline','view')),
    kind      TEXT NOT NULL,
    record_id TEXT NOT NULL,
    title     TEXT NOT NULL,
    changes   TEXT NOT NULL,
    hash      TEXT NOT NULL DEFAULT '',
    state     TEXT NOT NULL DEFAULT '',
    keyed     INTEGER NOT NULL DEFAULT 0 CHECK (keyed IN (0, 1))
);
INSERT INTO audit_new(seq, at, user, action, kind, record_id, title, changes, hash, state, keyed)
    SELECT seq, at, user, action, kind, record_id, title, changes, hash, state, keyed FROM audit;
DROP TABLE audit;
ALTER TABLE audit_new RENAME TO audit;
CREATE INDEX audit_record ON audit(record_id, seq);
