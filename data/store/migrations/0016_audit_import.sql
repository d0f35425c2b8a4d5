-- A record brought in from a file is audited as an import ('import'),
-- naming the file, whether it was added or updated; a restored archive's
-- old trail starts under a 'provenance' entry. The table is rebuilt to
-- widen the CHECK; rows, numbers and hashes kept.
CREATE TABLE audit_new (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    user      TEXT NOT NULL,
    action    TEXT NOT NULL CHECK (action IN ('create','update','delete','restore','workspace','baseline','view','import','provenance')),
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
