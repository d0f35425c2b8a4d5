package ui

import (
	"fmt"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Fyne's Entry lays out all its text on every change, in time that grows
// faster than the text: 20,000 characters of readout froze the window for
// most of a minute on paste, on save and on every open. A long text field
// therefore keeps the whole text aside and shows one page of it in the
// entry: opening, typing and pasting cost one page's layout, whatever the
// length. A paste that would overfill the page goes into the whole text at
// the cursor, and the pages are cut again.

// pageRunes is the most a page holds: its layout stays under 50 ms
// (BenchmarkLongNotes).
const pageRunes = 1500

// longText edits a text of any length a page at a time.
type longText struct {
	whole     []rune
	starts    []int // where each page begins in whole
	page      int
	entry     *pageEntry
	info      *widget.Label
	prev      *widget.Button
	next      *widget.Button
	nav       *fyne.Container
	obj       fyne.CanvasObject
	onChanged func()
	setting   bool // while a page is put into the entry
}

// pageEntry is the entry of one page; it hands pastes that would not fit
// the page to the long text.
type pageEntry struct {
	widget.Entry
	long *longText
}

func (e *pageEntry) TypedShortcut(s fyne.Shortcut) {
	if p, ok := s.(*fyne.ShortcutPaste); ok && p.Clipboard != nil {
		if clip := p.Clipboard.Content(); len([]rune(e.Text))+len([]rune(clip)) > pageRunes {
			e.long.insert(e.CursorTextOffset(), clip)
			return
		}
	}
	e.Entry.TypedShortcut(s)
}

func newLongText() *longText {
	t := &longText{entry: &pageEntry{}, info: widget.NewLabel("")}
	t.entry.long = t
	t.entry.ExtendBaseWidget(t.entry)
	t.entry.MultiLine = true
	t.entry.Wrapping = fyne.TextWrapWord
	t.entry.SetMinRowsVisible(3)
	t.entry.OnChanged = func(string) {
		if t.setting {
			return
		}
		t.splice()
		if t.onChanged != nil {
			t.onChanged()
		}
	}
	t.info.SizeName = theme.SizeNameCaptionText
	t.info.Wrapping = fyne.TextWrapWord // never wider than the form
	t.prev = widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { t.show(t.page - 1) })
	t.next = widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { t.show(t.page + 1) })
	t.nav = container.NewHBox(t.prev, t.next)
	t.obj = container.NewBorder(nil, container.NewBorder(nil, nil, nil, t.nav, t.info), nil, nil, t.entry)
	t.set("")
	return t
}

// set replaces the whole text and shows its first page.
func (t *longText) set(s string) {
	t.whole = []rune(s)
	t.paginate()
	t.show(0)
}

// text is the whole text, with the page as edited.
func (t *longText) text() string { return string(t.whole) }

// splice puts the entry's page back into the whole text.
func (t *longText) splice() {
	start, end := t.bounds(t.page)
	page := []rune(t.entry.Text)
	whole := make([]rune, 0, len(t.whole)-(end-start)+len(page))
	whole = append(append(append(whole, t.whole[:start]...), page...), t.whole[end:]...)
	t.whole = whole
	// Only the pages after this one move.
	shift := len(page) - (end - start)
	for i := t.page + 1; i < len(t.starts); i++ {
		t.starts[i] += shift
	}
	t.describe()
}

// insert puts s into the whole text at offset pos of the page shown, and
// shows the page where it ends.
func (t *longText) insert(pos int, s string) {
	start, _ := t.bounds(t.page)
	at := min(start+pos, len(t.whole))
	add := []rune(s)
	whole := make([]rune, 0, len(t.whole)+len(add))
	t.whole = append(append(append(whole, t.whole[:at]...), add...), t.whole[at:]...)
	t.paginate()
	end := at + len(add)
	page := 0
	for i, st := range t.starts {
		if st <= end {
			page = i
		}
	}
	t.show(page)
	if t.onChanged != nil {
		t.onChanged()
	}
}

func (t *longText) bounds(page int) (int, int) {
	end := len(t.whole)
	if page+1 < len(t.starts) {
		end = t.starts[page+1]
	}
	return t.starts[page], end
}

// paginate cuts the whole text into pages of at most pageRunes, at the end
// of a paragraph or a word when one is near.
func (t *longText) paginate() {
	t.starts = []int{0}
	for at := 0; len(t.whole)-at > pageRunes; {
		cut := at + pageRunes
		for i := cut; i > cut-pageRunes/5; i-- {
			if t.whole[i-1] == '\n' {
				cut = i
				break
			}
		}
		if cut == at+pageRunes {
			for i := cut; i > cut-pageRunes/5; i-- {
				if unicode.IsSpace(t.whole[i-1]) {
					cut = i
					break
				}
			}
		}
		t.starts = append(t.starts, cut)
		at = cut
	}
}

// show puts page into the entry.
func (t *longText) show(page int) {
	// The entry's edits are already in whole: each change is spliced in.
	page = max(0, min(page, len(t.starts)-1))
	t.page = page
	start, end := t.bounds(page)
	t.setting = true
	t.entry.SetText(string(t.whole[start:end]))
	t.setting = false
	t.describe()
}

func (t *longText) describe() {
	n := len(t.whole)
	if len(t.starts) == 1 {
		t.nav.Hide()
		t.info.SetText("")
		if n > pageRunes/2 {
			t.info.SetText(fmt.Sprintf("%s characters; longer texts are kept whole and edited a page at a time", thousands(n)))
		}
		return
	}
	t.nav.Show()
	t.prev.Disable()
	t.next.Disable()
	if t.page > 0 {
		t.prev.Enable()
	}
	if t.page+1 < len(t.starts) {
		t.next.Enable()
	}
	t.info.SetText(fmt.Sprintf("Page %d of %d · %s characters, edited a page at a time", t.page+1, len(t.starts), thousands(n)))
}

// thousands writes n with thousands separated: 20,140.
func thousands(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
