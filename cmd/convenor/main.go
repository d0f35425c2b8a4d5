// Command convenor is the Convenor desktop app. With a command it works
// headless, for scripts and tests; `convenor help` lists them all.
//
// A sealed workspace's passphrase is read from CONVENOR_PASSPHRASE.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"convenor/assets"
	"convenor/cmd/convenor/quietstart"
	"convenor/data"
	"convenor/data/anchor"
	"convenor/data/demo"
	"convenor/data/store"
	"convenor/data/viewing"
	"convenor/ui"
)

func main() {
	code, gui, workspace := dispatch(os.Args[1:], os.Stdout, os.Stderr)
	if !gui {
		os.Exit(code)
	}
	if why := noDisplay(); why != "" {
		fmt.Fprintln(os.Stderr, why)
		os.Exit(1)
	}
	quietstart.RestoreLog()
	os.MkdirAll(dataDir(), 0o700)
	crashes := collectCrashes(dataDir())
	defer recordCrashes(dataDir())()
	defer func() {
		// The display went away, its driver failed, or a bug: a sentence
		// and a report, not a lost stack trace.
		if r := recover(); r != nil {
			fmt.Fprintf(os.Stderr, "Convenor stopped: %v.\n", r)
			if report := reportPanic(dataDir(), r); report != "" {
				fmt.Fprintf(os.Stderr, "A report of where (without any record's contents) is in %s\n", report)
			}
			os.Exit(1)
		}
	}()
	a := app.NewWithID("io.convenor.desktop")
	a.SetIcon(assets.Icon)
	shell := ui.NewShell(a, dataDir())
	shell.Version = Version(a.Metadata().Version)
	if book, err := anchor.DefaultPath(); err == nil {
		shell.Anchors = book
	}
	// Plain copies of attached files left by a Convenor that crashed or
	// was killed go before anything else is shown; this one's go with it.
	if n, err := viewing.SweepLeftovers(viewing.DefaultPath()); n > 0 || err != nil {
		log.Printf("wiped %d copies of attached files left from an earlier run (%v)", n, err)
	}
	defer shell.Copies.Wipe()
	// Logging out or shutting down sends a signal, not a window close: the
	// workspace is closed (its copies wiped) and the app quits as if asked.
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-stop
		fyne.Do(func() { shell.CloseWorkspace(); a.Quit() })
	}()
	// Opening checks the whole file (and a large one takes a second or
	// two); it starts once the window is up, so as not to hold the window
	// back on two cores, and runs behind a progress dialog.
	a.Lifecycle().SetOnStarted(func() {
		if len(crashes) > 0 {
			shell.ReportCrashes(crashes)
		}
		if workspace != "" {
			shell.Open(workspace, true, false)
		} else {
			// First start: a demo built from the article, in the user's data
			// folder, which only its owner may read, and a word on what it is.
			if _, err := os.Stat(defaultWorkspace()); os.IsNotExist(err) {
				shell.FirstStart(defaultWorkspace())
			} else {
				shell.Open(defaultWorkspace(), true, true)
			}
		}
	})
	shell.Win.ShowAndRun()
}

// defaultWorkspace is the demo workspace made on first start.
func defaultWorkspace() string { return filepath.Join(dataDir(), "demo.convenor") }

// dataDir is the user's data folder for Convenor.
// (The book of audit-trail heads seen lives there too.)
func dataDir() string {
	book, err := anchor.DefaultPath()
	if err != nil {
		return "." // no home folder: beside where it was started
	}
	return filepath.Dir(book)
}

// workspaceFlag declares --workspace on a command.
func workspaceFlag(fs *flag.FlagSet, what string) *string {
	return fs.String("workspace", "", what)
}

// workspaceArg is the workspace a command works on: its PATH argument, or
// --workspace; without either it says so and returns "".
func workspaceArg(pos []string, ws string, errOut io.Writer) string {
	if len(pos) > 0 {
		return pos[0]
	}
	if ws == "" {
		fmt.Fprintln(errOut, "name the workspace file: convenor COMMAND FILE, or --workspace FILE")
	}
	return ws
}

// onWorkspace is the setup of a command whose one argument is the
// workspace, given as PATH or --workspace, and that has no other flags.
func onWorkspace(run func(path string, out, errOut io.Writer) int) func(*flag.FlagSet) func([]string, io.Writer, io.Writer) int {
	return func(fs *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
		ws := workspaceFlag(fs, "the workspace `file`, instead of PATH")
		return func(pos []string, out, errOut io.Writer) int {
			path := workspaceArg(pos, *ws, errOut)
			if path == "" {
				return 2
			}
			return run(path, out, errOut)
		}
	}
}

func init() {
	register(&command{
		name: "check", args: "PATH", maxArgs: 1,
		summary: "say whether a file opens as a workspace, and what it holds",
		example: "convenor check desk.convenor",
		env:     []string{passphraseEnv + ": the passphrase of a sealed workspace (without it, check says only that it is sealed)"},
		setup:   onWorkspace(check),
	})
	register(&command{
		name: "new", args: "PATH", minArgs: 1, maxArgs: 1,
		summary: "create a workspace file (never over an existing one)",
		example: "convenor new --demo desk.convenor",
		env:     []string{passphraseEnv + ": the passphrase of a sealed workspace"},
		setup: func(fs *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
			withDemo := fs.Bool("demo", false, "fill it with the demo built from the article")
			sealed := fs.Bool("sealed", false, "seal it with the passphrase in "+passphraseEnv)
			return func(pos []string, out, errOut io.Writer) int {
				return newWorkspace(pos[0], *withDemo, *sealed, out, errOut)
			}
		},
	})
}

func check(path string, out, errOut io.Writer) int {
	if sealed, err := store.IsSealed(ctx, path); err == nil && sealed && os.Getenv(passphraseEnv) == "" {
		// Without the passphrase there is still something to say.
		fmt.Fprintf(out, "%s: a sealed Convenor workspace, passes SQLite's quick check; set %s to see what it holds.\n", path, passphraseEnv)
		return 0
	}
	s, err := openReadOnly(path)
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	defer s.Close()
	counts, err := s.Counts(ctx)
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	fmt.Fprintf(out, "%s: a Convenor workspace, format %d, passes SQLite's quick check.\n", path, store.SchemaVersion)
	for _, k := range data.Kinds {
		fmt.Fprintf(out, "  %-14s %d\n", k.Plural, counts[k.Name])
	}
	return 0
}

func newWorkspace(path string, withDemo, sealed bool, out, errOut io.Writer) int {
	pass := ""
	if sealed {
		if pass = os.Getenv(passphraseEnv); pass == "" {
			fmt.Fprintf(errOut, "put the new workspace's passphrase in the %s environment variable\n", passphraseEnv)
			return 1
		}
	}
	var s *store.Store
	var err error
	if withDemo {
		s, err = store.CreateFilled(path, demo.Name, pass, func(s *store.Store) error { return demo.Fill(s, time.Now()) })
	} else {
		s, err = store.CreateFilled(path, "Convenor workspace", pass, nil)
	}
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	s.Close()
	fmt.Fprintf(out, "created %s\n", path)
	return 0
}
