package ui

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
	"convenor/data/share"
	"convenor/data/store"
	"convenor/data/viewing"
)

// waitLong waits up to a minute: hubs elect leaders, desks reconnect.
func waitLong(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(60 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		runQueued()
		if cond() {
			return
		}
		if time.Now().After(end) {
			t.Fatalf("waited in vain for %s", what)
		}
	}
}

// TestTeamWorkspaceInTheWindowScreenshots: a sealed demo workspace is
// shared from Workspace → Share…, whose files run three hubs; the status
// bar says when it is online and synchronised. Members… invites a member
// at AMBER, who joins and receives; a record changed at both desks shows
// in the Conflicts dialog side by side, and keeping the other desk's
// version writes it here.
func TestTeamWorkspaceInTheWindowScreenshots(t *testing.T) {
	defer func(d time.Duration) { syncInterval = d }(syncInterval)
	syncInterval = time.Hour // rounds come from changes and connections only
	path := sealedDemo(t)
	st, err := store.OpenSealed(context.Background(), path, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	envoy := data.NewRecord(data.Actor)
	envoy.Title, envoy.Values["actor_type"], envoy.Values["country"], envoy.TLP = "Omani envoy", "person", "OM", data.TLPAmber
	if err := st.Insert(envoy); err != nil {
		t.Fatal(err)
	}
	a := newTestApp(t)
	dir := t.TempDir()
	sh := NewShell(a, dir)
	sh.Copies = viewing.At(filepath.Join(t.TempDir(), "viewing"))
	t.Cleanup(sh.closeStore)
	sh.Win.Resize(fyne.NewSize(1280, 800))
	sh.use(st)
	wb := sh.Bench

	// Share…: fields checked, then the hubs' files written.
	ports := freePorts(t, 3)
	wb.askShare()
	f := wb.shareOpen
	test.Type(f.name, "peace talks")
	if f.name.Validate() == nil {
		t.Fatal("a name with a space was accepted")
	}
	f.name.SetText("peace-talks")
	test.Type(f.me, "Islamabad desk")
	f.hubs.SetText("nats://127.0.0.1:" + ports[0] + "\nnats://127.0.0.1:" + ports[1] + "\nnats://127.0.0.1:" + ports[2])
	f.folder.SetText(dir)
	f.dialog.Submit()
	settle(t, sh)
	if wb.team == nil {
		t.Fatalf("not shared: %s", topDialogText(sh.Win))
	}
	hubs := filepath.Join(dir, "hubs-peace-talks")
	t.Chdir(hubs)
	for i := 1; i <= 3; i++ {
		s, err := share.RunHub("hub-"+strconv.Itoa(i)+".conf", false)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Shutdown(); s.WaitForShutdown() })
	}
	waitLong(t, "the first round", func() bool {
		s := wb.team.last
		if s.Err != nil && s.Online {
			wb.team.runner.Kick() // the hubs were still electing a leader
		}
		return s.Online && s.Err == nil && !s.LastSync.IsZero() && s.Waiting == 0
	})
	bar := wb.team.text.Text
	if !strings.Contains(bar, "Online — team workspace peace-talks") || !strings.Contains(bar, "nothing waiting") || !strings.Contains(bar, "1 member") {
		t.Fatalf("status bar: %q", bar)
	}
	if !strings.Contains(topDialogText(sh.Win), "convenor hub --config hub-N.conf") {
		t.Fatalf("after sharing: %q", topDialogText(sh.Win))
	}
	capture(t, sh.Win, "team-shared")
	sh.Win.Canvas().Overlays().Remove(sh.Win.Canvas().Overlays().Top())
	capture(t, sh.Win, "team-status")

	// Members… → Invite…
	wb.showMembers()
	md := wb.membersOpen
	md.askInvite()
	inv := wb.inviteOpen
	test.Type(inv.name, "Muscat desk")
	inv.clearance.SetSelected(string(data.TLPAmber))
	inv.folder.SetText(dir)
	inv.dialog.Submit()
	settle(t, sh)
	if inv.code == "" {
		t.Fatalf("no invitation: %s", topDialogText(sh.Win))
	}
	capture(t, sh.Win, "team-invitation-code")
	sh.Win.Canvas().Overlays().Remove(sh.Win.Canvas().Overlays().Top())
	if !strings.Contains(labelsOf(md.rows), "Muscat desk") {
		t.Fatalf("members: %s", labelsOf(md.rows))
	}
	capture(t, sh.Win, "team-members")
	md.dialog.Hide()

	// The member joins from its own window: a wrong code first.
	sh2 := NewShell(a, t.TempDir())
	sh2.Copies = viewing.At(filepath.Join(t.TempDir(), "viewing"))
	t.Cleanup(sh2.closeStore)
	sh2.Win.Resize(fyne.NewSize(1280, 800))
	muscatPath := filepath.Join(t.TempDir(), "muscat.convenor")
	join := func(code string) {
		sh2.askJoin()
		j := sh2.joinOpen
		j.file.SetText(filepath.Join(dir, "muscat-desk.convenor-invitation"))
		j.code.SetText(code)
		j.to.SetText(muscatPath)
		j.pass.SetText("another passphrase")
		for _, it := range j.passItems {
			if e, ok := it.Widget.(*widget.Entry); ok {
				e.SetText("another passphrase")
			}
		}
		j.dialog.Submit()
		settle(t, sh2)
	}
	join("wrong-wrong-wrong-wrong")
	if !strings.Contains(topDialogText(sh2.Win), "code is wrong") || sh2.Store != nil {
		t.Fatalf("a wrong code: %q", topDialogText(sh2.Win))
	}
	if _, err := os.Stat(muscatPath); err == nil {
		t.Fatal("a wrong code left a workspace behind")
	}
	sh2.Win.Canvas().Overlays().Remove(sh2.Win.Canvas().Overlays().Top())
	join(inv.code)
	if sh2.Store == nil || sh2.Bench.team == nil {
		t.Fatalf("not joined: %q", topDialogText(sh2.Win))
	}
	muscat := sh2.Store
	waitLong(t, "the member's first round", func() bool { _, err := muscat.Get(envoy.ID); return err == nil })
	if strings.Contains(sh2.Bench.team.text.Text, "member") {
		t.Fatalf("a member's bar counts members: %q", sh2.Bench.team.text.Text)
	}

	// Changed at both desks from the same version: Muscat's goes first
	// (Islamabad's desk synchronises only when it changes something).
	theirs, _ := muscat.Get(envoy.ID)
	theirs.Values["country"] = "OM (as Muscat has it)"
	if err := muscat.Update(theirs); err != nil {
		t.Fatal(err)
	}
	waitLong(t, "Muscat's change to go out", func() bool {
		n, _, _ := muscat.ShareCounts(context.Background())
		return n == 0 && sh2.Bench.team.last.Waiting == 0 && !sh2.Bench.team.last.LastSync.IsZero()
	})
	mine, _ := st.Get(envoy.ID)
	mine.Values["country"] = "OM (as Islamabad has it)"
	if err := st.Update(mine); err != nil {
		t.Fatal(err)
	}
	waitLong(t, "the conflict", func() bool { return wb.team.last.Conflicts == 1 })
	if !wb.team.conflicts.Visible() || !strings.Contains(wb.team.text.Text, "1 change waiting") {
		t.Fatalf("status bar: %q", wb.team.text.Text)
	}
	wb.showConflicts()
	cv := wb.conflictsOpen
	if len(cv.items) != 1 {
		t.Fatalf("%d conflicts listed", len(cv.items))
	}
	shown := labelsOf(cv.compare)
	if !strings.Contains(shown, "≠ Country") || !strings.Contains(shown, "OM (as Muscat has it)") || !strings.Contains(shown, "OM (as Islamabad has it)") {
		t.Fatalf("comparison: %s", shown)
	}
	capture(t, sh.Win, "team-conflicts")
	cv.dialog.Hide()
	sh.Win.Resize(fyne.NewSize(1024, 700))
	wb.showConflicts()
	cv = wb.conflictsOpen
	capture(t, sh.Win, "team-conflicts-1024x700")
	test.Tap(cv.keepThem)
	settle(t, sh)
	if got, _ := st.Get(envoy.ID); got.Text("country") != "OM (as Muscat has it)" {
		t.Fatalf("kept %q", got.Text("country"))
	}
	if left, _ := st.Conflicts(context.Background()); len(left) != 0 || len(cv.items) != 0 {
		t.Fatalf("%d conflicts left", len(left))
	}
	hist, _ := st.History(envoy.ID)
	if hist[0].Action != "resolve" && hist[1].Action != "resolve" {
		t.Fatalf("history: %+v", hist[:2])
	}
}

// freePorts are n ports nobody listens on now.
func freePorts(t *testing.T, n int) []string {
	t.Helper()
	var out []string
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, strconv.Itoa(l.Addr().(*net.TCPAddr).Port))
		l.Close()
	}
	return out
}

// labelsOf joins the texts of every label under o.
func labelsOf(o fyne.CanvasObject) string {
	var out []string
	for _, x := range test.LaidOutObjects(o) {
		if l, ok := x.(*widget.Label); ok {
			out = append(out, l.Text)
		}
	}
	return strings.Join(out, " | ")
}
