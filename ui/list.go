package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

const pageSize = 100

// recordList shows one kind's records as a table. Only the rows on screen
// are read, a page of 100 at a time, so 100,000 records stay smooth.
type recordList struct {
	wb       *Workbench
	fit      *fitted        // fits the columns to the table's width
	wide     *widget.Button // folds the form away, or brings it back
	records  recordSource
	query    data.Query
	total    int // records in the kind
	matching int // records the filter lets through
	pages    map[int][]*data.Record
	refs     map[string]string // titles of records that listed Ref fields point to
	columns  []column
	table    *widget.Table
	filters  *filterBar
	heading  *widget.Label
	view     fyne.CanvasObject
	selected string          // the record open in the form
	checked  map[string]bool // ticked for multi-delete
	add      *widget.Button
	remove   *widget.Button
}

// recordSource is what the list reads: pages, counts, the tags in use for
// its filter, and the titles its reference columns show.
type recordSource interface {
	List(ctx context.Context, q data.Query) ([]*data.Record, error)
	Count(ctx context.Context, q data.Query) (int, error)
	Titles(ids []string) (map[string]string, error)
	tagSource
}

// column is one column of the table: a common field or a listed field.
type column struct {
	key, label string
	field      *data.Field // nil for title, TLP and updated
}

func newRecordList(wb *Workbench) *recordList {
	l := &recordList{wb: wb, records: wb.store, pages: map[int][]*data.Record{}, refs: map[string]string{}, checked: map[string]bool{}}
	l.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.table = widget.NewTableWithHeaders(
		func() (int, int) { return l.matching, len(l.columns) + 1 },
		l.createCell, l.updateCell)
	l.table.ShowHeaderColumn = false
	l.table.CreateHeader = func() fyne.CanvasObject {
		b := widget.NewButton("", nil)
		b.Importance = widget.LowImportance
		b.Alignment = widget.ButtonAlignLeading
		b.IconPlacement = widget.ButtonIconTrailingText
		return b
	}
	l.table.UpdateHeader = l.updateHeader
	l.table.OnSelected = func(id widget.TableCellID) {
		if id.Col == 0 {
			return
		}
		if r := l.at(id.Row); r != nil && r.ID != l.selected {
			wb.openRecord(r.ID)
		}
	}
	l.filters = newFilterBar(l)
	l.add = widget.NewButtonWithIcon("New", theme.ContentAddIcon(), func() { wb.newRecord() })
	l.add.Importance = widget.HighImportance
	l.remove = widget.NewButtonWithIcon("", theme.DeleteIcon(), l.confirmDeleteChecked)
	l.remove.Importance = widget.DangerImportance
	l.remove.Hide()
	l.wide = widget.NewButtonWithIcon("", theme.ViewFullScreenIcon(), func() { wb.setWide(!wb.wide) })
	l.wide.Importance = widget.LowImportance
	top := container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(l.remove, l.wide, l.add), l.heading), l.filters.view)
	l.fit = &fitted{list: l}
	l.view = container.NewBorder(top, nil, nil, nil, container.New(l.fit, l.table))
	return l
}

func (l *recordList) show(k *data.Kind) {
	l.query = data.Query{Kind: k, Sort: "title"}
	l.columns = columnsOf(k)
	if l.fit.width > 0 {
		fitColumns(l.table, l.columns, l.fit.width)
	}
	if lay := l.wb.layout; lay != nil && lay.size.Width > 0 {
		l.wb.fitSplits(lay.size.Width)
		l.wb.split.Refresh()
	}
	l.selected = ""
	l.checked = map[string]bool{}
	l.filters.show(k)
	l.table.UnselectAll()
	l.table.ScrollToTop()
	l.reload()
}

func columnsOf(k *data.Kind) []column {
	cols := []column{{key: "title", label: k.TitleLabel}}
	for _, f := range k.Columns() {
		if f.Listed {
			cols = append(cols, column{key: f.Key, label: f.Label, field: f})
		}
	}
	return append(cols, column{key: "tlp", label: "TLP"}, column{key: "updated_at", label: "Updated"})
}

// reload forgets the cached pages and counts again.
func (l *recordList) reload() {
	l.wb.touch()
	l.pages = map[int][]*data.Record{}
	n, err := l.records.Count(l.wb.ctx, l.query)
	if err != nil {
		l.filters.problem(err)
		n = 0
	}
	l.matching = n
	// The sidebar's counts are refreshed on every write; no second count
	// per keystroke in the filter.
	l.total = l.wb.counts[l.query.Kind.Name]
	if l.matching == l.total {
		l.heading.SetText(l.query.Kind.Plural + " (" + strconv.Itoa(n) + ")")
	} else {
		l.heading.SetText(fmt.Sprintf("%s (%d of %d)", l.query.Kind.Plural, n, l.total))
	}
	l.updateRemove()
	l.table.Refresh()
}

// reselect highlights the open record's row if it is among the rows read.
func (l *recordList) reselect() {
	for p, page := range l.pages {
		for i, r := range page {
			if r.ID == l.selected {
				l.table.Select(widget.TableCellID{Row: p*pageSize + i, Col: 1})
				return
			}
		}
	}
	l.table.UnselectAll()
}

// at returns row i, reading its page when first needed.
func (l *recordList) at(i int) *data.Record {
	p := i / pageSize
	page, ok := l.pages[p]
	if !ok {
		q := l.query
		q.Limit, q.Offset = pageSize, p*pageSize
		var err error
		page, err = l.records.List(l.wb.ctx, q)
		if err != nil {
			l.filters.problem(err)
		}
		l.pages[p] = page
		l.loadRefTitles(page)
	}
	if i%pageSize < len(page) {
		return page[i%pageSize]
	}
	return nil
}

func (l *recordList) loadRefTitles(page []*data.Record) {
	var ids []string
	for _, r := range page {
		for _, c := range l.columns {
			if c.field != nil && c.field.Type == data.Ref {
				if id, _ := r.Values[c.key].(string); id != "" {
					ids = append(ids, id)
				}
			}
		}
	}
	titles, err := l.records.Titles(ids)
	if err != nil {
		l.filters.problem(err)
	}
	for id, t := range titles {
		l.refs[id] = t
	}
}

// A cell holds a tick box, a label and a TLP badge; each column shows one.
func (l *recordList) createCell() fyne.CanvasObject {
	text := widget.NewLabel("")
	text.Truncation = fyne.TextTruncateEllipsis
	return container.NewStack(widget.NewCheck("", nil), text, container.NewCenter(newTLPBadge()))
}

func (l *recordList) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	if id.Col == 0 && id.Row%pageSize == 0 {
		l.wb.touch() // scrolling
	}
	parts := o.(*fyne.Container).Objects
	check, text, badge := parts[0].(*widget.Check), parts[1].(*widget.Label), parts[2].(*fyne.Container)
	check.Hide()
	text.Hide()
	badge.Hide()
	r := l.at(id.Row)
	if r == nil {
		return
	}
	if id.Col == 0 {
		check.OnChanged = nil
		check.SetChecked(l.checked[r.ID])
		rid := r.ID
		check.OnChanged = func(on bool) { l.tick(rid, on) }
		check.Show()
		return
	}
	c := l.columns[id.Col-1]
	if c.key == "tlp" {
		badge.Objects[0].(*tlpBadge).set(r.TLP)
		badge.Show()
		return
	}
	text.TextStyle.Bold = c.key == "title"
	setText(text, l.cellText(r, c))
	text.Show()
}

func (l *recordList) cellText(r *data.Record, c column) string {
	switch c.key {
	case "title":
		return r.Title
	case "updated_at":
		return r.UpdatedAt.Local().Format("2006-01-02 15:04")
	}
	v := r.Values[c.key]
	if v == nil {
		return ""
	}
	switch c.field.Type {
	case data.Ref:
		return l.refs[v.(string)]
	case data.DateTime:
		return data.FormatLocal(v.(time.Time), time.Local)
	case data.Computed:
		return data.FormatValue(c.field, v) + " " + data.RiskBand(v.(int64))
	}
	return data.FormatValue(c.field, v)
}

func (l *recordList) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	b := o.(*widget.Button)
	if id.Col == 0 {
		b.SetText("")
		b.SetIcon(theme.CheckButtonIcon())
		b.OnTapped = l.tickAll
		return
	}
	c := l.columns[id.Col-1]
	b.SetText(c.label)
	b.SetIcon(nil)
	if l.query.Sort == c.key {
		if l.query.Desc {
			b.SetIcon(theme.MenuDropDownIcon())
		} else {
			b.SetIcon(theme.MenuDropUpIcon())
		}
	}
	if c.field != nil && (c.field.Type == data.Links || c.field.Type == data.FollowUps) {
		b.OnTapped = nil
		return
	}
	b.OnTapped = func() { l.sortBy(c.key) }
}

// sortBy sorts by a column, the second tap reversing the order.
func (l *recordList) sortBy(key string) {
	if l.query.Sort == key {
		l.query.Desc = !l.query.Desc
	} else {
		l.query.Sort, l.query.Desc = key, key == "updated_at"
	}
	l.reload()
}

func (l *recordList) tick(id string, on bool) {
	if on {
		l.checked[id] = true
	} else {
		delete(l.checked, id)
	}
	l.updateRemove()
}

// tickAll ticks the first thousand matching records, or clears all ticks.
func (l *recordList) tickAll() {
	if len(l.checked) > 0 {
		l.checked = map[string]bool{}
	} else {
		for i := 0; i < min(l.matching, 1000); i++ {
			if r := l.at(i); r != nil {
				l.checked[r.ID] = true
			}
		}
	}
	l.updateRemove()
	l.table.Refresh()
}

func (l *recordList) updateRemove() {
	if n := len(l.checked); n > 0 {
		l.remove.SetText(fmt.Sprintf("Delete %d", n))
		l.remove.Show()
	} else {
		l.remove.Hide()
	}
}

func (l *recordList) checkedIDs() []string {
	ids := make([]string, 0, len(l.checked))
	for id := range l.checked {
		ids = append(ids, id)
	}
	return ids
}

func (l *recordList) confirmDeleteChecked() {
	ids := l.checkedIDs()
	k := l.query.Kind
	noun := strings.ToLower(k.Plural)
	if len(ids) == 1 {
		noun = strings.ToLower(k.Label)
	}
	l.wb.confirmDelete(ids, fmt.Sprintf("%d %s", len(ids), noun), func() { l.checked = map[string]bool{} })
}
