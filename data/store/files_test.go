//go:build !windows

package store

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"convenor/data"
	"convenor/data/demo"
)

// names lists the files in dir (and one level of folders below it).
func names(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && p != dir {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, rel)
		}
		return nil
	})
	sort.Strings(out)
	return out
}

// oddNames are legal file names that mean something in a URI.
var oddNames = []string{
	"victim#2.convenor",
	"a b.convenor",
	"what?mode=memory.convenor",
	"100%25 sure.convenor",
	"a&b=c.convenor",
	"Islamabad اسلام‌آباد ירושלים.convenor",
	"#.convenor",
	"Ministry's desk.convenor",
	"-dash.convenor",
	"tab\tand\nnewline.convenor",
}

// TestEveryPathWorksForAnyLegalFileName: opening, creating, backing up
// (by hand and rotating), restoring and sealing a workspace under a name
// full of URI characters touch that file and its own companions, and
// never another database: "victim#2" once wrote over "victim".
func TestEveryPathWorksForAnyLegalFileName(t *testing.T) {
	for _, name := range oddNames {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			stem := strings.TrimSuffix(name, ".convenor")
			// Databases that a URI read wrongly would name instead.
			victims := []string{"victim", "a", "what", "100", "100%", "a&b=c", ""}
			for _, v := range victims {
				if v == "" {
					continue
				}
				vs, err := Create(filepath.Join(dir, v), "victim")
				if err != nil {
					t.Fatal(err)
				}
				vs.Close()
			}
			before := map[string][32]byte{}
			for _, v := range victims[:len(victims)-1] {
				before[v] = fileHash(t, filepath.Join(dir, v))
			}
			path := filepath.Join(dir, name)
			s, err := Create(path, stem)
			if err != nil {
				t.Fatal(err)
			}
			s.User = "tester"
			minimal(t, s, data.Actor, "Pakistan")
			if _, err := s.BackupNow(context.Background(), 3); err != nil {
				t.Fatalf("rotating backup: %v", err)
			}
			manual := filepath.Join(dir, "copy of "+name)
			if err := s.Backup(context.Background(), manual); err != nil {
				t.Fatalf("backup to %s: %v", manual, err)
			}
			s.Close()
			if _, err := Restore(context.Background(), path, manual); err != nil {
				t.Fatalf("restore: %v", err)
			}
			if _, err := SealWorkspace(context.Background(), path, "correct horse battery"); err != nil {
				t.Fatalf("seal: %v", err)
			}
			sealed, err := OpenSealed(context.Background(), path, "correct horse battery")
			if err != nil {
				t.Fatalf("open sealed: %v", err)
			}
			minimal(t, sealed, data.Actor, "Iran")
			if n := count(t, sealed, "SELECT count(*) FROM records"); n != 2 {
				t.Errorf("%d records after restore and seal, want 2", n)
			}
			if _, err := sealed.BackupNow(context.Background(), 3); err != nil {
				t.Fatalf("sealed backup: %v", err)
			}
			sealed.Close()
			ro, err := OpenSealedReadOnly(context.Background(), path, "correct horse battery")
			if err != nil {
				t.Fatalf("read-only: %v", err)
			}
			ro.Close()
			for v, h := range before {
				if fileHash(t, filepath.Join(dir, v)) != h {
					t.Errorf("working on %q changed the unrelated file %q", name, v)
				}
			}
			for _, n := range names(t, dir) {
				ok := n == name || n == "copy of "+name || strings.HasPrefix(n, stem+".backups") ||
					strings.HasPrefix(n, stem+".before-restore-") || contains(victims, n)
				if !ok {
					t.Errorf("unexpected file %q beside %q", n, name)
				}
			}
		})
	}
}

// deskWithAnActor creates desk.convenor, open, holding one actor.
func deskWithAnActor(t *testing.T) (dir, path string, s *Store) {
	t.Helper()
	dir = t.TempDir()
	path = filepath.Join(dir, "desk.convenor")
	s, err := Create(path, "desk")
	if err != nil {
		t.Fatal(err)
	}
	s.User = "tester"
	minimal(t, s, data.Actor, "Pakistan")
	return dir, path, s
}

// TestWorkspaceFilesAreTheirOwnersOnly: the workspace, its -wal and -shm,
// its backups (and their folder) and a restored file are 0600, whatever
// the umask; the modes are read, not inferred from a permission error
// (tests run as root, who would read them anyway).
func TestWorkspaceFilesAreTheirOwnersOnly(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir, path, s := deskWithAnActor(t)
	want := func(p string, mode os.FileMode) {
		t.Helper()
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != mode {
			t.Errorf("%s is %o, want %o", filepath.Base(p), fi.Mode().Perm(), mode)
		}
	}
	want(path, 0o600)
	want(path+"-wal", 0o600)
	want(path+"-shm", 0o600)
	b, err := s.BackupNow(context.Background(), 3)
	if err != nil {
		t.Fatal(err)
	}
	want(b, 0o600)
	want(BackupDir(path), 0o700)
	manual := filepath.Join(dir, "copy.convenor")
	if err := s.Backup(context.Background(), manual); err != nil {
		t.Fatal(err)
	}
	want(manual, 0o600)
	s.Close()
	if _, err := Restore(context.Background(), path, b); err != nil {
		t.Fatal(err)
	}
	want(path, 0o600)
	if _, err := SealWorkspace(context.Background(), path, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	want(path, 0o600)
	demoPath := filepath.Join(dir, "demo.convenor")
	ds, err := createDemo(demoPath, "", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	ds.Close()
	want(demoPath, 0o600)
}

// TestInterruptedWorkIsClearedOnTheNextOpen: what a killed backup, seal,
// restore or create leaves is removed by the next open that holds the
// writer lock; a backup's .partial still being written is left alone.
func TestInterruptedWorkIsClearedOnTheNextOpen(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "desk.convenor")
	s, err := Create(path, "desk")
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.BackupNow(context.Background(), 3)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	long := time.Now().Add(-time.Hour)
	left := []string{
		b + ".partial", path + ".sealing-1a2b3c4d", path + ".sealing-1a2b3c4d-wal",
		path + ".sealing-1a2b3c4d.creating-99887766", path + ".restoring", path + ".creating-0f0f0f0f",
	}
	for _, p := range left {
		if err := os.WriteFile(p, []byte("plain text left behind"), 0o600); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, long, long)
	}
	fresh := filepath.Join(BackupDir(path), "desk-now.convenor.partial")
	os.WriteFile(fresh, []byte("a backup under way"), 0o600)
	other := filepath.Join(dir, "desk2.convenor.restoring") // another workspace's
	os.WriteFile(other, nil, 0o600)

	s, err = Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	for _, p := range left {
		if fileExists(p) {
			t.Errorf("%s was left behind", filepath.Base(p))
		}
	}
	if !fileExists(fresh) || !fileExists(other) {
		t.Error("a backup under way, or another workspace's file, was removed")
	}
}

// TestAKilledCreateIsClearedByTheNextCreate: a create that never finished
// leaves no workspace to open, so the next create of that name clears it.
func TestAKilledCreateIsClearedByTheNextCreate(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "desk.convenor")
	left := path + ".creating-0badf00d"
	os.WriteFile(left, []byte("half a workspace"), 0o600)
	long := time.Now().Add(-time.Hour)
	os.Chtimes(left, long, long)
	s, err := Create(path, "desk")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if got := names(t, dir); len(got) != 1 {
		t.Errorf("after creating: %v", got)
	}
}

// TestBackupSealAndRestoreOnAFullDiskLeaveTheWorkspaceAsItWas: each needs
// room for a whole copy; without it each fails saying the disk is full,
// leaves no temporary file, and the workspace opens and verifies as before.
func TestBackupSealAndRestoreOnAFullDiskLeaveTheWorkspaceAsItWas(t *testing.T) {
	src := filepath.Join(t.TempDir(), "desk.convenor")
	s, err := createDemo(src, "", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	fi, _ := os.Stat(src)
	dir := mountTmpfs(t, strconv.Itoa(int(fi.Size())*3/2/1024)+"k")
	path := filepath.Join(dir, "desk.convenor")
	if err := copyFile(src, path); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(filepath.Dir(src), "backup.convenor")
	copyFile(src, backup)
	h := fileHash(t, path)
	s, err = Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.BackupNow(context.Background(), 3); !isDiskFull(err) {
		t.Errorf("backup on a full disk: %v", err)
	}
	s.Close()
	if _, err := SealWorkspace(context.Background(), path, "correct horse battery"); !errors.Is(err, data.ErrDiskFull) {
		t.Errorf("seal on a full disk: %v", err)
	}
	if _, err := Restore(context.Background(), path, backup); !isDiskFull(err) {
		t.Errorf("restore on a full disk: %v", err)
	}
	for _, n := range names(t, dir) {
		if n != "desk.convenor" && n != "desk.backups" {
			t.Errorf("left behind on a full disk: %s", n)
		}
	}
	if fileHash(t, path) != h {
		t.Error("the workspace changed")
	}
	r, err := OpenReadOnly(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if n, _ := r.Count(context.Background(), data.Query{Kind: data.Actor}); n != 17 {
		t.Errorf("%d actors", n)
	}
	if rep, err := r.Verify(context.Background()); err != nil || !rep.Intact {
		t.Errorf("%v %v", rep, err)
	}
}

// TestOneWriterPerFileNotPerName: a second writer reaching the workspace
// through a symlink or a hard link is told it is in use.
func TestOneWriterPerFileNotPerName(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "desk.convenor")
	for _, sealed := range []bool{false, true} {
		os.Remove(path)
		var s *Store
		var err error
		open := func(p string) (*Store, error) { return Open(context.Background(), p) }
		if sealed {
			s, err = CreateSealed(path, "desk", "correct horse battery")
			open = func(p string) (*Store, error) { return OpenSealed(context.Background(), p, "correct horse battery") }
		} else {
			s, err = Create(path, "desk")
		}
		if err != nil {
			t.Fatal(err)
		}
		sym, hard := filepath.Join(dir, "sym.convenor"), filepath.Join(dir, "hard.convenor")
		os.Remove(sym)
		os.Remove(hard)
		if err := os.Symlink(path, sym); err != nil {
			t.Fatal(err)
		}
		if err := os.Link(path, hard); err != nil {
			t.Fatal(err)
		}
		for _, alias := range []string{sym, hard} {
			if second, err := open(alias); !errors.Is(err, data.ErrInUse) {
				if second != nil {
					second.Close()
				}
				t.Errorf("sealed=%v: a second writer through %s: %v, want in use", sealed, filepath.Base(alias), err)
			}
		}
		s.Close()
		again, err := open(sym)
		if err != nil {
			t.Fatalf("sealed=%v: once closed, the link opens: %v", sealed, err)
		}
		again.Close()
	}
}

// mountTmpfs mounts a small tmpfs for the test, or skips it saying why.
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size+",mode=0700", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("SKIPPED: this machine cannot mount a tmpfs (%v: %s); the seam tests still run", err, strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	return dir
}

// TestNewWorkspaceOnAFullDiskAppearsWholeOrNotAtAll: on disks too small by
// every margin, creating an empty or a demo workspace either succeeds with
// a file that opens whole, or fails saying the disk is full and leaves
// nothing behind.
func TestNewWorkspaceOnAFullDiskAppearsWholeOrNotAtAll(t *testing.T) {
	probe := mountTmpfs(t, "1m")
	exec.Command("umount", probe).Run()
	// An empty workspace needs a few hundred KiB; filling the demo grows
	// the write-ahead log to about 4 MiB before SQLite folds it back.
	type trial struct {
		kb   int
		demo bool
	}
	var trials []trial
	for kb := 32; kb <= 1400; kb += 24 {
		trials = append(trials, trial{kb, false})
	}
	for kb := 3600; kb <= 5200; kb += 40 {
		trials = append(trials, trial{kb, true})
	}
	fails, wholes := map[bool]int{}, map[bool]int{}
	for _, tr := range trials {
		kb, demo := tr.kb, tr.demo
		dir := mountTmpfs(t, strconv.Itoa(kb)+"k")
		func() {
			defer exec.Command("umount", dir).Run()
			path := filepath.Join(dir, "new.convenor")
			var s *Store
			var err error
			if demo {
				s, err = createDemo(path, "", time.Now())
			} else {
				s, err = Create(path, "new")
			}
			if err != nil {
				fails[demo]++
				if !errors.Is(err, data.ErrDiskFull) {
					t.Errorf("%d KiB, demo=%v: %v, want a full disk", kb, demo, err)
				}
				if left := names(t, dir); len(left) > 0 {
					t.Errorf("%d KiB, demo=%v: a failed create left %v", kb, demo, left)
				}
				return
			}
			wholes[demo]++
			s.Close()
			r, err := OpenReadOnly(context.Background(), path)
			if err != nil {
				t.Fatalf("%d KiB, demo=%v: created but does not open: %v", kb, demo, err)
			}
			defer r.Close()
			want := 0
			if demo {
				want = 17
			}
			if n, _ := r.Count(context.Background(), data.Query{Kind: data.Actor}); n != want {
				t.Errorf("%d KiB, demo=%v: %d actors, want %d", kb, demo, n, want)
			}
			if rep, err := r.Verify(context.Background()); err != nil || !rep.Intact {
				t.Errorf("%d KiB, demo=%v: audit trail: %v %v", kb, demo, rep, err)
			}
		}()
	}
	for _, demo := range []bool{false, true} {
		if fails[demo] == 0 || wholes[demo] == 0 {
			t.Errorf("demo=%v: %d failed and %d succeeded: the sizes do not straddle a full disk", demo, fails[demo], wholes[demo])
		}
	}
}

// TestAWriteThatFailsWhileCreatingLeavesNothing is the full disk seen
// through a seam every machine has: SQLite's page limit makes the demo's
// writes fail with SQLite's own "database or disk is full" part-way.
func TestAWriteThatFailsWhileCreatingLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "demo.convenor")
	for _, pages := range []int{40, 60, 90} {
		_, err := CreateFilled(path, "demo", "", func(s *Store) error {
			if _, err := s.db.Exec("PRAGMA max_page_count = " + strconv.Itoa(pages)); err != nil {
				return err
			}
			return demo.Fill(s, time.Now())
		})
		if !errors.Is(err, data.ErrDiskFull) {
			t.Errorf("%d pages: %v, want a full disk", pages, err)
		}
		if left := names(t, dir); len(left) > 0 {
			t.Fatalf("%d pages: a failed create left %v", pages, left)
		}
	}
}

// TestReadOnlyFilesAreReadAndNeverReplaced: a workspace whose permissions
// say read-only is read by every reader and leaves nothing beside it; it
// is not opened for writing, sealed or restored over, and says why.
func TestReadOnlyFilesAreReadAndNeverReplaced(t *testing.T) {
	dir, path, s := deskWithAnActor(t)
	b, _ := s.BackupNow(context.Background(), 3)
	s.Close()
	os.Chmod(path, 0o444)
	h := fileHash(t, path)
	before := names(t, dir)

	r, err := OpenReadOnly(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := r.Count(context.Background(), data.Query{Kind: data.Actor}); n != 1 {
		t.Errorf("read %d actors", n)
	}
	if problems, err := r.IntegrityCheck(context.Background()); err != nil || len(problems) > 0 {
		t.Errorf("integrity: %v %v", problems, err)
	}
	r.Close()
	if _, err := IsSealed(context.Background(), path); err != nil {
		t.Error(err)
	}
	if _, err := Open(context.Background(), path); !errors.Is(err, data.ErrReadOnly) || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("open for writing: %v", err)
	}
	if _, err := SealWorkspace(context.Background(), path, "correct horse battery"); !errors.Is(err, data.ErrReadOnly) {
		t.Errorf("seal: %v", err)
	}
	if _, err := Restore(context.Background(), path, b); !errors.Is(err, data.ErrReadOnly) {
		t.Errorf("restore: %v", err)
	}
	if fileHash(t, path) != h {
		t.Error("the read-only file changed")
	}
	if after := names(t, dir); strings.Join(after, "|") != strings.Join(before, "|") {
		t.Errorf("files beside it changed:\n%v\n%v", before, after)
	}
}

// TestADamagedFileIsRefusedWithoutLeavingFilesBesideIt: looking at a
// damaged file creates no -wal or -shm.
func TestADamagedFileIsRefusedWithoutLeavingFilesBesideIt(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "desk.convenor")
	s, err := createDemo(path, "", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	f, _ := os.OpenFile(path, os.O_RDWR, 0)
	f.WriteAt([]byte(strings.Repeat("\xff", 4096)), 8192)
	f.Close()
	if _, err := IsSealed(context.Background(), path); !errors.Is(err, data.ErrDamaged) {
		t.Errorf("damaged file: %v", err)
	}
	OpenReadOnly(context.Background(), path)
	if got := names(t, dir); len(got) != 1 {
		t.Errorf("files beside a damaged file: %v", got)
	}
}

// TestAReadOnlyDiskIsReadAndWritingSaysWhy: on a file system mounted
// read-only the workspace is read; opening it for writing or creating one
// there says the folder is read-only.
func TestAReadOnlyDiskIsReadAndWritingSaysWhy(t *testing.T) {
	dir := mountTmpfs(t, "16m")
	path := filepath.Join(dir, "desk.convenor")
	s, err := createDemo(path, "", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if out, err := exec.Command("mount", "-o", "remount,ro", dir).CombinedOutput(); err != nil {
		t.Skipf("SKIPPED: cannot remount read-only (%v: %s)", err, out)
	}
	r, err := OpenReadOnly(context.Background(), path)
	if err != nil {
		t.Fatalf("reading from a read-only disk: %v", err)
	}
	if n, _ := r.Count(context.Background(), data.Query{Kind: data.Actor}); n != 17 {
		t.Errorf("read %d actors", n)
	}
	r.Close()
	if _, err := Open(context.Background(), path); !errors.Is(err, data.ErrReadOnly) || !strings.Contains(err.Error(), "folder") {
		t.Errorf("writing on a read-only disk: %v", err)
	}
	if _, err := Create(filepath.Join(dir, "new.convenor"), "new"); !errors.Is(err, data.ErrReadOnly) {
		t.Errorf("creating on a read-only disk: %v", err)
	}
	if _, err := BackupFile(context.Background(), path, "", 3); err == nil {
		t.Error("a backup into a read-only folder said it worked")
	}
}

// TestASealedWorkspaceIsGuardedLikeAPlainOne: its writing open clears what
// a killed backup left and refuses a file whose permissions say read-only.
func TestASealedWorkspaceIsGuardedLikeAPlainOne(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sealed.convenor")
	s, err := CreateSealed(path, "desk", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.BackupNow(context.Background(), 3)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	left := b + ".partial"
	os.WriteFile(left, []byte("half a backup"), 0o600)
	long := time.Now().Add(-time.Hour)
	os.Chtimes(left, long, long)
	if s, err = OpenSealed(context.Background(), path, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if fileExists(left) {
		t.Error("a killed backup's .partial was left beside a sealed workspace")
	}
	os.Chmod(path, 0o444)
	if _, err := OpenSealed(context.Background(), path, "correct horse battery"); !errors.Is(err, data.ErrReadOnly) {
		t.Errorf("a read-only sealed file opened for writing: %v", err)
	}
	r, err := OpenSealedReadOnly(context.Background(), path, "correct horse battery")
	if err != nil {
		t.Fatalf("a read-only sealed file cannot be read: %v", err)
	}
	r.Close()
}
