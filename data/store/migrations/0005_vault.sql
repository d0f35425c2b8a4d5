-- A sealed workspace keeps its records and audit entries here, each sealed
-- with XChaCha20-Poly1305; the plain tables of the file stay empty and are
-- filled in memory when the passphrase opens it. Plain workspaces leave
-- these two tables empty.
CREATE TABLE vault (
    id   TEXT PRIMARY KEY,
    blob BLOB NOT NULL
);
CREATE TABLE vault_audit (
    seq  INTEGER PRIMARY KEY,
    blob BLOB NOT NULL
);
