-- Each audit entry that creates or changes a record commits to the record's
-- whole content after the change (data/state.go): the hash of its
-- canonical form, covered by the entry's own chain hash. Entries written
-- before this format, deletes and changes to the workspace leave it empty.
ALTER TABLE audit ADD COLUMN state TEXT NOT NULL DEFAULT '';
