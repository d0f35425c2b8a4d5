-- Changes to the workspace itself (its name, its passphrase, sealing) are
-- audited too, as action 'workspace' with kind 'workspace' and no record.
-- The table is rebuilt to widen the CHECK; rows, numbers and hashes kept.
CREATE TABLE audit_new (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    user      TEXT NOT NULL,
    action    TEXT NOT NULL CHECK (action IN ('create','update','delete','restore','workspace')),
    kind      TEXT NOT NULL,
    record_id TEXT NOT NULL,
    title     TEXT NOT NULL,
    changes   TEXT NOT NULL,
    hash      TEXT NOT NULL DEFAULT ''
);
INSERT INTO audit_new SELECT seq, at, user, action, kind, record_id, title, changes, hash FROM audit;
DROP TABLE audit;
ALTER TABLE audit_new RENAME TO audit;
CREATE INDEX audit_record ON audit(record_id, seq);
