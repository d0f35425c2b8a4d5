package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

// fileOf writes a file of n bytes starting with head, for attaching.
func fileOf(t *testing.T, name string, n int, head string) (string, []byte) {
	t.Helper()
	b := bytes.Repeat([]byte("convenor "), n/9+1)[:n]
	copy(b, head)
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path, b
}

// rowTexts is what the attachment list shows, a line per file.
func rowTexts(in *attachmentsInput) []string {
	var out []string
	for _, o := range in.rows.Objects {
		row, ok := o.(*fyne.Container)
		if !ok {
			continue
		}
		texts := row.Objects[0].(*fyne.Container).Objects
		out = append(out, texts[0].(*widget.Label).Text+" | "+texts[1].(*widget.Label).Text)
	}
	return out
}

// Files attached through the form are read in on Save and listed with
// type and size; one too large is refused at once; opening one writes a
// copy to the private folder, hands it to the viewer and is audited;
// closing the workspace wipes the copy.
func TestAttachmentsThroughTheFormScreenshot(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1024, Height: 700}, {Width: 1920, Height: 1080}} {
		sh := newTestShell(t, true)
		sh.Win.Resize(size)
		wb := sh.Bench
		var viewed []string
		wb.viewFile = func(path string) error { viewed = append(viewed, path); return nil }
		r := demoRecord(t, sh, data.Engagement, "Islamabad")
		wb.openRecord(r.ID)
		in := wb.form.files
		readout, want := fileOf(t, "Readout — Islamabad conference, closed session.pdf", 1_300_000, "%PDF-1.7")
		mou, _ := fileOf(t, "پیش‌نویس تفاهم‌نامه.docx", 210_000, "PK\x03\x04")
		photo, _ := fileOf(t, "delegations at the venue.jpg", 2_400_000, "\xff\xd8\xff\xe0")
		big, _ := fileOf(t, "meeting recording.mp4", data.AttachmentLimit+1, "")
		in.addPath(big)
		if len(in.files) != 0 || !strings.Contains(topDialogText(sh.Win), "“meeting recording.mp4” is 25000001 bytes; a file may be at most 25 MB") {
			t.Fatalf("a file over the limit: %d files, dialog %q", len(in.files), topDialogText(sh.Win))
		}
		sh.Win.Canvas().Overlays().Top().Hide()
		sh.Win.Canvas().Overlays().Remove(sh.Win.Canvas().Overlays().Top())
		for _, p := range []string{readout, mou, photo} {
			in.addPath(p)
		}
		if !strings.Contains(wb.form.status.Text, "Unsaved changes") || wb.form.save.Disabled() {
			t.Fatalf("after attaching: %q", wb.form.status.Text)
		}
		test.Tap(wb.form.save)
		if wb.form.saving == false && wb.working.Load() == 0 {
			t.Error("files were read in on the window's goroutine")
		}
		settle(t, sh)
		got, err := sh.Store.Get(r.ID)
		if err != nil || len(got.Attachments) != 3 || got.Attachments[0].Type != "application/pdf" || got.Attachments[0].Size != 1_300_000 {
			t.Fatalf("saved: %+v %v (status %q)", got.Attachments, err, wb.form.status.Text)
		}
		rows := rowTexts(wb.form.files)
		if len(rows) != 3 || !strings.HasPrefix(rows[0], "Readout — Islamabad conference, closed session.pdf | PDF · 1.3 MB · added ") ||
			!strings.Contains(rows[1], "Word document · 210.0 kB") || !strings.Contains(rows[2], "JPEG image · 2.4 MB") {
			t.Errorf("the list shows %q", rows)
		}
		scrollTo(wb.form.scroll, wb.form.files.view)
		name := "attachments-1024x700"
		if size.Width > 1024 {
			name = "attachments-1920x1080"
		}
		capture(t, sh.Win, name)

		// Open: a copy in the private folder, handed to the viewer, audited.
		open := buttonIn(wb.form.files.rows.Objects[0], "Open")
		test.Tap(open)
		waitFor(t, func() bool { return len(viewed) == 1 })
		copied, err := os.ReadFile(viewed[0])
		if err != nil || !bytes.Equal(copied, want) || !strings.HasPrefix(viewed[0], sh.Copies.Path()) || filepath.Base(viewed[0]) != got.Attachments[0].Name {
			t.Fatalf("the copy %s: %v", viewed[0], err)
		}
		if hist, _ := sh.Store.History(r.ID); hist[0].Action != "view" || hist[0].Changes[0].After != got.Attachments[0].Name {
			t.Errorf("opening is not in the history: %+v", hist[0])
		}
		// Taken off and saved: the record lists two; the trail says which went.
		test.Tap(buttonIn(wb.form.files.rows.Objects[1], ""))
		test.Tap(wb.form.save)
		settle(t, sh)
		if got, _ := sh.Store.Get(r.ID); len(got.Attachments) != 2 || got.Attachments[1].Name != "delegations at the venue.jpg" {
			t.Errorf("after taking one off: %+v", got.Attachments)
		}
		sh.closeStore()
		if _, err := os.Stat(viewed[0]); !os.IsNotExist(err) {
			t.Errorf("the copy outlived the workspace: %v", err)
		}
	}
}

// In a sealed workspace opening a file first says the copy is plain; it is
// written only once that is accepted, and locking wipes it.
func TestOpeningAFileOfASealedWorkspaceWarnsFirstScreenshot(t *testing.T) {
	sh, _ := openSealedDemo(t, fyne.NewSize(1024, 700))
	unlockWith(t, sh, "correct horse battery")
	wb := sh.Bench
	var viewed []string
	wb.viewFile = func(path string) error { viewed = append(viewed, path); return nil }
	r := demoRecord(t, sh, data.Engagement, "Islamabad")
	wb.openRecord(r.ID)
	path, _ := fileOf(t, "minutes.txt", 5000, "Minutes")
	wb.form.files.addPath(path)
	test.Tap(wb.form.save)
	settle(t, sh)
	test.Tap(buttonIn(wb.form.files.rows.Objects[0], "Open"))
	if wb.dialog == nil || !strings.Contains(topDialogText(sh.Win), "plain, unencrypted copy of “minutes.txt”") {
		t.Fatalf("no warning: %q", topDialogText(sh.Win))
	}
	capture(t, sh.Win, "attachment-sealed-warning")
	runQueued()
	if len(viewed) != 0 {
		t.Fatal("a copy was opened before the warning was answered")
	}
	test.Tap(findButton(sh.Win.Canvas(), "Open copy"))
	waitFor(t, func() bool { return len(viewed) == 1 })
	sh.lockNow("locked by the test")
	if _, err := os.Stat(viewed[0]); !os.IsNotExist(err) {
		t.Errorf("the plain copy outlived the lock: %v", err)
	}
}

// scrollTo scrolls so that o's top is at the top of sc.
func scrollTo(sc *container.Scroll, o fyne.CanvasObject) {
	d := fyne.CurrentApp().Driver()
	sc.Offset.Y += d.AbsolutePositionForObject(o).Y - d.AbsolutePositionForObject(sc).Y - theme.Padding()
	sc.Refresh()
}
