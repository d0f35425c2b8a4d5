-- Each record's tags, one row per tag, written beside records.tags (see
-- writeLists in store.go). It serves the tag filter from an index and suggests the tags
-- already in use while one is typed. Not triggers: a trigger on records
-- tripled the cost of writing 100,000 records.
CREATE TABLE record_tags (
    tag TEXT NOT NULL COLLATE NOCASE,
    seq INTEGER NOT NULL REFERENCES records(seq) ON DELETE CASCADE,
    PRIMARY KEY (tag, seq)
) WITHOUT ROWID;
CREATE INDEX record_tags_seq ON record_tags(seq);

INSERT OR IGNORE INTO record_tags(tag, seq) SELECT j.value, r.seq FROM records r, json_each(r.tags) j;
