-- A shared team workspace (data/share): the records changed here and not
-- yet sent (the outbox, written in the same transaction as the change),
-- the stream version each record is at, and versions that conflicted,
-- kept whole until someone chooses. Applying a desk's version is audited
-- as 'sync', the choice on a conflict as 'resolve'.
CREATE TABLE share_outbox (
    record_id   TEXT PRIMARY KEY,
    msg_id      TEXT NOT NULL, -- the id this version is published under: a retry is stored once
    held        INTEGER NOT NULL DEFAULT 0 CHECK (held IN (0, 1)) -- a conflict waits for a person
);
CREATE TABLE share_versions (
    record_id TEXT PRIMARY KEY,
    seq       INTEGER NOT NULL, -- the stream sequence of the version this desk has
    subject   TEXT NOT NULL
);
CREATE TABLE share_conflicts (
    record_id TEXT NOT NULL,
    seq       INTEGER NOT NULL, -- the other desk's version, in the stream
    subject   TEXT NOT NULL,
    blob      BLOB NOT NULL,    -- sealed as it came
    found_at  TEXT NOT NULL,
    PRIMARY KEY (record_id, seq)
);
CREATE TABLE audit_new (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    user      TEXT NOT NULL,
    action    TEXT NOT NULL CHECK (action IN ('create','update','delete','restore','workspace','baseline','view','import','provenance','sync','resolve')),
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
