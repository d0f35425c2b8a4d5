package interchange

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"convenor/data"
	"convenor/data/demo"
	"convenor/data/store"
)

// archived writes s's archive and reads it back.
func archived(t testing.TB, s *store.Store) (*Archive, []byte) {
	t.Helper()
	var b bytes.Buffer
	if _, err := WriteArchive(context.Background(), s, &b); err != nil {
		t.Fatal(err)
	}
	a, err := ReadArchive(bytes.NewReader(b.Bytes()), "")
	if err != nil {
		t.Fatal(err)
	}
	return a, b.Bytes()
}

// demoWithAFile is the demo, one engagement holding a file.
func demoWithAFile(t testing.TB) (*store.Store, *data.Record) {
	t.Helper()
	s := newStore(t)
	if err := demo.Fill(s, testNow); err != nil {
		t.Fatal(err)
	}
	recs, err := s.ListWithLinks(context.Background(), data.Query{Kind: data.Engagement, Limit: 1})
	if err != nil || len(recs) == 0 {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "readout.txt")
	os.WriteFile(path, []byte("Readout of the first call, 12 May.\n"), 0o600)
	r := recs[0]
	r.Attachments = append(r.Attachments, data.Attachment{Name: "readout.txt", From: path})
	if err := s.Update(r); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Get(r.ID)
	return s, got
}

func allRecords(t testing.TB, s *store.Store) map[string]*data.Record {
	t.Helper()
	out := map[string]*data.Record{}
	for _, k := range data.Kinds {
		recs, err := s.ListWithLinks(context.Background(), data.Query{Kind: k})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			out[r.ID] = r
		}
	}
	return out
}

// TestArchiveIntoAnEmptyWorkspaceReproducesIt: the same records to their
// states (ids, times, links, follow-ups, contact points, files), the same
// lists, and the old trail kept after a provenance entry in a new chain
// that verifies.
func TestArchiveIntoAnEmptyWorkspaceReproducesIt(t *testing.T) {
	src, withFile := demoWithAFile(t)
	a, _ := archived(t, src)
	dst := newStore(t)
	rep, err := RestoreArchive(context.Background(), dst, a, "/somewhere/desk.convenor-archive")
	if err != nil {
		t.Fatal(err)
	}
	want, got := allRecords(t, src), allRecords(t, dst)
	if len(got) != len(want) || rep.Added != len(want) || rep.History != len(a.Trail) {
		t.Fatalf("%d records restored of %d; report %+v", len(got), len(want), rep)
	}
	for id, w := range want {
		if g := got[id]; g == nil || g.State() != w.State() {
			t.Errorf("%s “%s” is not what it was", w.Kind.Label, w.Title)
		}
	}
	hist, _ := dst.History(withFile.ID)
	if len(hist) < 3 || hist[0].Action != "import" || hist[len(hist)-1].Action != "create" {
		t.Errorf("history of the engagement: %+v", hist)
	}
	var file bytes.Buffer
	if _, err := dst.OpenAttachment(context.Background(), withFile.ID, withFile.Attachments[0].ID, &file); err != nil || file.String() != "Readout of the first call, 12 May.\n" {
		t.Fatalf("the file: %q %v", file.String(), err)
	}
	if !slices.Equal(dst.Vocabulary().Offered(data.Initiative, data.Initiative.Field("model")), src.Vocabulary().Offered(data.Initiative, data.Initiative.Field("model"))) {
		t.Error("the workspace's own lists did not come with it")
	}
	log, _ := dst.AuditLog(context.Background(), 0, 1_000_000)
	prov := slices.IndexFunc(log, func(e data.AuditEntry) bool { return e.Action == "provenance" })
	if prov < 0 || !strings.Contains(log[prov].Title, "desk.convenor-archive") {
		t.Fatalf("no provenance entry naming the file")
	}
	if rep, err := dst.Verify(context.Background()); err != nil || !rep.Intact {
		t.Fatalf("the restored workspace does not verify: %s %v", rep, err)
	}
}

// TestArchiveMergesByIDAndKeepsBothWhenBothChanged: into a workspace that
// shares its past, a record only the archive changed is updated, one only
// the workspace changed is left, one both changed is kept twice and
// named, a new one is added.
func TestArchiveMergesByIDAndKeepsBothWhenBothChanged(t *testing.T) {
	src, _ := demoWithAFile(t)
	a, _ := archived(t, src)
	dst := newStore(t)
	if _, err := RestoreArchive(context.Background(), dst, a, "first.jsonl"); err != nil {
		t.Fatal(err)
	}
	risks, _ := src.ListWithLinks(context.Background(), data.Query{Kind: data.Risk, Sort: "title"})
	edit := func(s *store.Store, id, owner string) {
		r, err := s.Get(id)
		if err != nil {
			t.Fatal(err)
		}
		r.Values["owner"] = owner
		if err := s.Update(r); err != nil {
			t.Fatal(err)
		}
	}
	theirs, ours, both := risks[0].ID, risks[1].ID, risks[2].ID
	edit(src, theirs, "Secretariat (theirs)")
	edit(dst, ours, "Desk (ours)")
	edit(src, both, "Both: theirs")
	edit(dst, both, "Both: ours")
	added := minimal(t, src, data.Actor, "Oman")
	a, _ = archived(t, src)
	rep, err := RestoreArchive(context.Background(), dst, a, "second.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 1 || rep.Updated != 1 || rep.Older != 1 || len(rep.Conflicts) != 1 || rep.Conflicts[0].ID != both {
		t.Fatalf("report %+v", rep)
	}
	get := func(id string) *data.Record {
		r, err := dst.Get(id)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if get(theirs).Text("owner") != "Secretariat (theirs)" || get(ours).Text("owner") != "Desk (ours)" || get(both).Text("owner") != "Both: ours" {
		t.Error("a record was overwritten or not updated")
	}
	copyOf := get(rep.Conflicts[0].CopyID)
	if copyOf.Text("owner") != "Both: theirs" || !slices.Contains(copyOf.Tags, ConflictTag) {
		t.Errorf("the archive's version: %v %v", copyOf.Values, copyOf.Tags)
	}
	if _, err := dst.Get(added.ID); err != nil {
		t.Error("the new actor was not added")
	}
	if rep, err := dst.Verify(context.Background()); err != nil || !rep.Intact {
		t.Fatalf("after the merge: %s %v", rep, err)
	}
}

// TestArchivesRefusedWithAReason: sealed without the passphrase, a wrong
// one, a newer format, a file cut short, a damaged line: each said, the
// workspace untouched.
func TestArchivesRefusedWithAReason(t *testing.T) {
	src, _ := demoWithAFile(t)
	var sealedArchive bytes.Buffer
	if _, err := WriteArchiveSealed(context.Background(), src, &sealedArchive, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealedArchive.Bytes(), []byte("Islamabad")) {
		t.Fatal("the sealed archive holds plain text")
	}
	if _, err := ReadArchive(bytes.NewReader(sealedArchive.Bytes()), "correct horse battery"); err != nil {
		t.Fatalf("the right passphrase: %v", err)
	}
	_, plain := archived(t, src)
	lines := bytes.Split(bytes.TrimSuffix(plain, []byte("\n")), []byte("\n"))
	newer := bytes.Replace(plain, []byte(`"version":1`), []byte(`"version":7`), 1)
	damaged := bytes.Join(append(append([][]byte{}, lines[:3]...), append([][]byte{[]byte(`{"record":{"id":`)}, lines[4:]...)...), []byte("\n"))
	for name, c := range map[string]struct {
		b    []byte
		pass string
		want string
	}{
		"sealed, no passphrase": {sealedArchive.Bytes(), "", "this archive is sealed"},
		"wrong passphrase":      {sealedArchive.Bytes(), "wrong horse battery", "wrong passphrase"},
		"newer":                 {newer, "", "written by a newer version of Convenor (archive format 7"},
		"cut short":             {bytes.Join(lines[:len(lines)-5], []byte("\n")), "", "the archive is cut short"},
		"damaged line":          {damaged, "", "line 4 of the archive cannot be read"},
		"not an archive":        {[]byte("id,Name\n1,Iran\n"), "", "not a Convenor archive"},
	} {
		if _, err := ReadArchive(bytes.NewReader(c.b), c.pass); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestImportAndRestoreIntoASealedWorkspace: rows imported, and an archive
// restored (its files too), into a sealed workspace are sealed in the
// file like any other write: no text of them in it, all of it there
// after the workspace is closed and unlocked again, the trail intact.
func TestImportAndRestoreIntoASealedWorkspace(t *testing.T) {
	src, withFile := demoWithAFile(t)
	a, _ := archived(t, src)
	path := filepath.Join(t.TempDir(), "sealed.convenor")
	s, err := store.CreateSealed(path, "sealed", "workspace passphrase")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := RestoreArchive(context.Background(), s, a, "desk.convenor-archive"); err != nil {
		t.Fatal(err)
	}
	p := planFile(t, s, data.Signal, "incidents.csv", []byte("Headline,Date,Kind,Direction and severity\nTanker seized off Qeshm,2026-03-01,maritime,3\n"), nil)
	mustApply(t, s, p)
	s.Close()
	raw, _ := os.ReadFile(path)
	for _, secret := range append(secrets, "Qeshm", "Readout of the first call") {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("the sealed file holds %q in plain", secret)
		}
	}
	s, err = store.OpenSealed(context.Background(), path, "workspace passphrase")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := allRecords(t, s); len(got) != len(allRecords(t, src))+1 {
		t.Fatalf("%d records after unlocking", len(got))
	}
	var file bytes.Buffer
	if _, err := s.OpenAttachment(context.Background(), withFile.ID, withFile.Attachments[0].ID, &file); err != nil || !strings.HasPrefix(file.String(), "Readout") {
		t.Fatalf("the file after unlocking: %v", err)
	}
	if rep, err := s.Verify(context.Background()); err != nil || !rep.Intact {
		t.Fatalf("%s %v", rep, err)
	}
}
