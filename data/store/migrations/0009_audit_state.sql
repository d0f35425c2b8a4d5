-- Each audit entry that creates or changes a record commits to the record's
-- whole content after the change (data/state.go): the hash of its
-- canonical form, covered by the entry's own chain hash. Entries written
-- before this format, deletes and changes to the workspace leave it empty.
-- Records last written before it are bound once, as they stand, by a
-- 'baseline' entry each (baseline.go). The table is rebuilt to widen the
-- CHECK; rows, numbers and hashes kept.
CREATE TABLE audit_new (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    user      TEXT NOT NULL,
    action    TEXT NOT NULL CHECK (action IN ('create','update','delete','restore','workspace','baseline')),
    kind      TEXT NOT NULL,
    record_id TEXT NOT NULL,
    title     TEXT NOT NULL,
    changes   TEXT NOT NULL,
    hash      TEXT NOT NULL DEFAULT '',
    state     TEXT NOT NULL DEFAULT ''
);
INSERT INTO audit_new(seq, at, user, action, kind, record_id, title, changes, hash)
    SELECT seq, at, user, action, kind, record_id, title, changes, hash FROM audit;
DROP TABLE audit;
ALTER TABLE audit_new RENAME TO audit;
CREATE INDEX audit_record ON audit(record_id, seq);
