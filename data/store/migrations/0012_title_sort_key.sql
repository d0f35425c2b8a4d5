-- Lists sort names and titles the way people count: "Round 2" before
-- "Round 10". The key (sortkey.go) is computed in Go and stored with an
-- index, rather than a custom collation, which the sqlite3 shell and
-- integrity_check would not know. sortKeys fills it for existing records
-- in the same step.
ALTER TABLE records ADD COLUMN sort_key TEXT NOT NULL DEFAULT '';
DROP INDEX records_kind_title;
CREATE INDEX records_kind_sort ON records(kind, sort_key, seq);
