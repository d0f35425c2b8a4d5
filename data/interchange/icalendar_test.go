package interchange

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"convenor/data"
	"convenor/data/demo"
)

// Engagements go to calendars as iCalendar, read back with go-ical's
// decoder: each dated engagement an event at its instant, participants as
// attendees without addresses, follow-ups as to-dos tied to their event;
// a cap leaves out what is above it.
func TestEngagementsAsICalendar(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	if err := demo.Fill(s, testNow); err != nil {
		t.Fatal(err)
	}
	engagements, err := s.List(ctx, data.Query{Kind: data.Engagement, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	// A participant whose name holds double quotes, as names sometimes do.
	envoys, _ := s.List(ctx, data.Query{Kind: data.Actor, Text: "envoy"})
	envoy, _ := s.Get(envoys[0].ID)
	envoy.Title = `The "Gulf" envoy, Islamabad: demo`
	if err := s.Update(envoy); err != nil {
		t.Fatal(err)
	}
	read := func(max data.TLP) (*ical.Calendar, *Export) {
		t.Helper()
		var b bytes.Buffer
		e := &Export{Kind: data.Engagement, Format: "ics", MaxTLP: max}
		if err := Write(ctx, s, &b, e); err != nil {
			t.Fatal(err)
		}
		cal, err := ical.NewDecoder(&b).Decode()
		if err != nil {
			t.Fatalf("go-ical cannot read it: %v\n%s", err, b.String())
		}
		return cal, e
	}
	cal, e := read("")
	events := cal.Events()
	if len(events) == 0 || len(events) != e.Records {
		t.Fatalf("%d events for %d records", len(events), e.Records)
	}
	todos, attendees := 0, 0
	for _, c := range cal.Children {
		if c.Name == ical.CompToDo {
			todos++
			if rel := c.Props.Get(ical.PropRelatedTo); rel == nil || !strings.HasSuffix(rel.Value, "@convenor") {
				t.Errorf("a to-do tied to nothing: %+v", c.Props)
			}
		}
	}
	for _, ev := range events {
		uid, _ := ev.Props.Text(ical.PropUID)
		var rec *data.Record
		for _, r := range engagements {
			if r.ID+"@convenor" == uid {
				rec, _ = s.Get(r.ID)
			}
		}
		if rec == nil {
			t.Fatalf("an event for no engagement: %s", uid)
		}
		start, err := ev.DateTimeStart(time.UTC)
		if err != nil || !start.Equal(rec.Values[data.FieldStarts].(time.Time)) {
			t.Errorf("%q starts %v (%v), the record %v", rec.Title, start, err, rec.Values[data.FieldStarts])
		}
		for _, a := range ev.Props.Values(ical.PropAttendee) {
			attendees++
			if strings.Contains(a.Value, "mailto:") || a.Params.Get(ical.ParamCommonName) == "" {
				t.Errorf("an attendee: %+v", a)
			}
		}
		if d, _ := ev.Props.Text(ical.PropDescription); !strings.HasPrefix(d, string(rec.TLP)) {
			t.Errorf("the description does not lead with the label: %q", d)
		}
	}
	var cn []string
	for _, ev := range events {
		for _, a := range ev.Props.Values(ical.PropAttendee) {
			cn = append(cn, a.Params.Get(ical.ParamCommonName))
		}
	}
	if !slices.Contains(cn, `The 'Gulf' envoy, Islamabad: demo`) {
		t.Errorf("the quoted name: %q", cn)
	}
	if todos == 0 || attendees == 0 {
		t.Errorf("%d to-dos, %d attendees", todos, attendees)
	}
	amber, e := read(data.TLPAmber)
	for _, ev := range amber.Events() {
		if tlp, _ := ev.Props.Text("X-TLP"); tlp == string(data.TLPRed) || tlp == string(data.TLPAmberStrict) {
			t.Errorf("a %s event under TLP:AMBER", tlp)
		}
	}
	if e.LeftOut != 2 || len(amber.Events()) != 2 {
		t.Errorf("under TLP:AMBER: %d events, %d left out", len(amber.Events()), e.LeftOut)
	}
	if err := Write(ctx, s, &bytes.Buffer{}, &Export{Kind: data.Engagement, Format: "ics", MaxTLP: data.TLPGreen}); err == nil || !strings.Contains(err.Error(), "no dated engagement") {
		t.Errorf("an empty calendar: %v", err)
	}
	if err := Write(ctx, s, &bytes.Buffer{}, &Export{Kind: data.Signal, Format: "ics"}); err == nil {
		t.Error("signals were written as a calendar")
	}
}

// TestAttendeeAddressesOnlyWhenAsked: a participant with an email gets it
// in the calendar only when the export asks, and only one labelled within
// the cap; the file then carries that label.
func TestAttendeeAddressesOnlyWhenAsked(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	host := minimal(t, s, data.Actor, "Host of the dinner")
	host.TLP = data.TLPGreen
	host.Values[data.FieldContacts] = []data.ContactPoint{
		{Kind: "email", Value: "private@example.org", TLP: data.TLPRed},
		{Kind: "email", Value: "office@example.org", TLP: data.TLPGreen},
	}
	if err := s.Update(host); err != nil {
		t.Fatal(err)
	}
	dinner := data.NewRecord(data.Engagement)
	dinner.Title, dinner.TLP = "Quiet dinner", data.TLPGreen
	dinner.Values["eng_type"] = "meeting"
	dinner.Values[data.FieldStarts] = time.Date(2027, 1, 5, 18, 0, 0, 0, time.UTC)
	dinner.Values["participants"] = []data.Link{{ID: host.ID, Role: "host"}}
	if err := s.Insert(dinner); err != nil {
		t.Fatal(err)
	}
	attendee := func(asked bool, max data.TLP) string {
		var b bytes.Buffer
		if err := Write(ctx, s, &b, &Export{Kind: data.Engagement, Format: "ics", MaxTLP: max, AttendeeAddresses: asked}); err != nil {
			t.Fatal(err)
		}
		cal, err := ical.NewDecoder(&b).Decode()
		if err != nil {
			t.Fatal(err)
		}
		return cal.Events()[0].Props.Get(ical.PropAttendee).Value
	}
	if a := attendee(false, ""); a != "urn:uuid:"+host.ID {
		t.Errorf("not asked: %s", a)
	}
	if a := attendee(true, ""); a != "mailto:private@example.org" {
		t.Errorf("asked, no cap: %s", a)
	}
	if a := attendee(true, data.TLPGreen); a != "mailto:office@example.org" {
		t.Errorf("asked, up to GREEN: %s", a)
	}
}
