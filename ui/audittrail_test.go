package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"convenor/data"
)

func TestAuditTrailListsEveryChangeAndOpensItsRecord(t *testing.T) {
	sh := newTestShell(t, true)
	wb := sh.Bench
	risks, _ := sh.Store.List(context.Background(), data.Query{Kind: data.Risk, Limit: 2})
	edited := risks[0].Clone()
	edited.Values["likelihood"] = int64(2)
	if err := sh.Store.Update(edited); err != nil {
		t.Fatal(err)
	}
	if _, err := sh.Store.Delete(risks[1].ID); err != nil {
		t.Fatal(err)
	}
	if err := sh.Store.SetMeta("name", "Islamabad desk"); err != nil {
		t.Fatal(err)
	}
	want, _ := sh.Store.AuditCount()

	wb.showAuditTrail()
	waitFor(t, func() bool { return wb.trail != nil })
	a := wb.trail
	if a.list.Length() != want {
		t.Errorf("%d rows, want %d entries", a.list.Length(), want)
	}
	if !strings.HasPrefix(a.title, "TLP:RED · ") || !strings.Contains(a.title, fmt.Sprintf("(%d entries)", want)) {
		t.Errorf("dialog title %q", a.title)
	}
	line := func(i int) string { return trailLine(a.entry(i)) }
	if !strings.Contains(line(0), "workspace name set") {
		t.Errorf("newest entry: %q", line(0))
	}
	if !strings.Contains(line(1), "deleted Risk") || !strings.Contains(line(2), "changed Risk") {
		t.Errorf("entries 1 and 2: %q, %q", line(1), line(2))
	}
	// A deleted record cannot be opened; the edited one can.
	a.list.Select(1)
	if !strings.Contains(a.detail.Text, risks[1].Title) || strings.Contains(a.detail.Text, "(empty)") {
		t.Errorf("a deleted record's entry should show what it held: %q", a.detail.Text)
	}
	if !a.open.Disabled() || a.open.Text != "Record deleted" {
		t.Errorf("open button for a deleted record: %q disabled=%v", a.open.Text, a.open.Disabled())
	}
	a.list.Select(2)
	if !strings.Contains(a.detail.Text, fmt.Sprintf("Likelihood: %d → 2", risks[0].Values["likelihood"])) {
		t.Errorf("detail: %q", a.detail.Text)
	}
	capture(t, sh.Win, "audit-trail")
	test.Tap(a.open)
	if wb.form == nil || wb.form.rec.ID != edited.ID {
		t.Fatal("the record was not opened from the trail")
	}
	// The oldest entry is reached by scrolling: pages are read on demand.
	a.list.ScrollToBottom()
	if e := a.entry(want - 1); e == nil || e.Seq != 1 {
		t.Errorf("oldest entry: %+v", e)
	}
}
