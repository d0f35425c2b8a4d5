package viewing

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

func TestCopiesArePrivateAndWipedWhole(t *testing.T) {
	f := At(filepath.Join(t.TempDir(), "viewing"))
	var paths []string
	for _, name := range []string{"readout.pdf", "readout.pdf", "گزارش: دیدار?.txt", "..."} {
		w, err := f.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("confidential minutes"))
		w.Close()
		paths = append(paths, w.Name())
	}
	if filepath.Base(paths[2]) != "گزارش_ دیدار_.txt" || filepath.Base(paths[3]) != "attachment" || paths[0] == paths[1] {
		t.Errorf("names: %v", paths)
	}
	info, _ := os.Stat(f.Path())
	if info.Mode().Perm() != 0o700 {
		t.Errorf("folder mode %v", info.Mode().Perm())
	}
	if info, _ := os.Stat(paths[0]); info.Mode().Perm() != 0o600 {
		t.Errorf("copy mode %v", info.Mode().Perm())
	}
	// A copy still held open (a viewer) is overwritten before it goes.
	held, _ := os.Open(paths[0])
	defer held.Close()
	n, err := f.Wipe()
	if err != nil || n != 4 {
		t.Fatalf("wiped %d: %v", n, err)
	}
	left, _ := os.ReadDir(f.Path())
	if len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
	b := make([]byte, 20)
	held.Read(b)
	if !bytes.Equal(b, make([]byte, 20)) {
		t.Errorf("the removed copy still reads %q", b)
	}
	if n, err := At(filepath.Join(t.TempDir(), "never made")).Wipe(); n != 0 || err != nil {
		t.Errorf("wiping a folder never made: %d %v", n, err)
	}
}

func TestALinkPutInPlaceOfTheFolderIsRefused(t *testing.T) {
	dir := t.TempDir()
	elsewhere := t.TempDir()
	link := filepath.Join(dir, "viewing")
	if err := os.Symlink(elsewhere, link); err != nil {
		t.Skip(err)
	}
	if _, err := At(link).Create("x.pdf"); err == nil {
		t.Fatal("wrote a copy through a link")
	}
	if left, _ := os.ReadDir(elsewhere); len(left) != 0 {
		t.Errorf("wrote into the linked folder: %v", left)
	}
}

// At start, the copies of a Convenor that is gone (crashed, killed) are
// wiped; those of one still running are left to it.
func TestLeftoversOfAGoneConvenorAreSweptAtStart(t *testing.T) {
	base := t.TempDir()
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Skip(err)
	}
	write := func(f *Folder) string {
		w, err := f.Create("minutes.txt")
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("minutes"))
		w.Close()
		return w.Name()
	}
	dead := write(At(filepath.Join(base, strconv.Itoa(gone.Process.Pid))))
	alive := write(At(filepath.Join(base, strconv.Itoa(os.Getppid()))))
	own := write(ForThisProcess(base))
	n, err := SweepLeftovers(base)
	if err != nil || n != 2 {
		t.Fatalf("swept %d: %v", n, err)
	}
	for path, want := range map[string]bool{dead: false, own: false, alive: true} {
		if _, err := os.Stat(path); (err == nil) != want {
			t.Errorf("%s kept %v, want %v", path, err == nil, want)
		}
	}
}
