// Command convenor is the Convenor desktop app. With a subcommand it works
// headless, for scripts and tests:
//
//	convenor [--workspace PATH]      open the app (first start: a demo workspace)
//	convenor check PATH              say whether PATH opens, and what it holds
//	convenor new [--demo] PATH       create a workspace file
//	convenor list KIND [--json] …    list one kind's records
//	convenor show KIND ID [--json]   print one record
//	convenor export KIND [--max-tlp L] JSON or CSV, labelled with its TLP
//	convenor verify PATH             integrity check and audit-chain check
//	convenor backup PATH [--to FILE] online backup (rotating, or to FILE)
//	convenor restore PATH [BACKUP]   list backups, or restore one
//	convenor seal PATH               give a workspace a passphrase
//
// A sealed workspace's passphrase is read from CONVENOR_PASSPHRASE.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"fyne.io/fyne/v2/app"

	"convenor/assets"
	"convenor/data"
	"convenor/ui"
)

func main() {
	if len(os.Args) > 1 {
		if cmd, ok := commands[os.Args[1]]; ok {
			os.Exit(cmd(os.Args[2:], os.Stdout, os.Stderr))
		}
	}
	fs := flag.NewFlagSet("convenor", flag.ExitOnError)
	workspace := fs.String("workspace", "", "workspace file to open, or to create empty if it does not exist")
	fs.Parse(os.Args[1:])

	a := app.NewWithID("io.convenor.desktop")
	a.SetIcon(assets.Icon)
	shell := ui.NewShell(a, dataDir())
	if *workspace != "" {
		shell.Open(*workspace, true, false)
	} else {
		// First start: a demo built from the article, in the user's data folder.
		shell.Open(defaultWorkspace(), true, true)
	}
	shell.Win.ShowAndRun()
}

// defaultWorkspace is the demo workspace made on first start.
func defaultWorkspace() string { return filepath.Join(dataDir(), "demo.convenor") }

// dataDir is the user's data folder for Convenor.
func dataDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && runtime.GOOS == "linux" {
		return filepath.Join(d, "convenor")
	}
	home, _ := os.UserHomeDir()
	switch runtime.GOOS {
	case "windows":
		if d := os.Getenv("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, "Convenor")
		}
	case "darwin":
		return filepath.Join(home, "Library", "Application Support", "Convenor")
	}
	return filepath.Join(home, ".local", "share", "convenor")
}

var commands = map[string]func(args []string, out, errOut io.Writer) int{
	"check":       check,
	"new":         newWorkspace,
	"list":        list,
	"show":        show,
	"export":      export,
	"open-export": openExport,
	"verify":      verify,
	"backup":      backup,
	"restore":     restore,
	"seal":        seal,
}

func check(args []string, out, errOut io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(errOut, "usage: convenor check PATH")
		return 2
	}
	if sealed, err := data.IsSealed(args[0]); err == nil && sealed && os.Getenv(passphraseEnv) == "" {
		// Without the passphrase there is still something to say.
		fmt.Fprintf(out, "%s: a sealed Convenor workspace, passes SQLite's quick check; set %s to see what it holds.\n", args[0], passphraseEnv)
		return 0
	}
	s, err := openReadOnly(args[0])
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	defer s.Close()
	counts, err := s.Counts()
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	fmt.Fprintf(out, "%s: a Convenor workspace, format %d, passes SQLite's quick check.\n", args[0], data.SchemaVersion)
	for _, k := range data.Kinds {
		fmt.Fprintf(out, "  %-14s %d\n", k.Plural, counts[k.Name])
	}
	return 0
}

func newWorkspace(args []string, out, errOut io.Writer) int {
	fs := flag.NewFlagSet("new", flag.ContinueOnError)
	fs.SetOutput(errOut)
	demo := fs.Bool("demo", false, "fill it with the demo built from the article")
	sealed := fs.Bool("sealed", false, "seal it with the passphrase in "+passphraseEnv)
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		fmt.Fprintln(errOut, "usage: convenor new [--demo] [--sealed] PATH")
		return 2
	}
	path := fs.Arg(0)
	name := "Convenor workspace"
	var s *data.Store
	var err error
	if *sealed {
		s, err = data.CreateSealed(path, name, os.Getenv(passphraseEnv))
	} else {
		s, err = data.Create(path, name)
	}
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	defer s.Close()
	if *demo {
		if err := data.FillDemo(s, time.Now()); err != nil {
			fmt.Fprintln(errOut, err)
			return 1
		}
	}
	fmt.Fprintf(out, "created %s\n", path)
	return 0
}
