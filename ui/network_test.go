package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/png"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"convenor/data"
	"convenor/data/demo"
)

// actorIndex finds an actor on the map by its title.
func actorIndex(t *testing.T, v *networkView, title string) int {
	t.Helper()
	for i, a := range v.shown.Actors {
		if a.Title == title {
			return i
		}
	}
	t.Fatalf("%q is not on the map", title)
	return -1
}

// The network map of the demo: every actor and relationship, who bridges
// beside it; hovering names an actor, a tap opens it, a drag moves it and
// the place is remembered for the workspace (not in its file); an edit
// made meanwhile shows; a cap and a filter hide what they should.
func TestTheNetworkMapScreenshot(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1024, Height: 700}, {Width: 1920, Height: 1080}} {
		sh := newTestShell(t, true)
		sh.Win.Resize(size)
		wb := sh.Bench
		v := wb.network
		wb.showView(v)
		waitFor(t, func() bool { return len(v.shown.Actors) == 17 && len(v.places) == 17 })
		if len(v.shown.Ties) != 14 || !strings.Contains(v.summary.Text, "17 actors, 14 relationships (5 of mistrust") {
			t.Errorf("the summary says %q", v.summary.Text)
		}
		// Iran joins Israel, its navy, Pakistan and its intelligence.
		if top := v.shown.Actors[v.ranked[0]].Title; top != "Iran" {
			t.Errorf("the first bridge is %q", top)
		}
		capture(t, sh.Win, fmt.Sprintf("network-%.0fx%.0f", size.Width, size.Height))

		c := v.canvas
		iran := actorIndex(t, v, "Iran")
		at := c.posOf(iran)
		abs := fyne.CurrentApp().Driver().AbsolutePositionForObject(c).Add(at)
		c.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: at, AbsolutePosition: abs}})
		if !c.tip.shown() || !strings.Contains(topDialogText(sh.Win), "state · party · sceptical · Iran") {
			t.Errorf("hovering Iran shows %q", topDialogText(sh.Win))
		}
		if size.Width < 1920 {
			capture(t, sh.Win, "network-hover")
		}
		c.MouseOut()

		// A drag moves Iran, and the place is kept for this workspace.
		for _, step := range []fyne.Delta{{DX: 30, DY: 20}, {DX: 30, DY: 20}} {
			at2 := c.posOf(iran).AddXY(step.DX, step.DY)
			c.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: at2}, Dragged: step})
		}
		c.DragEnd()
		moved := c.posOf(iran)
		if moved.X-at.X < 55 || moved.Y-at.Y < 35 {
			t.Errorf("dragged from %v to %v", at, moved)
		}
		var kept map[string][2]float64
		if err := json.Unmarshal([]byte(wb.app.Preferences().String(prefPlaces+sh.Store.ID())), &kept); err != nil || len(kept) != 1 {
			t.Errorf("the places kept: %v %v", kept, err)
		}
		test.Tap(c) // the middle of the map: nothing there, nothing opens
		c.Tapped(&fyne.PointEvent{Position: moved})
		if wb.form == nil || wb.form.rec.Title != "Iran" {
			t.Fatalf("tapping Iran opened %v", wb.form)
		}
		wb.showView(v)

		// An actor added meanwhile, with a tie, shows; Iran stays where it was put.
		oman := data.NewRecord(data.Actor)
		oman.Title, oman.TLP = "Oman", data.TLPGreen
		oman.Values["actor_type"], oman.Values["country"], oman.Values["stance"] = "state", "Oman", "supportive"
		if err := sh.Store.Insert(oman); err != nil {
			t.Fatal(err)
		}
		tie := data.NewRecord(data.Relationship)
		tie.Title, tie.TLP = "Oman – Iran: a quiet channel", data.TLPGreen
		tie.Values["from_actor"], tie.Values["to_actor"], tie.Values["rel_type"], tie.Values["trust"] = oman.ID, v.shown.Actors[iran].ID, "channel", int64(1)
		if err := sh.Store.Insert(tie); err != nil {
			t.Fatal(err)
		}
		waitFor(t, func() bool { return len(v.shown.Actors) == 18 && len(v.shown.Ties) == 15 })
		if p := c.posOf(actorIndex(t, v, "Iran")); p != moved {
			t.Errorf("Iran went from %v to %v after an edit", moved, p)
		}

		v.upTo.SetSelected(string(data.TLPGreen))
		waitFor(t, func() bool { return len(v.shown.Actors) == 5 })
		for _, a := range v.shown.Actors {
			if a.TLP != data.TLPGreen && a.TLP != data.TLPClear {
				t.Errorf("%q (%s) shows under TLP:GREEN", a.Title, a.TLP)
			}
		}
		v.upTo.SetSelected(string(data.TLPRed))
		v.country.SetSelected("Pakistan")
		waitFor(t, func() bool { return len(v.shown.Actors) == 7 && len(v.shown.Ties) == 1 })
		v.country.SetSelected(anyCountry)
		v.basis.SetSelected(trustedTies)
		waitFor(t, func() bool { return len(v.shown.Actors) == 18 && strings.Contains(v.summary.Text, "positive trust") })
		v.sizeBy.SetSelected(byBetweenness)

		var buf bytes.Buffer
		if err := v.savePNG(&buf); err != nil {
			t.Fatal(err)
		}
		if img, err := png.Decode(&buf); err != nil || img.Bounds().Dx() != exportW {
			t.Errorf("the PNG: %v", err)
		}
		buf.Reset()
		if err := v.saveSVG(&buf); err != nil || !strings.Contains(buf.String(), "<svg") || !strings.Contains(buf.String(), "Oman") {
			t.Errorf("the SVG: %v", err)
		}

		v.rearrange()
		waitFor(t, func() bool { return wb.app.Preferences().String(prefPlaces+sh.Store.ID()) == "" })
	}
}

// The map at a desk's largest: 500 actors and 2,000 relationships.
func TestTheNetworkMapAtScale(t *testing.T) {
	sh := newTestShell(t, false)
	sh.Win.Resize(fyne.NewSize(1600, 1000))
	var actors []string
	var recs []*data.Record
	for i := 0; i < 500; i++ {
		r := demo.SyntheticActor(i)
		r.Values["stance"] = data.Actor.Field("stance").Choices[i%5]
		r.Values["actor_type"] = data.Actor.Field("actor_type").Choices[i%3]
		actors = append(actors, r.ID)
		recs = append(recs, r)
	}
	for i := 0; i < 2000; i++ {
		recs = append(recs, demo.SyntheticRelationship(i, actors))
	}
	if err := sh.Store.InsertAll(recs); err != nil {
		t.Fatal(err)
	}
	v := sh.Bench.network
	sh.Bench.showView(v)
	waitFor(t, func() bool { return len(v.shown.Actors) == 500 && len(v.places) == 500 })
	if n := len(v.shown.Ties); n < 1900 {
		t.Errorf("%d ties drawn", n)
	}
	capture(t, sh.Win, "network-500")
}

// What a relationship type means is set in Workspace → Vocabularies; the
// map draws a tie of mistrust dashed from that, whatever the type is
// called.
func TestAMeaningIsSetInTheVocabularyEditor(t *testing.T) {
	sh := newTestShell(t, true)
	wb := sh.Bench
	wb.showView(wb.network)
	waitFor(t, func() bool { return len(wb.network.shown.Ties) == 14 })
	wb.showVocabularies()
	e := wb.vocab
	if e.means.Visible() {
		t.Error("a list whose values mean nothing offers meanings")
	}
	for i, vf := range e.fields {
		if vf.Kind == data.Relationship {
			e.field.SetSelectedIndex(i)
		}
	}
	if !e.means.Visible() || !e.means.Disabled() {
		t.Error("the relationship types offer no meaning, or offer one with no value picked")
	}
	for i, r := range e.rows {
		if r.value == "rivalry" {
			e.list.Select(i)
		}
	}
	if e.means.Selected != "mistrust" {
		t.Errorf("rivalry shows as meaning %q", e.means.Selected)
	}
	e.means.SetSelected("neutral")
	if got := sh.Store.Vocabulary().Tone(data.Relationship, data.Relationship.Field("rel_type"), "rivalry"); got != data.Neutral {
		t.Errorf("rivalry now means %s", got)
	}
	if !strings.Contains(e.status.Text, "“rivalry” now means neutral") {
		t.Errorf("the editor says %q", e.status.Text)
	}
	capture(t, sh.Win, "vocabularies-meanings")
	wb.closeDialog()
	// The map, showing meanwhile, redraws the hardliners' rivalry solid.
	waitFor(t, func() bool {
		for _, x := range wb.network.shown.Ties {
			if x.Type == "rivalry" {
				return x.Tone == data.Neutral
			}
		}
		return false
	})
}

// The map's GraphML… button offers the network's formats, capped at the
// label the map shows up to.
func TestTheNetworkExportDialog(t *testing.T) {
	sh := newTestShell(t, true)
	v := sh.Bench.network
	sh.Bench.showView(v)
	v.upTo.SetSelected(string(data.TLPGreen))
	waitFor(t, func() bool { return len(v.shown.Actors) == 4 })
	test.Tap(findButton(sh.Win.Canvas(), "GraphML…"))
	var formats, caps *widget.Select
	for _, o := range test.LaidOutObjects(sh.Win.Canvas().Overlays().Top()) {
		if s, ok := o.(*widget.Select); ok {
			switch {
			case slices.Contains(s.Options, "gexf"):
				formats = s
			case slices.Contains(s.Options, string(data.TLPRed)):
				caps = s
			}
		}
	}
	if formats == nil || formats.Selected != "graphml" || caps == nil || caps.Selected != string(data.TLPGreen) {
		t.Fatalf("the dialog offers %v, up to %v", formats, caps)
	}
	capture(t, sh.Win, "network-export")
}
