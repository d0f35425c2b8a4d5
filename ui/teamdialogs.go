package ui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
	"convenor/data/share"
	"convenor/data/store"
)

// Workspace → Share…, Join… and Members…: the window's way to what
// `convenor share`, `join`, `invite` and `revoke` do.

// pathEntry is a file or folder path typed or chosen with a button.
func pathEntry(win fyne.Window, placeholder string, folder bool, filter []string) (*widget.Entry, fyne.CanvasObject) {
	e := widget.NewEntry()
	e.SetPlaceHolder(placeholder)
	choose := widget.NewButton("Choose…", func() {
		if folder {
			dialog.ShowFolderOpen(func(u fyne.ListableURI, err error) {
				if err == nil && u != nil {
					e.SetText(u.Path())
				}
			}, win)
			return
		}
		d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			if err == nil && r != nil {
				e.SetText(r.URI().Path())
				r.Close()
			}
		}, win)
		if len(filter) > 0 {
			d.SetFilter(storage.NewExtensionFileFilter(filter))
		}
		d.Show()
	})
	return e, container.NewBorder(nil, nil, nil, choose, e)
}

func required(what string) fyne.StringValidator {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New(what + " is needed")
		}
		return nil
	}
}

// shareForm is the Share dialog's fields, kept for tests.
type shareForm struct {
	name, me, hubs, folder *widget.Entry
	dialog                 *dialog.FormDialog
}

// askShare makes this sealed workspace a team workspace administered
// here, and writes the three hubs' configuration into a new folder.
func (wb *Workbench) askShare() {
	sealed, shared := sharedStore(wb.store)
	switch {
	case shared:
		dialog.ShowInformation("Share", "This workspace is already part of the team workspace "+wb.store.Shared()+".", wb.win)
		return
	case !sealed:
		dialog.ShowInformation("Share", "Only a sealed workspace can be shared: the hubs must hold nothing they can read.\nSeal it first with Workspace → Seal with a passphrase….", wb.win)
		return
	}
	f := &shareForm{name: widget.NewEntry(), me: widget.NewEntry(), hubs: widget.NewMultiLineEntry()}
	f.name.SetPlaceHolder("peace-talks (the hubs see this name: make it say nothing)")
	f.name.Validator = func(s string) error {
		if s == "" || strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") != "" {
			return errors.New("letters, digits, - and _ only")
		}
		return nil
	}
	f.me.SetPlaceHolder("Islamabad desk")
	f.me.Validator = required("this desk's name")
	f.hubs.SetPlaceHolder("nats://hub1.example.org:4222\nnats://hub2.example.org:4222\nnats://hub3.example.org:4222")
	f.hubs.SetMinRowsVisible(3)
	f.hubs.Validator = func(s string) error {
		lines := hubLines(s)
		if len(lines) == 0 {
			return errors.New("name the hubs, one per line")
		}
		for _, h := range lines {
			if err := share.CheckHub(h); err != nil {
				return err
			}
		}
		return nil
	}
	var folderRow fyne.CanvasObject
	f.folder, folderRow = pathEntry(wb.win, "the folder to write the hubs' configuration into", true, nil)
	f.folder.Validator = required("a folder")
	items := []*widget.FormItem{
		{Text: "Team workspace", Widget: f.name, HintText: "the stream's name on the hubs"},
		{Text: "This desk", Widget: f.me, HintText: "how the other members will know this desk"},
		{Text: "Hubs", Widget: f.hubs, HintText: "three, in three places: one can be lost"},
		{Text: "Configuration", Widget: folderRow, HintText: "a folder hubs-NAME is made in it"},
	}
	f.dialog = dialog.NewForm("Share this workspace", "Share", "Cancel", items, func(ok bool) {
		if ok {
			wb.share(f.name.Text, f.me.Text, hubLines(f.hubs.Text), filepath.Join(f.folder.Text, "hubs-"+f.name.Text))
		}
	}, wb.win)
	f.dialog.Resize(fyne.NewSize(640, 420))
	wb.shareOpen = f
	wb.showDialog(f.dialog)
}

func hubLines(s string) []string {
	var out []string
	for _, l := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == ',' || r == ' ' }) {
		out = append(out, strings.TrimSpace(l))
	}
	return out
}

func (wb *Workbench) share(name, me string, hubs []string, folder string) {
	busy(wb.win, "Sharing the workspace…", &wb.working, func() error {
		if _, err := os.Stat(folder); err == nil {
			return fmt.Errorf("%s exists: choose another folder", folder)
		}
		m, err := share.Start(wb.store, name, me, hubs)
		if err != nil {
			return err
		}
		return m.WriteHubFiles(folder)
	}, func(err error) {
		if err != nil {
			dialog.ShowError(err, wb.win)
			return
		}
		if err := wb.startTeam(); err != nil {
			dialog.ShowError(err, wb.win)
			return
		}
		wb.message("Shared as "+name, fmt.Sprintf("This workspace is now the team workspace %s, administered here as %s.\n\n"+
			"Copy %s to the hubs: each needs its hub-N.conf, hub-N-cert.pem, hub-N-key.pem and ca.pem, and runs\n    convenor hub --config hub-N.conf\n\n"+
			"Then invite members with Workspace → Members….", name, me, folder))
	})
}

// message shows a few paragraphs with a Close button.
func (wb *Workbench) message(title, text string) {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	// In a scroll, so a small window cannot squeeze the dialog's button
	// below nothing.
	d := dialog.NewCustom(title, "Close", container.NewVScroll(l), wb.win)
	d.Resize(fyne.NewSize(640, 360))
	wb.showDialog(d)
}

// joinForm is the Join dialog's fields, kept for tests.
type joinForm struct {
	file, code, to, pass *widget.Entry
	passItems            []*widget.FormItem
	dialog               *dialog.FormDialog
}

// askJoin makes a new sealed workspace this user's desk of the team
// workspace an invitation is for, and opens it: its records arrive with
// the first synchronisation.
func (s *Shell) askJoin() {
	file, fileRow := pathEntry(s.Win, "the invitation file", false, []string{".convenor-invitation"})
	file.Validator = required("the invitation")
	code := widget.NewEntry()
	code.SetPlaceHolder("given to you another way than the file")
	code.Validator = required("the invitation's code")
	to := widget.NewEntry()
	to.SetText(filepath.Join(s.DefaultDir, "team.convenor"))
	to.Validator = func(p string) error {
		if _, err := os.Stat(p); err == nil {
			return errors.New("a file of that name exists")
		}
		return nil
	}
	pass, passItems := newPassphraseItems()
	items := append([]*widget.FormItem{
		{Text: "Invitation", Widget: fileRow},
		{Text: "Code", Widget: code},
		{Text: "New workspace", Widget: to, HintText: "this desk's own copy, sealed"},
	}, passItems...)
	s.joinOpen = &joinForm{file: file, code: code, to: to, pass: pass, passItems: passItems}
	d := dialog.NewForm("Join a team workspace", "Join", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		var st *store.Store
		busy(s.Win, "Joining…", &s.working, func() error {
			b, err := os.ReadFile(file.Text)
			if err != nil {
				return err
			}
			inv, err := share.OpenInvitation(b, strings.TrimSpace(code.Text))
			if err != nil {
				return err
			}
			if st, err = store.CreateSealed(to.Text, inv.Workspace, pass.Text); err != nil {
				return err
			}
			if _, err := share.Join(st, inv); err != nil {
				st.Close()
				os.Remove(to.Text)
				return err
			}
			return nil
		}, func(err error) {
			if err != nil {
				dialog.ShowError(err, s.Win)
				return
			}
			s.use(st)
		})
	}, s.Win)
	d.Resize(fyne.NewSize(640, 420))
	s.joinOpen.dialog = d
	d.Show()
}

// membersDialog is the Members dialog, kept for tests.
type membersDialog struct {
	wb     *Workbench
	rows   *fyne.Container
	dialog dialog.Dialog
}

// showMembers lists the team workspace's members, with Invite… and a
// Revoke button each, on the desk that administers it.
func (wb *Workbench) showMembers() {
	if wb.team == nil {
		dialog.ShowInformation("Members", "This workspace is not part of a team workspace: Workspace → Share… makes it one.", wb.win)
		return
	}
	r := wb.team.runner
	if !r.Administers() {
		me := r.Me()
		dialog.ShowInformation("Members", fmt.Sprintf("This desk is %s, cleared to %s.\nMembers are invited and revoked on the desk that administers the team workspace.", me.Name, me.Clearance), wb.win)
		return
	}
	md := &membersDialog{wb: wb, rows: container.NewVBox()}
	md.fill()
	invite := widget.NewButton("Invite…", md.askInvite)
	invite.Importance = widget.HighImportance
	body := container.NewBorder(nil, container.NewHBox(invite), nil, nil, container.NewVScroll(md.rows))
	md.dialog = dialog.NewCustom("Members of "+r.Workspace(), "Close", body, wb.win)
	md.dialog.Resize(fyne.NewSize(760, 420))
	md.dialog.SetOnClosed(func() { wb.membersOpen = nil })
	wb.membersOpen = md
	wb.showDialog(md.dialog)
}

func (md *membersDialog) fill() {
	r := md.wb.team.runner
	members := r.Everyone()
	sort.SliceStable(members, func(i, j int) bool { return members[i].Invited.Before(members[j].Invited) })
	head := func(s string) fyne.CanvasObject {
		return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	md.rows.Objects = []fyne.CanvasObject{container.NewGridWithColumns(4, head("Member"), head("Cleared to"), head("Standing"), head(""))}
	for _, m := range members {
		badge := newTLPBadge()
		badge.set(m.Clearance)
		state := "invited " + m.Invited.Local().Format("2 Jan 2006")
		var action fyne.CanvasObject = widget.NewLabel("")
		switch {
		case m.Admin:
			state = "administers the workspace"
		case m.Revoked != nil:
			state = "revoked " + m.Revoked.Local().Format("2 Jan 2006 15:04")
		default:
			id, name := m.ID, m.Name
			action = widget.NewButton("Revoke", func() { md.askRevoke(id, name) })
		}
		md.rows.Add(container.NewGridWithColumns(4, widget.NewLabel(m.Name), container.NewHBox(badge), widget.NewLabel(state), action))
	}
	md.rows.Refresh()
}

// inviteForm is the invitation dialog's fields, kept for tests.
type inviteForm struct {
	name, folder *widget.Entry
	clearance    *widget.Select
	dialog       *dialog.FormDialog
	code         string // the last invitation's, for tests
}

func (md *membersDialog) askInvite() {
	wb := md.wb
	f := &inviteForm{name: widget.NewEntry(), clearance: widget.NewSelect(data.TLPStrings(), nil)}
	f.name.SetPlaceHolder("Muscat desk")
	f.name.Validator = required("the member's name")
	f.clearance.SetSelected(string(data.TLPAmber))
	var folderRow fyne.CanvasObject
	f.folder, folderRow = pathEntry(wb.win, "where to write the invitation file", true, nil)
	f.folder.Validator = required("a folder")
	f.dialog = dialog.NewForm("Invite a member", "Invite", "Cancel", []*widget.FormItem{
		{Text: "Member", Widget: f.name},
		{Text: "Cleared to", Widget: f.clearance, HintText: "the most restrictive label the member may read"},
		{Text: "Save in", Widget: folderRow},
	}, func(ok bool) {
		if !ok {
			return
		}
		code := share.NewInvitationCode()
		path := filepath.Join(f.folder.Text, strings.ReplaceAll(strings.ToLower(f.name.Text), " ", "-")+".convenor-invitation")
		busy(wb.win, "Inviting "+f.name.Text+"…", &wb.working, func() error {
			if _, err := os.Stat(path); err == nil {
				return fmt.Errorf("%s exists: choose another folder", path)
			}
			b, _, err := wb.team.runner.Invite(f.name.Text, data.TLP(f.clearance.Selected), code)
			if err != nil {
				return err
			}
			return os.WriteFile(path, b, 0o600)
		}, func(err error) {
			if err != nil {
				dialog.ShowError(err, wb.win)
				return
			}
			f.code = code
			md.fill()
			wb.showCode(f.name.Text, path, code)
		})
	}, wb.win)
	f.dialog.Resize(fyne.NewSize(600, 300))
	wb.inviteOpen = f
	f.dialog.Show()
}

// showCode gives the one-time code of an invitation, to pass on by
// another way than the file.
func (wb *Workbench) showCode(name, path, code string) {
	c := widget.NewEntry()
	c.SetText(code)
	copyIt := widget.NewButton("Copy the code", func() { wb.app.Clipboard().SetContent(code) })
	l := widget.NewLabel(fmt.Sprintf("The invitation for %s is in\n%s\n\nIts one-time code opens it. Pass the code on another way than the file (read it out on a call, hand it over): the file alone opens nothing.", name, path))
	l.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(name+" invited", "Close", container.NewBorder(nil, container.NewBorder(nil, nil, nil, copyIt, c), nil, nil, container.NewVScroll(l)), wb.win)
	d.Resize(fyne.NewSize(700, 440))
	d.Show()
}

func (md *membersDialog) askRevoke(id, name string) {
	wb := md.wb
	dialog.ShowConfirm("Revoke "+name+"?", name+" will be refused by the hubs from now on, and the keys of every level "+name+
		" was cleared for are renewed and sent to the other members. What "+name+"'s desk already holds stays there: revocation cannot reach into a laptop.",
		func(ok bool) {
			if !ok {
				return
			}
			busy(wb.win, "Revoking "+name+"…", &wb.working, func() error { return wb.team.runner.Revoke(wb.ctx, id) }, func(err error) {
				if err != nil {
					dialog.ShowError(err, wb.win)
				}
				md.fill()
			})
		}, wb.win)
}
