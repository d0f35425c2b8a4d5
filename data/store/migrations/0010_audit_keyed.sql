-- In a sealed workspace each audit entry's hash is an HMAC under a key
-- derived from the workspace's data key (chain.go), so the chain cannot be
-- recomputed without the passphrase. Entries written before a workspace
-- was sealed, or before this format, keep their plain SHA-256 hashes and
-- say so here; the first keyed entry covers them all.
ALTER TABLE audit ADD COLUMN keyed INTEGER NOT NULL DEFAULT 0 CHECK (keyed IN (0, 1));
