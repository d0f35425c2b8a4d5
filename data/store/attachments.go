package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/uuid"

	"convenor/data"
)

// Files kept with records. What a file is (name, type, size, hash) belongs
// to the record: it is sealed, hashed into the trail and shown in history
// with it. The bytes are kept apart in parts (partSize each), in the
// table the keeper names; a sealed workspace seals each part to its
// attachment and place and never reads them on unlock.

const partSize = 1 << 20

// ErrAttachmentDamaged says a file's bytes no longer match what was saved.
var ErrAttachmentDamaged = errors.New("its content does not match what was saved: it was changed or cut short outside Convenor")

// writeAttachments stores r's attachments in place of what was there:
// a pending file is read in, one already in the workspace keeps what was
// stored of it. A record loaded from a sealed file is taken as it is
// (verify checks its files).
func (s *Store) writeAttachments(tx *sql.Tx, r *data.Record, before *data.Record, loaded bool) error {
	if before != nil {
		if _, err := tx.Exec("DELETE FROM attachments WHERE record_id=?", r.ID); err != nil {
			return err
		}
	}
	known := map[string]data.Attachment{}
	if before != nil {
		for _, a := range before.Attachments {
			known[a.ID] = a
		}
	}
	for pos := range r.Attachments {
		a := &r.Attachments[pos]
		switch stored, ok := known[a.ID]; {
		case a.Pending():
			if err := s.readIn(tx, a); err != nil {
				return err
			}
		case ok:
			*a = stored
		case loaded:
		default: // undo bringing a file back, or a copy of the workspace
			if err := haveParts(tx, s.file.partsTable(), *a); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(`INSERT INTO attachments(id, record_id, position, name, type, size, sha256, added_at, added_by) VALUES (?,?,?,?,?,?,?,?,?)`,
			a.ID, r.ID, pos, a.Name, a.Type, a.Size, a.SHA256, a.AddedAt.Format(timeLayout), a.AddedBy); err != nil {
			return err
		}
	}
	return nil
}

// readIn copies a pending file into the workspace, part by part: at most
// one part is ever in memory.
func (s *Store) readIn(tx *sql.Tx, a *data.Attachment) error {
	refuse := func(format string, args ...any) error {
		e := &data.ValidationError{}
		e.Add(data.FieldAttachments, "Attachments", "“%s” %s", a.Name, fmt.Sprintf(format, args...))
		return e
	}
	f, err := os.Open(a.From)
	if err != nil {
		return refuse("could not be read: %v", unwrapPath(err))
	}
	defer f.Close()
	info, err := f.Stat()
	switch {
	case err != nil:
		return refuse("could not be read: %v", err)
	case !info.Mode().IsRegular():
		return refuse("is not a file")
	case data.TooLarge(info.Size()) != "":
		return refuse("%s", data.TooLarge(info.Size()))
	}
	id := uuid.NewString()
	sum := sha256.New()
	buf := make([]byte, partSize)
	var size int64
	var sniffed string
	for n := 0; ; n++ {
		got, err := io.ReadFull(f, buf)
		if got > 0 {
			if size += int64(got); size > data.AttachmentLimit {
				return refuse("grew past 25 MB while it was read in")
			}
			if n == 0 {
				sniffed = http.DetectContentType(buf[:got])
			}
			sum.Write(buf[:got])
			kept, err := s.file.sealPart(id, n, buf[:got])
			if err != nil {
				return err
			}
			if _, err := tx.Exec("INSERT INTO "+s.file.partsTable()+"(attachment_id, part, bytes) VALUES (?,?,?)", id, n, kept); err != nil {
				return err
			}
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			break
		}
		if err != nil {
			return refuse("could not be read to the end: %v", err)
		}
	}
	now, _ := time.Parse(timeLayout, s.Now().UTC().Format(timeLayout))
	*a = data.Attachment{ID: id, Name: a.Name, Type: mediaType(a.Name, sniffed), Size: size,
		SHA256: hex.EncodeToString(sum.Sum(nil)), AddedAt: now, AddedBy: s.User}
	return nil
}

// mediaType is what the name's extension says, else what the first bytes
// look like.
func mediaType(name, sniffed string) string {
	if t := mime.TypeByExtension(strings.ToLower(filepath.Ext(name))); t != "" {
		if base, _, err := mime.ParseMediaType(t); err == nil {
			return base
		}
	}
	if sniffed == "" {
		return "application/octet-stream"
	}
	base, _, _ := mime.ParseMediaType(sniffed)
	return base
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// partsOf is how many parts a file of size bytes is kept in.
func partsOf(size int64) int { return int((size + partSize - 1) / partSize) }

// haveParts refuses an attachment whose bytes this workspace does not hold.
func haveParts(q queryer, table string, a data.Attachment) error {
	var n int
	if err := q.QueryRow("SELECT count(*) FROM "+table+" WHERE attachment_id=?", a.ID).Scan(&n); err != nil {
		return err
	}
	if n != partsOf(a.Size) {
		e := &data.ValidationError{}
		e.Add(data.FieldAttachments, "Attachments", "“%s” is not kept in this workspace (its content is missing)", a.Name)
		return e
	}
	return nil
}

// readAttachments fills in the attachments of a page of records.
func readAttachments(db queryer, byID map[string]*data.Record, idsJSON string) error {
	type owned struct {
		owner string
		data.Attachment
	}
	files, err := collect(db, func(rows *sql.Rows, a *owned) error {
		var added string
		err := rows.Scan(&a.owner, &a.ID, &a.Name, &a.Type, &a.Size, &a.SHA256, &added, &a.AddedBy)
		a.AddedAt, _ = time.Parse(timeLayout, added)
		return err
	}, `SELECT record_id, id, name, type, size, sha256, added_at, added_by FROM attachments
		WHERE record_id IN (SELECT value FROM json_each(?)) ORDER BY record_id, position`, idsJSON)
	for _, a := range files {
		r := byID[a.owner]
		r.Attachments = append(r.Attachments, a.Attachment)
	}
	return err
}

// OpenAttachment writes the bytes of one of a record's files to w, once
// the audit trail records that it was opened for viewing: who read what
// is part of the record. Bytes that do not match what was saved end in
// ErrAttachmentDamaged, after w has had some of them: the caller throws
// away what it wrote.
func (s *Store) OpenAttachment(ctx context.Context, recordID, id string, w io.Writer) (data.Attachment, error) {
	r, err := s.Get(recordID)
	if err != nil {
		return data.Attachment{}, err
	}
	var a data.Attachment
	for _, x := range r.Attachments {
		if x.ID == id {
			a = x
		}
	}
	if a.ID == "" {
		return a, fmt.Errorf("%w: file %s of %s", data.ErrNotFound, id, recordID)
	}
	if s.readOnly {
		return a, errors.New("opening a file is recorded in the audit trail, and this workspace is open read-only")
	}
	err = s.write("recording that a file was opened", func(tx *sql.Tx) error {
		now, err := get(tx, r.ID)
		if err != nil {
			return err
		}
		s.changed(r.ID, r.Kind) // a sealed record is bound to its newest entry
		b, _ := json.Marshal(map[string][2]string{fieldOpened: {"", a.Name}})
		return appendAudit(tx, s.file.chainKey(), s.Now().UTC().Format(timeLayout), s.User, actionView, r.Kind.Name, r.ID, strings.TrimSpace(r.Title), string(b), now.State())
	})
	if err != nil {
		return a, err
	}
	return a, failed("reading “"+a.Name+"”", s.readParts(s.under(ctx), a, w), false)
}

// actionView is the audit entry of a file opened for viewing; fieldOpened
// names the file in it.
const (
	actionView  = "view"
	fieldOpened = "opened"
)

// readParts streams a's bytes to w, checking them against what was saved.
func (s *Store) readParts(db queryer, a data.Attachment, w io.Writer) error {
	rows, err := db.Query("SELECT part, bytes FROM "+s.file.partsTable()+" WHERE attachment_id=? ORDER BY part", a.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	sum := sha256.New()
	var size int64
	want := 0
	for rows.Next() {
		var n int
		var kept []byte
		if err := rows.Scan(&n, &kept); err != nil {
			return err
		}
		if n != want {
			return ErrAttachmentDamaged
		}
		b, err := s.file.openPart(a.ID, n, kept)
		if err != nil {
			return ErrAttachmentDamaged
		}
		sum.Write(b)
		size += int64(len(b))
		if _, err := w.Write(b); err != nil {
			return err
		}
		want++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if size != a.Size || hex.EncodeToString(sum.Sum(nil)) != a.SHA256 {
		return ErrAttachmentDamaged
	}
	return nil
}

// checkAttachments adds to verify's report every file of a record whose
// bytes are missing or differ from what was saved.
func (s *Store) checkAttachments(db queryer, rep *data.ChainReport) error {
	type file struct {
		data.Attachment
		kind, title, record string
	}
	files, err := collect(db, func(rows *sql.Rows, f *file) error {
		return rows.Scan(&f.ID, &f.Name, &f.Size, &f.SHA256, &f.kind, &f.title, &f.record)
	}, `SELECT a.id, a.name, a.size, a.sha256, r.kind, r.title, r.id FROM attachments a JOIN records r ON r.id = a.record_id ORDER BY r.seq, a.position`)
	if err != nil {
		return err
	}
	for _, f := range files {
		err := s.readParts(db, f.Attachment, io.Discard)
		if errors.Is(err, ErrAttachmentDamaged) {
			label := f.kind
			if k := data.KindByName(f.kind); k != nil {
				label = k.Label
			}
			rep.Files = append(rep.Files, "“"+f.Name+"” of "+data.RecordRef(label, f.title, f.record))
			rep.Intact = false
			continue
		}
		if err != nil {
			return err
		}
	}
	return nil
}
