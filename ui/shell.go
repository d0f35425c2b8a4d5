package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
	"convenor/data/demo"
	"convenor/data/store"
	"convenor/data/viewing"
)

// Shell owns the main window and the open workspace: it opens, creates and
// switches workspace files, and shows why a file was refused.
type Shell struct {
	App   fyne.App
	Win   fyne.Window
	Store *store.Store
	Bench *Workbench
	// DefaultDir is where new workspaces are proposed.
	DefaultDir string
	// Copies is the private folder of files opened for viewing.
	Copies *viewing.Folder

	stopBackups func()          // stops the timer and waits for a backup under way
	stopIdle    func()          // stops the idle-lock watch
	unlock      *unlockState    // the unlock screen, while shown
	settings    []*widget.Entry // the settings dialog's fields, for tests
	backups     sync.WaitGroup  // the backup goroutine
	lastCheck   checkResult     // for tests
	about       *widget.Label   // the About dialog's text, for tests
	joinOpen    *joinForm       // the Join dialog, for tests
	welcomed    dialog.Dialog   // the first start's welcome, for tests
	working     atomic.Int32    // busy work not yet done, for tests
	// Anchors is the book of audit-trail heads seen on this machine
	// (data/anchor); empty, nothing is checked or noted.
	Anchors string
	// Version is the release the About dialog names (convenor --version).
	Version string
	// ctx lasts as long as the window; long reads and writes run under it.
	ctx  context.Context
	quit context.CancelFunc
}

// NewShell makes the main window with its menus.
func NewShell(a fyne.App, defaultDir string) *Shell {
	a.Settings().SetTheme(Theme())
	s := &Shell{App: a, Win: a.NewWindow("Convenor"), DefaultDir: defaultDir, Copies: viewing.ForThisProcess(viewing.DefaultPath())}
	s.ctx, s.quit = context.WithCancel(context.Background())
	s.Win.Resize(windowSize(a))
	s.setMenu()
	// Closing asks about unsaved changes first, and remembers the size.
	s.Win.SetCloseIntercept(func() {
		closeNow := func() {
			saveWindowSize(a, s.Win.Canvas().Size())
			s.quit() // stops whatever still reads the workspace
			s.Win.Close()
		}
		if s.Bench != nil {
			s.Bench.leave(closeNow, nil)
			return
		}
		closeNow()
	})
	s.Win.SetOnClosed(s.closeStore)
	return s
}

// guard runs next once the open form's unsaved changes are dealt with.
func (s *Shell) guard(next func()) {
	if s.Bench != nil {
		s.Bench.leave(next, nil)
		return
	}
	next()
}

func (s *Shell) setMenu() {
	items := []*fyne.MenuItem{
		fyne.NewMenuItem("Open workspace…", func() { s.guard(s.askOpen) }),
		fyne.NewMenuItem("New empty workspace…", func() { s.guard(func() { s.askCreate(false) }) }),
		fyne.NewMenuItem("New demo workspace…", func() { s.guard(func() { s.askCreate(true) }) }),
	}
	items = append(items, s.trustMenuItems()...)
	onBench := func(fn func(*Workbench)) func() {
		return func() {
			if s.Bench != nil {
				fn(s.Bench)
			}
		}
	}
	items = append(items, fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Import…", onBench((*Workbench).askImport)),
		fyne.NewMenuItem("Export…", onBench((*Workbench).askExport)),
		fyne.NewMenuItem("Briefing…", onBench((*Workbench).askBriefing)),
		fyne.NewMenuItem("Archive the whole workspace…", onBench((*Workbench).askArchive)),
		fyne.NewMenuItem("Restore from an archive…", onBench((*Workbench).askRestoreArchive)))
	items = append(items, fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Share…", onBench((*Workbench).askShare)),
		fyne.NewMenuItem("Join…", func() { s.guard(s.askJoin) }),
		fyne.NewMenuItem("Members…", onBench((*Workbench).showMembers)),
		fyne.NewMenuItem("Conflicts…", onBench((*Workbench).showConflicts)))
	items = append(items, fyne.NewMenuItemSeparator(), fyne.NewMenuItem("Vocabularies…", func() {
		if s.Bench != nil {
			s.Bench.showVocabularies()
		}
	}), fyne.NewMenuItem("Settings…", s.showSettings))
	menus := []*fyne.Menu{fyne.NewMenu("Workspace", items...)}
	if s.Bench != nil {
		menus = append(menus, s.Bench.Menu())
	}
	menus = append(menus, fyne.NewMenu("Help", fyne.NewMenuItem("About Convenor", s.showAbout)))
	s.Win.SetMainMenu(fyne.NewMainMenu(menus...))
}

// Open opens (or, when create is set and there is no file, creates) the
// workspace at path and shows it; a refused file is explained on screen
// and left untouched. Opening checks the file, which takes a moment on a
// large workspace, so it runs behind a progress dialog.
func (s *Shell) Open(path string, create, demo bool) { s.openThen(path, create, demo, nil) }

// openThen opens like Open, then calls then (if set) on the UI goroutine
// once the workspace is shown, locked or refused.
func (s *Shell) openThen(path string, create, demo bool, then func()) {
	var st *store.Store
	created := false
	s.busy("Opening "+filepath.Base(path)+"…", func() (err error) {
		if _, statErr := os.Stat(path); create && errors.Is(statErr, os.ErrNotExist) {
			created = true
			st, err = s.create(path, demo, "")
		} else {
			st, err = store.Open(s.ctx, path)
		}
		return err
	}, func(err error) {
		switch {
		case errors.Is(err, data.ErrNeedsPassphrase):
			s.closeStore()
			s.showUnlock(path, "Enter its passphrase to open it. The records are encrypted\nin the file and read into memory only while it is open.")
		case err != nil:
			s.showRefused(path, err)
		default:
			s.use(st)
			s.noteAnchor(st, !created)
		}
		if then != nil {
			then()
		}
	})
}

// createDemo makes a workspace holding the demo built from the article.
func createDemo(path, passphrase string) (*store.Store, error) {
	return store.CreateFilled(path, demo.Name, passphrase, func(s *store.Store) error { return demo.Fill(s, time.Now()) })
}

// create makes a workspace, sealed when a passphrase is given. A demo is
// filled before the file takes its name, so it appears whole or not at all.
func (s *Shell) create(path string, withDemo bool, passphrase string) (*store.Store, error) {
	if withDemo {
		return createDemo(path, passphrase)
	}
	return store.CreateFilled(path, strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)), passphrase, nil)
}

func (s *Shell) use(st *store.Store) {
	s.closeStore()
	s.Store = st
	s.Bench = NewWorkbench(s.App, s.Win, st)
	s.Bench.copies = s.Copies
	s.unlock = nil
	s.setMenu()
	if err := s.Bench.startTeam(); err != nil {
		dialog.ShowError(fmt.Errorf("the team workspace cannot be synchronised: %w", err), s.Win)
	}
	s.startBackups(st)
	s.stopIdle = s.watchIdle(st)
}

// CloseWorkspace closes the open workspace, as closing the window does.
func (s *Shell) CloseWorkspace() { s.closeStore() }

// closeStore stops the backup timer and closes the open workspace.
func (s *Shell) closeStore() {
	if s.stopIdle != nil {
		s.stopIdle()
		s.stopIdle = nil
	}
	if s.stopBackups != nil {
		s.stopBackups()
		s.stopBackups = nil
	}
	if s.Bench != nil {
		s.Bench.close()
	}
	if s.Store != nil {
		s.Store.Close()
		s.Store = nil
	}
	// Plain copies of files opened for viewing go with the workspace.
	if _, err := s.Copies.Wipe(); err != nil {
		fyne.LogError("wiping the copies of files opened for viewing", err)
	}
}

// showRefused replaces the window's content with the reason a file could
// not be opened and the ways forward.
func (s *Shell) showRefused(path string, err error) {
	if s.Store != nil {
		// Keep the workspace that is open; just say why the other was refused.
		dialog.ShowError(err, s.Win)
		return
	}
	msg := widget.NewLabel(err.Error() + "\n\nThe file has not been changed.")
	msg.Wrapping = fyne.TextWrapWord
	heading := widget.NewLabelWithStyle("This workspace could not be opened", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	open := widget.NewButton("Open another workspace…", s.askOpen)
	create := widget.NewButton("Create a new empty workspace…", func() { s.askCreate(false) })
	quit := widget.NewButton("Quit", s.App.Quit)
	buttons := container.NewHBox(open, create, quit)
	if b := s.restoreLatestButton(path, err); b != nil {
		buttons.Objects = append([]fyne.CanvasObject{b}, buttons.Objects...)
	}
	s.Win.SetContent(container.NewPadded(container.NewVBox(heading, msg, buttons)))
	s.Win.SetTitle("Convenor")
}

func (s *Shell) askOpen() {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil || rc == nil {
			return
		}
		path := rc.URI().Path()
		rc.Close()
		s.Open(path, false, false)
	}, s.Win)
	d.Show()
}

// askCreate asks for the new file's path. It does not use the save dialog,
// which would create or truncate the file before Convenor could refuse an
// existing one.
func (s *Shell) askCreate(demo bool) {
	path := widget.NewEntry()
	path.SetText(filepath.Join(s.DefaultDir, "new-workspace.convenor"))
	path.Validator = func(p string) error {
		if !strings.HasSuffix(p, ".convenor") {
			return errors.New("the file name must end in .convenor")
		}
		if _, err := os.Stat(p); err == nil {
			return errors.New("a file of that name exists; Convenor never overwrites one")
		}
		return nil
	}
	browse := widget.NewButton("Folder…", func() {
		dialog.ShowFolderOpen(func(u fyne.ListableURI, err error) {
			if err == nil && u != nil {
				path.SetText(filepath.Join(u.Path(), filepath.Base(path.Text)))
			}
		}, s.Win)
	})
	title := "New empty workspace"
	if demo {
		title = "New demo workspace"
	}
	protect := widget.NewCheck("Protect with a passphrase (encrypts the file)", nil)
	pass, passItems := passphraseItems(func() bool { return protect.Checked })
	items := append([]*widget.FormItem{widget.NewFormItem("File", container.NewBorder(nil, nil, nil, browse, path)),
		widget.NewFormItem("", protect)}, passItems...)
	var d *dialog.FormDialog
	protect.OnChanged = func(bool) { pass.Validate(); d.Refresh() }
	d = dialog.NewForm(title, "Create", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		passphrase := ""
		if protect.Checked {
			passphrase = pass.Text
		}
		st, err := s.create(path.Text, demo, passphrase)
		if err != nil {
			dialog.ShowError(err, s.Win)
			return
		}
		s.use(st)
		s.noteAnchor(st, false)
	}, s.Win)
	d.Resize(fyne.NewSize(640, 360))
	d.Show()
}

// showAbout says which Convenor this is and where it keeps its own files.
func (s *Shell) showAbout() {
	version := s.Version
	if version == "" {
		version = "development build"
	}
	text := widget.NewLabel(fmt.Sprintf("Convenor %s\n\nA workbench for quiet diplomacy: records of track-two dialogues\nand back-channel contacts, kept in one file per workspace.\n\n"+
		"It opens no network connection.\nIts own files (the demo, the audit-trail heads seen) are in\n%s\n\nBuilt with Go %s, Fyne, SQLite and gonum; their licences are listed\nin the package's copyright file.",
		version, s.DefaultDir, strings.TrimPrefix(runtime.Version(), "go")))
	s.about = text
	dialog.ShowCustom("About Convenor", "Close", text, s.Win)
}

// ReportCrashes says that an earlier run stopped unexpectedly, and where
// its reports are, which hold where it stopped and none of its records.
func (s *Shell) ReportCrashes(paths []string) {
	dialog.ShowInformation("Convenor stopped unexpectedly last time",
		fmt.Sprintf("A report of where it stopped, without any record's contents, is in\n%s\nSending it to whoever supports Convenor at your desk helps them fix it.", strings.Join(paths, "\n")), s.Win)
}

// FirstStart opens the demo made at path on a first start, then says what
// it is and offers a workspace of the desk's own.
func (s *Shell) FirstStart(path string) { s.openThen(path, true, true, s.welcome) }

// welcome explains a first start: the workspace showing is a demo.
func (s *Shell) welcome() {
	text := widget.NewLabel("This is a demo workspace, built from one news report: Washington asks Pakistan to\n" +
		"convene a discreet, durable peace process between Israel and Iran. Its actors, meetings,\n" +
		"risks and signals show how a desk keeps such work; its people are examples, not real.\n\n" +
		"Explore it freely: nothing in it is yours. When you are ready, start a workspace of your\n" +
		"own (Workspace › New empty workspace…), sealed with a passphrase if it will hold\n" +
		"anything above TLP:CLEAR.")
	d := dialog.NewCustomConfirm("Welcome to Convenor", "Start my own workspace…", "Explore the demo", text, func(own bool) {
		if own {
			s.guard(func() { s.askCreate(false) })
		}
	}, s.Win)
	s.welcomed = d
	d.Show()
}
