package store

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"convenor/data"
	"convenor/data/interchange"
)

// Contact points keep their own labels, never below the record's; search
// finds those labelled as the record is, never one above it; an export
// capped at a label leaves out the points above it and says so.
func TestContactPointsKeepTheirLabels(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	r := data.NewRecord(data.Actor)
	r.Title, r.TLP = "Pakistani envoy to Tehran", data.TLPAmber
	r.Values["actor_type"] = "person"
	r.Values[data.FieldContacts] = []data.ContactPoint{{Kind: "email", Value: "envoy@mofa.gov.pk", Label: "office", TLP: data.TLPClear}}
	if err := s.Insert(r); err == nil || !strings.Contains(err.Error(), "less restrictive than the record's TLP:AMBER") {
		t.Fatalf("a point labelled below its record: %v", err)
	}
	r.Values[data.FieldContacts] = []data.ContactPoint{{Kind: "email", Value: "envoy at mofa", TLP: data.TLPAmber}}
	if err := s.Insert(r); err == nil || !strings.Contains(err.Error(), "is not an email address") {
		t.Fatalf("a malformed email: %v", err)
	}
	r.Values[data.FieldContacts] = []data.ContactPoint{
		{Kind: "email", Value: "envoy@mofa.gov.pk", Label: "office", TLP: data.TLPAmber},
		{Kind: "messaging", Value: "+92 300 0000000", Label: "Signal, personal", TLP: data.TLPRed},
	}
	if err := s.Insert(r); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(r.ID)
	if err != nil || len(got.Contacts()) != 2 || got.Contacts()[1].Label != "Signal, personal" || got.Contacts()[1].TLP != data.TLPRed {
		t.Fatalf("read back: %+v %v", got.Contacts(), err)
	}
	if hits, _ := s.Search(ctx, "mofa.gov.pk", 10); len(hits) != 1 {
		t.Errorf("the office email is not found: %+v", hits)
	}
	if hits, _ := s.Search(ctx, "Signal personal", 10); len(hits) != 0 {
		t.Errorf("a point labelled above its record is searchable: %+v", hits)
	}
	if rep, err := s.Verify(ctx); err != nil || !rep.Intact {
		t.Errorf("verify: %s %v", rep, err)
	}
	if _, err := s.db.Exec("UPDATE contact_points SET tlp = 'TLP:CLEAR'"); err != nil {
		t.Fatal(err)
	}
	if rep, _ := s.Verify(ctx); rep.Intact || len(rep.Changed) != 1 {
		t.Errorf("a point's label lowered outside the app: %s", rep)
	}
	if _, err := s.db.Exec("UPDATE contact_points SET tlp = CASE position WHEN 0 THEN 'TLP:AMBER' ELSE 'TLP:RED' END"); err != nil {
		t.Fatal(err)
	}

	var out bytes.Buffer
	e := &interchange.Export{Kind: data.Actor, MaxTLP: data.TLPAmber, Format: "json"}
	if err := interchange.Write(ctx, s, &out, e); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "+92 300") || !strings.Contains(out.String(), "envoy@mofa.gov.pk") || e.ContactsLeftOut != 1 || e.Label != data.TLPAmber {
		t.Errorf("export up to AMBER: left out %d, label %s:\n%s", e.ContactsLeftOut, e.Label, out.String())
	}
	out.Reset()
	e = &interchange.Export{Kind: data.Actor, Format: "json"}
	if err := interchange.Write(ctx, s, &out, e); err != nil {
		t.Fatal(err)
	}
	if e.Label != data.TLPRed || !strings.Contains(out.String(), "+92 300") {
		t.Errorf("an export of everything carries the RED point's label: %s", e.Label)
	}
}
