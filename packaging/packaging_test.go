// Package packaging holds what scripts/package builds installers from; its
// test checks the packages in dist/ when they have been built and the
// tools that read them are here (it skips, saying so, otherwise).
package packaging

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func built(t *testing.T, pattern string, tools ...string) string {
	t.Helper()
	found, _ := filepath.Glob(filepath.Join("..", "dist", pattern))
	if len(found) == 0 {
		t.Skipf("SKIPPED: no dist/%s (scripts/package builds it)", pattern)
	}
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("SKIPPED: %s is not installed", tool)
		}
	}
	return found[len(found)-1]
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

// The .deb holds the binary, its desktop entry and file type, icons in
// every hicolor size, a man page, a changelog, and a copyright file naming
// every Go module linked in; it depends on the GL and X libraries.
func TestTheDebianPackage(t *testing.T) {
	deb := built(t, "convenor_*_amd64.deb", "dpkg-deb")
	files := run(t, "dpkg-deb", "--contents", deb)
	for _, want := range []string{"./usr/bin/convenor", "./usr/share/applications/convenor.desktop", "./usr/share/mime/packages/convenor.xml",
		"./usr/share/man/man1/convenor.1.gz", "./usr/share/doc/convenor/copyright", "./usr/share/doc/convenor/changelog.gz"} {
		if !strings.Contains(files, want) {
			t.Errorf("the package lacks %s", want)
		}
	}
	for _, size := range []string{"16", "24", "32", "48", "64", "128", "256", "512"} {
		if !strings.Contains(files, "./usr/share/icons/hicolor/"+size+"x"+size+"/apps/convenor.png") {
			t.Errorf("no %s-pixel icon", size)
		}
	}
	control := run(t, "dpkg-deb", "--field", deb, "Depends", "Version")
	if !strings.Contains(control, "libgl1") || !strings.Contains(control, "libx11-6") || !strings.Contains(control, "libc6") {
		t.Errorf("depends on: %s", control)
	}
	version := regexp.MustCompile(`(?m)^\s*Version\s*=\s*"(.*)"`).FindStringSubmatch(readFile(t, "../FyneApp.toml"))
	if version == nil || !strings.Contains(control, "Version: "+version[1]) {
		t.Errorf("the package's version: %s (FyneApp.toml: %v)", control, version)
	}
	dir := t.TempDir()
	run(t, "dpkg-deb", "--extract", deb, dir)
	copyright := readFile(t, filepath.Join(dir, "usr/share/doc/convenor/copyright"))
	for _, module := range []string{"fyne.io/fyne/v2", "github.com/mattn/go-sqlite3", "gonum.org/v1/gonum", "golang.org/x/crypto", "OFL-1.1"} {
		if !strings.Contains(copyright, module) {
			t.Errorf("the copyright file does not name %s", module)
		}
	}
	if out, err := exec.Command(filepath.Join(dir, "usr/bin/convenor"), "--version").Output(); err != nil || !strings.Contains(string(out), "Convenor "+version[1]) {
		t.Errorf("the packaged binary says %q (%v)", out, err)
	}
	if _, err := exec.LookPath("desktop-file-validate"); err == nil {
		run(t, "desktop-file-validate", filepath.Join(dir, "usr/share/applications/convenor.desktop"))
	}
}

// The MSI has its Start-menu shortcut, the upgrade code that lets a newer
// MSI replace it, and the .convenor file type.
func TestTheWindowsInstaller(t *testing.T) {
	msi := built(t, "Convenor-*-x64.msi", "msiinfo")
	tables := run(t, "msiinfo", "tables", msi)
	for _, table := range []string{"Shortcut", "Upgrade", "Registry", "Icon"} {
		if !regexp.MustCompile(`(?m)^` + table + `$`).MatchString(tables) {
			t.Errorf("no %s table: %s", table, tables)
		}
	}
	if sc := run(t, "msiinfo", "export", msi, "Shortcut"); !strings.Contains(sc, "Convenor") {
		t.Errorf("the shortcut: %s", sc)
	}
	if up := run(t, "msiinfo", "export", msi, "Upgrade"); !strings.Contains(strings.ToUpper(up), "6A993FE6-02F1-49C3-93B3-5AB3F766C3A5") {
		t.Errorf("the upgrade code: %s", up)
	}
	reg := run(t, "msiinfo", "export", msi, "Registry")
	if !strings.Contains(reg, ".convenor") || !strings.Contains(reg, `Convenor.Workspace\shell\open\command`) {
		t.Errorf("the .convenor file type: %s", reg)
	}
	exe := built(t, "Convenor-*.exe", "file")
	if f := run(t, "file", exe); !strings.Contains(f, "PE32+ executable (GUI) x86-64") {
		t.Errorf("the executable: %s", f)
	}
	// Under Wine, when scripts/package could prepare a prefix for it
	// (dist/.wineprefix).
	prefix, _ := filepath.Abs(filepath.Join("..", "dist", ".wineprefix"))
	if _, err := exec.LookPath("wine"); err != nil {
		t.Log("Wine is not installed: the executable was not started")
		return
	}
	if _, err := os.Stat(filepath.Join(prefix, "drive_c", "windows", "system32", "bcryptprimitives.dll")); err != nil {
		t.Log("no Wine prefix in dist/.wineprefix: the executable was not started")
		return
	}
	cmd := exec.Command("wine", exe, "--version")
	cmd.Env = append(os.Environ(), "WINEPREFIX="+prefix, "WINEDEBUG=-all")
	out, err := cmd.Output()
	version := regexp.MustCompile(`(?m)^\s*Version\s*=\s*"(.*)"`).FindStringSubmatch(readFile(t, "../FyneApp.toml"))
	if err != nil || !strings.Contains(string(out), "Convenor "+version[1]+" (go") || !strings.Contains(string(out), "windows/amd64") {
		t.Errorf("wine Convenor.exe --version: %q %v", out, err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
