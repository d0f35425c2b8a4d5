package ui

import (
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
)

const pageSize = 100

// recordList shows one kind's records. Only the rows on screen are read,
// a page of 100 at a time, so a list of 100,000 records stays smooth.
type recordList struct {
	wb       *Workbench
	query    data.Query
	total    int
	pages    map[int][]*data.Record
	refs     map[string]string // titles of records that listed Ref fields point to
	list     *widget.List
	filter   *widget.Entry
	heading  *widget.Label
	view     fyne.CanvasObject
	selected string
	add      *widget.Button
}

func newRecordList(wb *Workbench) *recordList {
	l := &recordList{wb: wb, pages: map[int][]*data.Record{}, refs: map[string]string{}}
	l.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.filter = widget.NewEntry()
	l.filter.SetPlaceHolder("Filter…")
	l.filter.OnChanged = func(s string) { l.query.Text = s; l.reload() }
	l.list = widget.NewList(func() int { return l.total }, l.createRow, l.updateRow)
	l.list.OnSelected = func(i widget.ListItemID) {
		if r := l.at(i); r != nil && r.ID != l.selected {
			l.selected = r.ID
			wb.openRecord(r.ID)
		}
	}
	l.add = widget.NewButton("New", func() { wb.newRecord() })
	l.add.Importance = widget.HighImportance
	top := container.NewVBox(container.NewBorder(nil, nil, nil, l.add, l.heading), l.filter)
	l.view = container.NewBorder(top, nil, nil, nil, l.list)
	return l
}

func (l *recordList) show(k *data.Kind) {
	l.query = data.Query{Kind: k, Sort: "title"}
	l.filter.SetText("")
	l.selected = ""
	l.list.UnselectAll()
	l.reload()
}

// reload forgets the cached pages and counts again.
func (l *recordList) reload() {
	l.pages = map[int][]*data.Record{}
	n, err := l.wb.store.Count(l.query)
	if err != nil {
		l.wb.problem(err)
	}
	l.total = n
	l.heading.SetText(l.query.Kind.Plural + " (" + strconv.Itoa(n) + ")")
	l.list.Refresh()
}

// at returns row i, reading its page when first needed.
func (l *recordList) at(i int) *data.Record {
	p := i / pageSize
	page, ok := l.pages[p]
	if !ok {
		q := l.query
		q.Limit, q.Offset = pageSize, p*pageSize
		var err error
		page, err = l.wb.store.List(q)
		if err != nil {
			l.wb.problem(err)
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
		for _, f := range r.Kind.Columns() {
			if f.Type == data.Ref && f.Listed {
				if id, _ := r.Values[f.Key].(string); id != "" {
					ids = append(ids, id)
				}
			}
		}
	}
	titles, _ := l.wb.store.Titles(ids)
	for id, t := range titles {
		l.refs[id] = t
	}
}

func (l *recordList) createRow() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Truncation = fyne.TextTruncateEllipsis
	detail := widget.NewLabel("")
	detail.Truncation = fyne.TextTruncateEllipsis
	return container.NewBorder(nil, nil, nil, container.NewCenter(newTLPBadge()), container.NewVBox(title, detail))
}

func (l *recordList) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	r := l.at(i)
	if r == nil {
		return
	}
	row := o.(*fyne.Container)
	texts := row.Objects[0].(*fyne.Container).Objects
	texts[0].(*widget.Label).SetText(r.Title)
	texts[1].(*widget.Label).SetText(l.summary(r))
	row.Objects[1].(*fyne.Container).Objects[0].(*tlpBadge).set(r.TLP)
}

// summary joins the kind's listed fields into one line.
func (l *recordList) summary(r *data.Record) string {
	var parts []string
	for _, f := range r.Kind.Columns() {
		if !f.Listed {
			continue
		}
		v := r.Values[f.Key]
		if v == nil {
			continue
		}
		s := data.FormatValue(f, v)
		switch f.Type {
		case data.Ref:
			s = l.refs[s]
		case data.Bool:
			if v == false {
				continue
			}
			s = f.Label
		case data.Int, data.Computed:
			s = f.Label + " " + s
		case data.DateTime:
			s = data.FormatLocal(v.(time.Time), time.Local)
		}
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " · ")
}
