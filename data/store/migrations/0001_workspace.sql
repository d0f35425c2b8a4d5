-- Convenor workspace, format 1: the common record table, one table per record
-- kind for its own fields, links between records, follow-up actions, the audit
-- log and the full-text index.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Every record of every kind; seq is a stable rowid for the search index,
-- id is the UUID users and other workspaces see.
CREATE TABLE records (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    tlp        TEXT NOT NULL CHECK (tlp IN ('TLP:RED','TLP:AMBER+STRICT','TLP:AMBER','TLP:GREEN','TLP:CLEAR')),
    tags       TEXT NOT NULL DEFAULT '[]',
    notes      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE INDEX records_kind_title   ON records(kind, title COLLATE NOCASE);
CREATE INDEX records_kind_updated ON records(kind, updated_at);
CREATE INDEX records_kind_tlp     ON records(kind, tlp);

CREATE TABLE actor (
    id            TEXT PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
    actor_type    TEXT,
    sector        TEXT,
    country       TEXT,
    affiliation   TEXT REFERENCES records(id),
    role          TEXT,
    stance        TEXT,
    influence     INTEGER,
    native_name   TEXT,
    languages     TEXT,
    contact_notes TEXT
);
CREATE INDEX actor_affiliation ON actor(affiliation);

CREATE TABLE relationship (
    id         TEXT PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
    from_actor TEXT REFERENCES records(id),
    to_actor   TEXT REFERENCES records(id),
    rel_type   TEXT,
    trust      INTEGER,
    since      TEXT,
    evidence   TEXT
);
CREATE INDEX relationship_from ON relationship(from_actor);
CREATE INDEX relationship_to   ON relationship(to_actor);

CREATE TABLE channel (
    id       TEXT PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
    track    TEXT,
    convenor TEXT REFERENCES records(id),
    status   TEXT,
    deniable INTEGER
);
CREATE INDEX channel_convenor ON channel(convenor);

CREATE TABLE engagement (
    id            TEXT PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
    channel       TEXT REFERENCES records(id),
    eng_type      TEXT,
    starts        TEXT,
    ends          TEXT,
    timezone      TEXT,
    venue         TEXT,
    visibility    TEXT,
    chatham_house INTEGER,
    cameo         TEXT,
    agenda        TEXT,
    outcome       TEXT
);
CREATE INDEX engagement_channel ON engagement(channel);
CREATE INDEX engagement_starts  ON engagement(starts);

CREATE TABLE initiative (
    id         TEXT PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
    model      TEXT,
    measure    TEXT,
    lead       TEXT REFERENCES records(id),
    status     TEXT,
    start_date TEXT,
    end_date   TEXT,
    indicators TEXT
);
CREATE INDEX initiative_lead ON initiative(lead);

CREATE TABLE commitment (
    id          TEXT PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
    from_actor  TEXT REFERENCES records(id),
    to_actor    TEXT REFERENCES records(id),
    commit_type TEXT,
    conditions  TEXT,
    status      TEXT,
    review_date TEXT
);
CREATE INDEX commitment_from ON commitment(from_actor);
CREATE INDEX commitment_to   ON commitment(to_actor);

CREATE TABLE risk (
    id                  TEXT PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
    category            TEXT,
    likelihood          INTEGER,
    impact              INTEGER,
    score               INTEGER GENERATED ALWAYS AS (likelihood * impact) VIRTUAL,
    treatment           TEXT,
    mitigation          TEXT,
    residual_likelihood INTEGER,
    residual_impact     INTEGER,
    residual_score      INTEGER GENERATED ALWAYS AS (residual_likelihood * residual_impact) VIRTUAL,
    owner               TEXT,
    trend               TEXT,
    status              TEXT,
    next_review         TEXT
);

CREATE TABLE signal (
    id          TEXT PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
    occurred_on TEXT,
    signal_type TEXT,
    severity    INTEGER,
    place       TEXT,
    latitude    REAL,
    longitude   REAL,
    source      TEXT,
    reliability TEXT,
    credibility TEXT,
    cameo       TEXT,
    goldstein   REAL,
    summary     TEXT
);
CREATE INDEX signal_occurred ON signal(occurred_on);

CREATE TABLE milestone (
    id          TEXT PRIMARY KEY REFERENCES records(id) ON DELETE CASCADE,
    phase       TEXT,
    target_date TEXT,
    status      TEXT,
    gates       TEXT
);

-- Many-to-many links held by a record's Links field (participants, sides
-- reached, linked engagements …), in the order the user gave them.
CREATE TABLE links (
    from_id  TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    field    TEXT NOT NULL,
    position INTEGER NOT NULL,
    to_id    TEXT NOT NULL REFERENCES records(id),
    role     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (from_id, field, position)
);
CREATE INDEX links_to ON links(to_id);

CREATE TABLE follow_ups (
    id            TEXT PRIMARY KEY,
    engagement_id TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    action        TEXT NOT NULL,
    owner         TEXT NOT NULL DEFAULT '',
    due           TEXT,
    status        TEXT NOT NULL DEFAULT 'open'
);
CREATE INDEX follow_ups_engagement ON follow_ups(engagement_id, position);
CREATE INDEX follow_ups_due        ON follow_ups(status, due);

-- Who changed what and when. Never updated or deleted by the app; changes is
-- a JSON object {field: [before, after]} in the fields' text form.
CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    user      TEXT NOT NULL,
    action    TEXT NOT NULL CHECK (action IN ('create','update','delete')),
    kind      TEXT NOT NULL,
    record_id TEXT NOT NULL,
    title     TEXT NOT NULL,
    changes   TEXT NOT NULL
);
CREATE INDEX audit_record ON audit(record_id, seq);

-- rowid = records.seq; body holds every searched field, the tags and notes.
CREATE VIRTUAL TABLE search USING fts5(
    title, body,
    tokenize = 'unicode61 remove_diacritics 2'
);
