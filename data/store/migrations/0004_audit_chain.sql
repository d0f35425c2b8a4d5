-- Each audit entry carries a hash of itself and of the entry before it, so
-- an entry changed or removed afterwards breaks the chain from there on.
-- The hashes of entries already written are filled in by chainAudit, in
-- Go, in this same step's transaction.
ALTER TABLE audit ADD COLUMN hash TEXT NOT NULL DEFAULT '';
