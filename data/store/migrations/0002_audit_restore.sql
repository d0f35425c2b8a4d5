-- Undo of a delete brings a record back under its own id; the audit log
-- records that as 'restore'. SQLite cannot alter a CHECK, so the table is
-- rebuilt with every row and sequence number kept.
CREATE TABLE audit_new (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    user      TEXT NOT NULL,
    action    TEXT NOT NULL CHECK (action IN ('create','update','delete','restore')),
    kind      TEXT NOT NULL,
    record_id TEXT NOT NULL,
    title     TEXT NOT NULL,
    changes   TEXT NOT NULL
);
INSERT INTO audit_new SELECT seq, at, user, action, kind, record_id, title, changes FROM audit;
DROP TABLE audit;
ALTER TABLE audit_new RENAME TO audit;
CREATE INDEX audit_record ON audit(record_id, seq);
