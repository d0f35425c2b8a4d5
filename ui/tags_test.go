package ui

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

// hintTexts lists the tag buttons offered under the tags box.
func hintTexts(in *tagInput) []string {
	if !in.hints.Visible() {
		return nil
	}
	var out []string
	for _, o := range in.hints.Objects {
		if b, ok := o.(*widget.Button); ok {
			out = append(out, b.Text)
		}
	}
	return out
}

func TestTagsInUseAreOfferedWhileTyping(t *testing.T) {
	sh := newTestShell(t, true)
	wb := sh.Bench
	wb.showKind(data.Risk)
	risks, _ := sh.Store.List(context.Background(), data.Query{Kind: data.Risk, Limit: 1})
	r := risks[0]
	wb.openRecord(r.ID)
	// The list's tag filter offers the tags in use, most used first.
	waitFor(t, func() bool { return len(wb.list.filters.tagOptions) > 0 })
	if got := wb.list.filters.tagOptions; got[0] != "track-two" || got[1] != "interfaith" || len(got) != 8 {
		t.Errorf("tag filter offers %v", got)
	}
	test.Tap(wb.list.filters.tag.ActionItem.(fyne.Tappable))
	capture(t, sh.Win, "tag-filter-choices")
	sh.Win.Canvas().Overlays().Top().Hide()
	sh.Win.Canvas().Overlays().Remove(sh.Win.Canvas().Overlays().Top())
	tags := wb.form.tags
	if hintTexts(tags) != nil {
		t.Fatalf("hints before typing: %v", hintTexts(tags))
	}
	tags.entry.SetText("")
	test.Type(tags.entry, "TRA")
	waitFor(t, func() bool { return len(hintTexts(tags)) > 0 })
	if got := hintTexts(tags); !slices.Equal(got, []string{"track-two (8)"}) {
		t.Fatalf("hints for TRA: %v", got)
	}
	wb.form.scroll.ScrollToBottom()
	capture(t, sh.Win, "tag-suggestions")
	test.Tap(findButton(sh.Win.Canvas(), "track-two (8)"))
	if tags.entry.Text != "track-two, " {
		t.Fatalf("after the tap: %q", tags.entry.Text)
	}
	// After a comma the most used tags are offered, less those already there.
	waitFor(t, func() bool { return len(hintTexts(tags)) > 0 })
	if got := hintTexts(tags); slices.Contains(got, "track-two (8)") || !slices.Contains(got, "interfaith (7)") {
		t.Errorf("hints after a comma: %v", got)
	}
	test.Type(tags.entry, "inter")
	waitFor(t, func() bool { h := hintTexts(tags); return len(h) == 1 && strings.HasPrefix(h[0], "interfaith") })
	test.Tap(findButton(sh.Win.Canvas(), "interfaith (7)"))
	test.Tap(wb.form.save)
	got, _ := sh.Store.Get(r.ID)
	if !slices.Equal(got.Tags, []string{"track-two", "interfaith"}) {
		t.Errorf("saved tags: %v", got.Tags)
	}
	if n, _ := sh.Store.Count(context.Background(), data.Query{Kind: data.Risk, Tag: "Interfaith"}); n != 1 {
		t.Errorf("risks tagged interfaith: %d", n)
	}
	// A tag saved for the first time joins the filter's list.
	wb.form.tags.entry.SetText("track-two, interfaith, watch-list")
	test.Tap(wb.form.save)
	waitFor(t, func() bool { return slices.Contains(wb.list.filters.tagOptions, "watch-list") })
}
