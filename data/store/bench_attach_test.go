package store

import (
	"context"
	"database/sql"
	"io"
	"os"
	"path/filepath"
	"testing"

	"convenor/data"
)

// BenchmarkAttach saves a record with a file of 25 MB, the largest a
// record may hold, and opens it again, in a plain and a sealed workspace,
// against bare SQLite reading the same file into the same 1 MiB blobs in
// one transaction and reading them back. The save runs on the window's
// goroutine when Save is pressed, so this is the longest it can stall.
func BenchmarkAttach(b *testing.B) {
	src, _ := file(b, "scan.pdf", data.AttachmentLimit, "%PDF")
	bare, err := sql.Open("sqlite3", "file:"+filepath.Join(b.TempDir(), "bare.db")+"?_journal_mode=WAL&_synchronous=NORMAL")
	if err != nil {
		b.Fatal(err)
	}
	defer bare.Close()
	if _, err := bare.Exec("CREATE TABLE parts(id TEXT, part INTEGER, bytes BLOB, PRIMARY KEY(id, part))"); err != nil {
		b.Fatal(err)
	}
	saved := 0 // every save under a new id: a benchmark runs more than once
	bareSave := func(int) {
		saved++
		f, err := os.Open(src)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		tx, _ := bare.Begin()
		buf := make([]byte, partSize)
		for n := 0; ; n++ {
			got, err := io.ReadFull(f, buf)
			if got > 0 {
				if _, err := tx.Exec("INSERT INTO parts VALUES (?,?,?)", saved, n, buf[:got]); err != nil {
					b.Fatal(err)
				}
			}
			if err != nil {
				break
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	bareOpen := func(int) {
		rows, err := bare.Query("SELECT bytes FROM parts WHERE id = ? ORDER BY part", saved)
		if err != nil {
			b.Fatal(err)
		}
		for rows.Next() {
			var p []byte
			rows.Scan(&p)
			io.Discard.Write(p)
		}
		rows.Close()
	}
	for _, sealed := range []bool{false, true} {
		name := "plain"
		if sealed {
			name = "sealed"
		}
		path := filepath.Join(b.TempDir(), name+".convenor")
		var s *Store
		if sealed {
			s, err = CreateSealed(path, name, pass)
		} else {
			s, err = Create(path, name)
		}
		if err != nil {
			b.Fatal(err)
		}
		s.User = "bench"
		r := minimal(b, s, data.Engagement, "Muscat round")
		b.Run(name+"/save", func(b *testing.B) {
			compare(b, func(i int) {
				next := r.Clone()
				next.Attachments = []data.Attachment{{Name: "scan.pdf", From: src}}
				if err := s.Update(next); err != nil {
					b.Fatal(err)
				}
				r, _ = s.Get(r.ID)
			}, bareSave)
		})
		b.Run(name+"/open", func(b *testing.B) {
			compare(b, func(i int) {
				if _, err := s.OpenAttachment(context.Background(), r.ID, r.Attachments[0].ID, io.Discard); err != nil {
					b.Fatal(err)
				}
			}, bareOpen)
		})
		s.Close()
	}
}
