package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	sqlite3 "github.com/mattn/go-sqlite3"

	"convenor/data/vault"
)

// The unlock image. Rebuilding 100,000 records with their indexes and
// search entries row by row took 8 s, most of it inside SQLite, so a
// sealed workspace also keeps its in-memory database as it stood after one
// audit entry, serialized and sealed in parts. Unlocking decrypts it and
// replays only the records named by later entries. The sealed rows stay
// what the workspace is: an image that is missing, from another key,
// damaged or not matching the trail is passed over and every record is
// read as before, so the image can make an unlock faster but never
// different.

const (
	// imagePart is how much of the image one row seals.
	imagePart = 8 << 20
	// imageEvery is how many audit entries past the image make closing
	// write a new one: replaying fewer costs less than writing it.
	imageEvery = 256
	// metaImage is the vault.meta key describing the image.
	metaImage = "image"
)

// imageMeta says what the image holds: the database after audit entry
// Upto, whose hash it names, in Parts rows, Size bytes in all.
type imageMeta struct {
	Upto  int64  `json:"upto"`
	Hash  string `json:"hash"`
	Parts int    `json:"parts"`
	Size  int    `json:"size"`
}

// aad binds each part to its place and to the entry the image follows, so
// parts cannot be shuffled, mixed between images or given to another trail.
func (m imageMeta) aad(part int) string {
	return fmt.Sprintf("image %d %s %d/%d %d", m.Upto, m.Hash, part, m.Parts, m.Size)
}

// readImage reads and opens the image in tx, or returns nil when there is
// none or it cannot be used.
func (v *vaultFile) readImage(tx *sql.Tx) (*memImage, *imageMeta) {
	var raw string
	if tx.QueryRow("SELECT value FROM vault.meta WHERE key = ?", metaImage).Scan(&raw) != nil {
		return nil, nil
	}
	var m imageMeta
	if json.Unmarshal([]byte(raw), &m) != nil || m.Size < 1 || m.Parts != (m.Size+imagePart-1)/imagePart {
		return nil, nil
	}
	// The entry the image follows must be the trail's own.
	var blob []byte
	if tx.QueryRow("SELECT blob FROM vault.vault_audit WHERE seq = ?", m.Upto).Scan(&blob) != nil {
		return nil, nil
	}
	var e auditRow
	if plain, err := vault.Unseal(v.key, blob, fmt.Sprint(m.Upto)); err != nil || json.Unmarshal(plain, &e) != nil || e.Hash != m.Hash {
		return nil, nil
	}
	image, err := newMemImage(m.Size)
	if err != nil {
		return nil, nil
	}
	if !openParts(tx, v.key, &m, image.bytes) {
		image.free()
		return nil, nil
	}
	return image, &m
}

// openParts opens each part into its place in image, on every core:
// each is copied out of SQLite's buffer into one of a few reused ones (warm
// memory, cheap) and opened from there into the image.
func openParts(tx *sql.Tx, key []byte, m *imageMeta, image []byte) bool {
	rows, err := tx.Query("SELECT part, blob FROM vault.vault_image ORDER BY part")
	if err != nil {
		return false
	}
	defer rows.Close()
	workers := runtime.GOMAXPROCS(0)
	free := make(chan []byte, workers+1)
	for range workers + 1 {
		free <- nil
	}
	type job struct {
		n    int
		blob []byte
	}
	jobs := make(chan job)
	var failed atomic.Bool
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range jobs {
				at := j.n * imagePart
				plain, err := vault.UnsealTo(image[at:at], key, j.blob, m.aad(j.n))
				if err != nil || len(plain) != min(imagePart, m.Size-at) {
					failed.Store(true)
				}
				free <- j.blob
			}
		})
	}
	n := 0
	for ; rows.Next() && !failed.Load(); n++ {
		var part int
		var blob sql.RawBytes
		if rows.Scan(&part, &blob) != nil || part != n || n >= m.Parts {
			failed.Store(true)
			break
		}
		jobs <- job{n, append((<-free)[:0], blob...)}
	}
	close(jobs)
	wg.Wait()
	return !failed.Load() && rows.Err() == nil && n == m.Parts
}

// loadImage makes image the in-memory database.
func loadImage(db *sql.DB, image *memImage) error {
	conn, err := db.Conn(context.Background())
	if err != nil {
		image.free()
		return err
	}
	defer conn.Close()
	return conn.Raw(func(c any) error { return image.become(c.(*sqlite3.SQLiteConn)) })
}

// close writes a new image when enough was written since the last one.
// The image is a head start, never the only copy of anything, so failing
// to write it (a full disk) loses nothing and does not fail the close.
func (v *vaultFile) close(db *sql.DB) {
	if v.readOnly || v.auditDone-v.imageUpto < imageEvery {
		return
	}
	if err := v.writeImage(db); err == nil {
		v.imageUpto = v.auditDone
	}
}

// writeImage serializes the in-memory database and seals it into the file
// in one transaction, replacing the image before it.
func (v *vaultFile) writeImage(db *sql.DB) error {
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var image []byte
	if err := conn.Raw(func(c any) (err error) {
		image, err = c.(*sqlite3.SQLiteConn).Serialize("main")
		return err
	}); err != nil {
		return err
	}
	m := imageMeta{Upto: v.auditDone, Size: len(image), Parts: (len(image) + imagePart - 1) / imagePart}
	if err := conn.QueryRowContext(ctx, "SELECT hash FROM main.audit WHERE seq = ?", m.Upto).Scan(&m.Hash); err != nil {
		return err
	}
	parts := make([][]byte, m.Parts)
	if err := inParallel(m.Parts, func(i int) (err error) {
		end := min((i+1)*imagePart, len(image))
		parts[i], err = vault.Seal(v.key, image[i*imagePart:end], m.aad(i))
		return err
	}); err != nil {
		return err
	}
	meta, err := json.Marshal(m)
	if err != nil {
		return err
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := dropImage(tx); err != nil {
		return err
	}
	for i, p := range parts {
		if _, err := tx.Exec("INSERT INTO vault.vault_image(part, blob) VALUES (?, ?)", i, p); err != nil {
			return err
		}
	}
	if _, err := tx.Exec("INSERT INTO vault.meta(key, value) VALUES (?, ?)", metaImage, string(meta)); err != nil {
		return err
	}
	return tx.Commit()
}

// dropImage removes the image (a new key makes it unreadable).
func dropImage(tx *sql.Tx) error {
	if _, err := tx.Exec("DELETE FROM vault.vault_image"); err != nil {
		return err
	}
	_, err := tx.Exec("DELETE FROM vault.meta WHERE key = ?", metaImage)
	return err
}
