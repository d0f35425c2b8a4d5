package store

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"convenor/data"
)

// file writes n random bytes (a marker first, to look for in the
// workspace file) to a new file called name and returns its path.
const pass = "correct horse battery"

func file(t testing.TB, name string, n int, marker string) (string, []byte) {
	t.Helper()
	b := make([]byte, n)
	rand.Read(b)
	copy(b, marker)
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path, b
}

// attach saves r with the file at path added to it.
func attach(t testing.TB, s *Store, r *data.Record, name, path string) *data.Record {
	t.Helper()
	r = r.Clone()
	r.Attachments = append(r.Attachments, data.Attachment{Name: name, From: path})
	if err := s.Update(r); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func opened(t testing.TB, s *Store, r *data.Record, i int) ([]byte, error) {
	t.Helper()
	var buf bytes.Buffer
	_, err := s.OpenAttachment(context.Background(), r.ID, r.Attachments[i].ID, &buf)
	return buf.Bytes(), err
}

// A file added to a record is kept in parts, read back whole, named in
// the record's history; opening it is recorded; taking it off keeps its
// bytes, so undo brings it back.
func TestAFileKeptWithARecord(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	r := minimal(t, s, data.Engagement, "Islamabad conference")
	path, want := file(t, "readout.pdf", 2*partSize+12345, "%PDF-1.7 readout of the Islamabad conference")
	r = attach(t, s, r, "Readout — Islamabad, 12 May.pdf", path)
	if len(r.Attachments) != 1 {
		t.Fatalf("attachments read back: %+v", r.Attachments)
	}
	a := r.Attachments[0]
	if a.Size != int64(len(want)) || a.Type != "application/pdf" || len(a.SHA256) != 64 || a.AddedBy != "tester" || a.From != "" {
		t.Errorf("stored as %+v", a)
	}
	if n := count(t, s, "SELECT count(*) FROM attachment_parts WHERE attachment_id=?", a.ID); n != 3 {
		t.Errorf("%d parts, want 3", n)
	}
	got, err := opened(t, s, r, 0)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("opened %d bytes, want %d: %v", len(got), len(want), err)
	}
	hist, _ := s.History(r.ID)
	if hist[0].Action != "view" || hist[0].Changes[0].Label != "Opened for viewing" || hist[0].Changes[0].After != a.Name {
		t.Errorf("opening is not in the history: %+v", hist[0])
	}
	if hist[1].Action != "update" || hist[1].Changes[0].Label != "Attachments" || !strings.Contains(hist[1].Changes[0].After, "Readout — Islamabad, 12 May.pdf (2.1 MB)") {
		t.Errorf("adding is not in the history: %+v", hist[1])
	}
	if hits, _ := s.Search(ctx, "readout islamabad", 5); len(hits) != 1 {
		t.Errorf("search by the file's name: %+v", hits)
	}
	if rep, err := s.Verify(ctx); err != nil || !rep.Intact {
		t.Errorf("verify: %s %v", rep, err)
	}

	// Taken off: the record no longer lists it; undo puts it back, bytes and all.
	before := r
	off := r.Clone()
	off.Attachments = nil
	if err := s.Update(off); err != nil {
		t.Fatal(err)
	}
	if n := count(t, s, "SELECT count(*) FROM attachment_parts"); n != 3 {
		t.Errorf("taking a file off lost its bytes: %d parts", n)
	}
	if hist, _ := s.History(r.ID); hist[0].Changes[0].Label != "Attachments" || !strings.Contains(hist[0].Changes[0].Before, a.Name) || hist[0].Changes[0].After != "" {
		t.Errorf("taking off is not in the history: %+v", hist[0])
	}
	after, _ := s.Get(r.ID)
	if err := s.Undo(&data.Edit{Before: before, After: after}); err != nil {
		t.Fatal(err)
	}
	back, _ := s.Get(r.ID)
	if len(back.Attachments) != 1 || back.Attachments[0] != a {
		t.Fatalf("after undo: %+v", back.Attachments)
	}
	if got, err := opened(t, s, back, 0); err != nil || !bytes.Equal(got, want) {
		t.Errorf("after undo: %v", err)
	}
	if rep, err := s.Verify(ctx); err != nil || !rep.Intact {
		t.Errorf("verify after undo: %s %v", rep, err)
	}
}

// What is refused changes nothing: a file over the limit, a folder, a
// missing file, a path for a name, another record's file claimed by id.
func TestAFileThatCannotBeAddedChangesNothing(t *testing.T) {
	s := newStore(t)
	r := minimal(t, s, data.Actor, "Pakistani envoy")
	big, _ := file(t, "scan.tiff", data.AttachmentLimit+1, "II*")
	small, _ := file(t, "note.txt", 10, "note")
	entries, _ := s.AuditCount()
	for _, c := range []struct {
		add  []data.Attachment
		says string
	}{
		{[]data.Attachment{{Name: "note.txt", From: small}, {Name: "scan.tiff", From: big}}, "“scan.tiff” is 25000001 bytes; a file may be at most 25 MB"},
		{[]data.Attachment{{Name: "folder", From: t.TempDir()}}, "“folder” is not a file"},
		{[]data.Attachment{{Name: "gone.pdf", From: filepath.Join(t.TempDir(), "gone.pdf")}}, "“gone.pdf” could not be read: no such file or directory"},
		{[]data.Attachment{{Name: "../../etc/passwd", From: small}}, "is a path, not a file name"},
		{[]data.Attachment{{Name: "", From: small}}, "attachment 1: has no name"},
		{[]data.Attachment{{ID: "forged", Name: "mou.pdf", Size: 10, SHA256: strings.Repeat("0", 64)}}, "“mou.pdf” is not kept in this workspace"},
	} {
		next := r.Clone()
		next.Attachments = c.add
		err := s.Update(next)
		if v, ok := data.AsValidation(err); !ok || v.For(data.FieldAttachments) == "" || !strings.Contains(err.Error(), c.says) {
			t.Errorf("adding %+v: %v, want a message on Attachments saying %q", c.add, err, c.says)
		}
	}
	if n, _ := s.AuditCount(); n != entries {
		t.Errorf("%d entries written by refused saves", n-entries)
	}
	if n := count(t, s, "SELECT count(*) FROM attachment_parts"); n != 0 {
		t.Errorf("%d parts left by refused saves", n)
	}
}

// Bytes changed, cut short or moved outside Convenor are refused when
// opened and named by verify.
func TestAFileChangedOutsideConvenorIsRefused(t *testing.T) {
	ctx := context.Background()
	for _, tamper := range []string{
		"UPDATE attachment_parts SET bytes = zeroblob(length(bytes)) WHERE part = 1",
		"DELETE FROM attachment_parts WHERE part = 1",
		"UPDATE attachment_parts SET part = 7 WHERE part = 1",
		"INSERT INTO attachment_parts SELECT attachment_id, 2, bytes FROM attachment_parts WHERE part = 1",
	} {
		t.Run(tamper, func(t *testing.T) {
			s := newStore(t)
			r := minimal(t, s, data.Commitment, "Maritime de-confliction")
			path, _ := file(t, "mou.pdf", partSize+10, "%PDF")
			r = attach(t, s, r, "mou.pdf", path)
			if _, err := s.db.Exec(tamper); err != nil {
				t.Fatal(err)
			}
			if _, err := opened(t, s, r, 0); !errors.Is(err, ErrAttachmentDamaged) {
				t.Errorf("opened: %v", err)
			}
			rep, err := s.Verify(ctx)
			if err != nil || rep.Intact || len(rep.Files) != 1 || !strings.Contains(rep.String(), "“mou.pdf” of Commitment “Maritime de-confliction”") {
				t.Errorf("verify: %s %v", rep, err)
			}
		})
	}
}

// A sealed workspace keeps each part sealed: the file never shows a file's
// bytes, unlocking reads none of them (a damaged part does not stop an
// unlock; opening that file is refused), and a new passphrase seals them
// again.
func TestASealedWorkspaceSealsItsFiles(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "desk.convenor")
	s, err := CreateSealed(path, "Desk", pass)
	if err != nil {
		t.Fatal(err)
	}
	s.User = "tester"
	r := minimal(t, s, data.Engagement, "Muscat round")
	src, want := file(t, "minutes.txt", partSize+500, "Minutes of the Muscat round, kept in confidence")
	r = attach(t, s, r, "minutes.txt", src)
	if got, err := opened(t, s, r, 0); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("opened in the sealed workspace: %v", err)
	}
	backup, err := s.BackupNow(ctx, 5)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if b, err := OpenSealed(ctx, backup, pass); err != nil {
		t.Fatal(err)
	} else {
		b.User = "tester"
		br, _ := b.Get(r.ID)
		if got, err := opened(t, b, br, 0); err != nil || !bytes.Equal(got, want) {
			t.Errorf("opened from a sealed backup: %v", err)
		}
		b.Close()
	}
	if b, _ := os.ReadFile(path); bytes.Contains(b, []byte("Muscat round, kept")) {
		t.Fatal("the sealed file shows the attached file's text")
	}
	if b, _ := os.ReadFile(path); bytes.Contains(b, []byte("minutes.txt")) {
		t.Fatal("the sealed file shows the attached file's name")
	}

	// A copy with one part moved over another.
	damaged := filepath.Join(t.TempDir(), "damaged.convenor")
	if b, err := os.ReadFile(path); err != nil || os.WriteFile(damaged, b, 0o600) != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite3", "file:"+damaged)
	if err != nil {
		t.Fatal(err)
	}
	_, err = raw.Exec("UPDATE vault_attachment_parts SET bytes = (SELECT bytes FROM vault_attachment_parts WHERE part = 0) WHERE part = 1")
	raw.Close()
	if err != nil {
		t.Fatal(err)
	}
	d, err := OpenSealed(ctx, damaged, pass)
	if err != nil {
		t.Fatalf("a damaged part stopped the unlock (parts are read on unlock?): %v", err)
	}
	d.User = "tester"
	dr, _ := d.Get(r.ID)
	if len(dr.Attachments) != 1 || dr.Attachments[0].Name != "minutes.txt" {
		t.Fatalf("after unlock: %+v", dr.Attachments)
	}
	if _, err := opened(t, d, dr, 0); !errors.Is(err, ErrAttachmentDamaged) {
		t.Errorf("a part moved to another place opened: %v", err)
	}
	if rep, _ := d.Verify(ctx); rep.Intact || len(rep.Files) != 1 {
		t.Errorf("verify: %s", rep)
	}
	d.Close()

	s, err = OpenSealed(ctx, path, pass)
	if err != nil {
		t.Fatal(err)
	}
	s.User = "tester"
	if err := s.ChangePassphrase(pass, "another long passphrase"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = OpenSealed(ctx, path, "another long passphrase")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.User = "tester"
	r, _ = s.Get(r.ID)
	if got, err := opened(t, s, r, 0); err != nil || !bytes.Equal(got, want) {
		t.Errorf("opened after a new passphrase: %v", err)
	}
	if rep, _ := s.Verify(ctx); !rep.Intact {
		t.Errorf("verify: %s", rep)
	}
}

// A backup holds the files; sealing a plain workspace seals them; a
// workspace open read-only cannot record an opening, so it refuses one.
func TestFilesGoWithBackupsAndSealing(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	r := minimal(t, s, data.Actor, "Omani intermediary")
	src, want := file(t, "letter.jpg", 3*partSize, "\xff\xd8\xff letter from the Omani intermediary")
	r = attach(t, s, r, "letter.jpg", src)
	if r.Attachments[0].Type != "image/jpeg" {
		t.Errorf("type %q", r.Attachments[0].Type)
	}
	backup, err := s.BackupNow(ctx, 5)
	if err != nil {
		t.Fatal(err)
	}
	path := s.Path()
	s.Close()

	ro, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := opened(t, ro, r, 0); err == nil || !strings.Contains(err.Error(), "open read-only") {
		t.Errorf("opened read-only: %v", err)
	}
	ro.Close()

	copied := filepath.Join(t.TempDir(), "from backup.convenor")
	if b, err := os.ReadFile(backup); err != nil || os.WriteFile(copied, b, 0o600) != nil {
		t.Fatal(err)
	}
	b, err := Open(ctx, copied)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := opened(t, b, r, 0); err != nil || !bytes.Equal(got, want) {
		t.Errorf("opened from a backup: %v", err)
	}
	b.Close()

	if _, err := SealWorkspace(ctx, path, pass); err != nil {
		t.Fatal(err)
	}
	if raw, _ := os.ReadFile(path); bytes.Contains(raw, []byte("letter from the Omani")) {
		t.Fatal("the sealed file shows the file's bytes")
	}
	sealed, err := OpenSealed(ctx, path, pass)
	if err != nil {
		t.Fatal(err)
	}
	defer sealed.Close()
	if got, err := opened(t, sealed, r, 0); err != nil || !bytes.Equal(got, want) {
		t.Errorf("opened once sealed: %v", err)
	}
	if rep, _ := sealed.Verify(ctx); !rep.Intact {
		t.Errorf("verify: %s", rep)
	}
}

// A file too large for the disk left: the save says the disk is full and
// the workspace is as it was, its trail intact.
func TestAttachingOnAFullDiskChangesNothing(t *testing.T) {
	dir := mountTmpfs(t, "3m")
	s, err := Create(filepath.Join(dir, "desk.convenor"), "desk")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.User = "tester"
	r := minimal(t, s, data.Engagement, "Muscat round")
	src, _ := file(t, "scan.pdf", 6*partSize, "%PDF")
	entries, _ := s.AuditCount()
	next := r.Clone()
	next.Attachments = []data.Attachment{{Name: "scan.pdf", From: src}}
	if err := s.Update(next); !errors.Is(err, data.ErrDiskFull) {
		t.Fatalf("attaching on a full disk: %v", err)
	}
	if n, _ := s.AuditCount(); n != entries {
		t.Errorf("%d entries written", n-entries)
	}
	if got, _ := s.Get(r.ID); len(got.Attachments) != 0 {
		t.Errorf("attached anyway: %+v", got.Attachments)
	}
	if n := count(t, s, "SELECT count(*) FROM attachment_parts"); n != 0 {
		t.Errorf("%d parts left", n)
	}
	if rep, err := s.Verify(context.Background()); err != nil || !rep.Intact {
		t.Errorf("verify: %s %v", rep, err)
	}
}
