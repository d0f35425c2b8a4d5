package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"convenor/data"
	"convenor/data/demo"
)

func TestEveryKindRoundTripsEveryField(t *testing.T) {
	s := newStore(t)
	for _, k := range data.Kinds {
		t.Run(k.Label, func(t *testing.T) {
			r := data.NewRecord(k)
			r.Title = k.Label + " with every field — ایران"
			r.TLP = data.TLPAmberStrict
			r.Tags = []string{"alpha", "בטא"}
			r.Notes = "Notes, likely (55-80%)\nsecond line"
			for i := range k.Fields {
				if f := &k.Fields[i]; f.Writable() {
					r.Values[f.Key] = sample(t, s, f, r)
				}
			}
			if err := s.Insert(r); err != nil {
				t.Fatal(err)
			}
			want := textForm(r) // after Insert, which names the linked records
			got, err := s.Get(r.ID)
			if err != nil {
				t.Fatal(err)
			}
			for key, w := range want {
				if g := textForm(got)[key]; g != w {
					t.Errorf("%s: stored %q, read back %q", key, w, g)
				}
			}
			if got.CreatedBy != "tester" || got.CreatedAt.IsZero() || !got.UpdatedAt.Equal(got.CreatedAt) {
				t.Errorf("created/updated not kept: %+v", got)
			}
			for i := range k.Fields {
				f := &k.Fields[i]
				if f.Writable() && got.Values[f.Key] == nil {
					t.Errorf("%s came back empty", f.Label)
				}
				if f.Type == data.Links {
					for j, l := range r.Links(f.Key) {
						if g := got.Links(f.Key)[j]; g.ID != l.ID || g.Role != l.Role {
							t.Errorf("%s entry %d: stored %+v, read back %+v", f.Label, j, l, g)
						}
					}
				}
			}
		})
	}
}

func TestRiskScoreIsLikelihoodTimesImpact(t *testing.T) {
	s := newStore(t)
	r := minimal(t, s, data.Risk, "Leak")
	r.Values["likelihood"], r.Values["impact"] = int64(4), int64(5)
	r.Values["residual_likelihood"], r.Values["residual_impact"] = int64(2), int64(3)
	if err := s.Update(r); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Get(r.ID)
	if got.Values["score"] != int64(20) || got.Values["residual_score"] != int64(6) {
		t.Fatalf("score %v residual %v, want 20 and 6", got.Values["score"], got.Values["residual_score"])
	}
}

// Each rule of the descriptions rejects a bad value, names the field, and
// leaves the workspace as it was.
func TestValidationRejectsBadValuesNamingTheField(t *testing.T) {
	s := newStore(t)
	type bad struct {
		field string
		value any
		want  string
	}
	cases := map[*data.Kind][]bad{}
	for _, k := range data.Kinds {
		for i := range k.Fields {
			f := &k.Fields[i]
			var b []bad
			if f.Required && f.Writable() {
				b = append(b, bad{f.Key, nil, "is required"})
			}
			switch f.Type {
			case data.Choice:
				b = append(b, bad{f.Key, "not-a-choice", "must be one of"})
			case data.Int:
				if f.Bounded() {
					b = append(b, bad{f.Key, int64(f.Max) + 1, "must be from"}, bad{f.Key, int64(f.Min) - 1, "must be from"})
				}
			case data.Float:
				b = append(b, bad{f.Key, f.Max + 0.5, "must be from"})
			case data.Date:
				b = append(b, bad{f.Key, "2026-02-30", "YYYY-MM-DD"})
			case data.TimeZone:
				b = append(b, bad{f.Key, "Mars/Olympus_Mons", "time zone"})
			case data.Text:
				b = append(b, bad{f.Key, "two\nlines", "one line"})
			case data.Links:
				if len(f.Choices) > 0 {
					b = append(b, bad{f.Key, []data.Link{{ID: "x", Role: "spy"}}, "roles are"})
				}
			case data.FollowUps:
				b = append(b, bad{f.Key, []data.FollowUp{{Action: "", Status: "open"}}, "needs a description"},
					bad{f.Key, []data.FollowUp{{Action: "a", Due: "soon", Status: "open"}}, "due date"})
			}
			cases[k] = append(cases[k], b...)
		}
		cases[k] = append(cases[k], bad{"title", "", "is required"}, bad{"tlp", data.TLP("TLP:WHITE"), "must be one of TLP:RED"})
	}
	cases[data.Relationship] = append(cases[data.Relationship], bad{"to_actor", "same", "different actor"})
	cases[data.Engagement] = append(cases[data.Engagement], bad{"ends", time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), "before the start"})

	total := 0
	for _, list := range cases {
		total += len(list)
	}
	if total < 60 {
		t.Fatalf("only %d bad values built from the descriptions", total)
	}
	for k, list := range cases {
		for _, c := range list {
			r := data.NewRecord(k)
			r.Title = "Valid title"
			for i := range k.Fields {
				if f := &k.Fields[i]; f.Required && r.Values[f.Key] == nil {
					r.Values[f.Key] = sample(t, s, f, r)
				}
			}
			r.Values["starts"] = time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
			switch c.field {
			case "title":
				r.Title = c.value.(string)
			case "tlp":
				r.TLP = c.value.(data.TLP)
			default:
				if c.value == "same" {
					c.value = r.Values["from_actor"]
				}
				r.Values[c.field] = c.value
			}
			before := count(t, s, "SELECT count(*) FROM audit")
			err := s.Insert(r)
			v, ok := data.AsValidation(err)
			if !ok {
				t.Errorf("%s.%s = %v: want a validation error, got %v", k.Name, c.field, c.value, err)
				continue
			}
			if msg := v.For(c.field); !strings.Contains(msg, c.want) {
				t.Errorf("%s.%s = %v: message %q does not say %q (all: %v)", k.Name, c.field, c.value, msg, c.want, err)
			}
			if label := fieldLabel(k, c.field); !strings.Contains(err.Error(), label) {
				t.Errorf("%s.%s: error %q does not name the field %q", k.Name, c.field, err, label)
			}
			if after := count(t, s, "SELECT count(*) FROM audit"); after != before {
				t.Errorf("%s.%s: a rejected record wrote %d audit entries", k.Name, c.field, after-before)
			}
		}
	}
}

func TestReferencesMustExistAndBeOfTheRightKind(t *testing.T) {
	s := newStore(t)
	ch := minimal(t, s, data.Channel, "A channel")
	a := data.NewRecord(data.Actor)
	a.Title = "Envoy"
	a.Values["affiliation"] = ch.ID
	err := s.Insert(a)
	if v, ok := data.AsValidation(err); !ok || !strings.Contains(v.For("affiliation"), "must be an Actor, not a Channel") {
		t.Fatalf("wrong-kind reference: %v", err)
	}
	a.Values["affiliation"] = "00000000-0000-0000-0000-000000000000"
	err = s.Insert(a)
	if v, ok := data.AsValidation(err); !ok || !strings.Contains(v.For("affiliation"), "does not exist") {
		t.Fatalf("missing reference: %v", err)
	}
	if n := count(t, s, "SELECT count(*) FROM records WHERE kind='actor'"); n != 0 {
		t.Fatalf("%d actors written by refused inserts", n)
	}
}

// A write that fails after part of it reached the database leaves nothing.
func TestFailedWriteLeavesNothingBehind(t *testing.T) {
	s := newStore(t)
	host := minimal(t, s, data.Actor, "Host")
	tables := []string{"records", "engagement", "links", "follow_ups", "audit", "search"}
	before := map[string]int{}
	for _, tb := range tables {
		before[tb] = count(t, s, "SELECT count(*) FROM "+tb)
	}
	e := data.NewRecord(data.Engagement)
	e.Title = "Doomed dialogue"
	e.Values["eng_type"] = "dialogue"
	e.Values["participants"] = []data.Link{{ID: host.ID, Role: "host"}}
	// Two actions with one id: the second insert fails after the record,
	// its row, its links and the first action were written.
	e.Values["follow_ups"] = []data.FollowUp{{ID: "dup", Action: "one", Status: "open"}, {ID: "dup", Action: "two", Status: "open"}}
	if err := s.Insert(e); err == nil {
		t.Fatal("insert with duplicate action ids succeeded")
	}
	for _, tb := range tables {
		if n := count(t, s, "SELECT count(*) FROM "+tb); n != before[tb] {
			t.Errorf("%s: %d rows before, %d after a failed insert", tb, before[tb], n)
		}
	}
	if _, err := s.Get(e.ID); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("failed record can be read: %v", err)
	}
}

func TestAuditAndSearchFollowCreateUpdateDelete(t *testing.T) {
	s := newStore(t)
	org := minimal(t, s, data.Actor, "Think tank")
	a := data.NewRecord(data.Actor)
	a.Title = "Retired diplomat"
	a.Values["native_name"] = "دیپلمات بازنشسته"
	a.Values["affiliation"] = org.ID
	a.Notes = "met in Muscat"
	if err := s.Insert(a); err != nil {
		t.Fatal(err)
	}
	hits := func(q string) []data.Hit {
		h, err := s.Search(context.Background(), q, 10)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	if h := hits("Musc"); len(h) != 1 || h[0].ID != a.ID {
		t.Fatalf("prefix search for a note word: %+v", h)
	}
	if h := hits("دیپلمات"); len(h) != 1 {
		t.Fatalf("search in Persian: %+v", h)
	}
	hist, _ := s.History(a.ID)
	if len(hist) != 1 || hist[0].Action != "create" || hist[0].User != "tester" {
		t.Fatalf("history after create: %+v", hist)
	}

	a.Title = "Retired ambassador"
	a.Notes = "met in Doha"
	if err := s.Update(a); err != nil {
		t.Fatal(err)
	}
	if len(hits("Muscat")) != 0 || len(hits("Doha ambassador")) != 1 {
		t.Fatal("search index not updated")
	}
	hist, _ = s.History(a.ID)
	if len(hist) != 2 || hist[0].Action != "update" {
		t.Fatalf("history after update: %+v", hist)
	}
	changed := map[string]data.Change{}
	for _, c := range hist[0].Changes {
		changed[c.Field] = c
	}
	if c := changed["title"]; c.Before != "Retired diplomat" || c.After != "Retired ambassador" || c.Label != "Name" {
		t.Errorf("title change: %+v", c)
	}
	if _, ok := changed["native_name"]; ok || len(changed) != 2 {
		t.Errorf("unchanged fields in the entry: %+v", changed)
	}
	if err := s.Update(a); err != nil {
		t.Fatal(err)
	}
	if hist, _ = s.History(a.ID); len(hist) != 2 {
		t.Errorf("saving without changes wrote an audit entry")
	}

	// Deleting the organisation unlinks the diplomat through an audited update.
	if _, err := s.Delete(org.ID); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Get(a.ID)
	if got.Values["affiliation"] != nil {
		t.Errorf("affiliation still points to the deleted record")
	}
	hist, _ = s.History(a.ID)
	if hist[0].Changes[0].Field != "affiliation" {
		t.Errorf("unlinking not audited: %+v", hist[0])
	}
	if _, err := s.Delete(a.ID); err != nil {
		t.Fatal(err)
	}
	if len(hits("ambassador")) != 0 {
		t.Error("deleted record still found")
	}
	hist, _ = s.History(a.ID)
	if hist[0].Action != "delete" {
		t.Fatalf("delete not audited: %+v", hist[0])
	}
	kept := map[string]string{}
	for _, c := range hist[0].Changes {
		kept[c.Field] = c.Before
	}
	if kept["native_name"] != "دیپلمات بازنشسته" || kept["notes"] != "met in Doha" {
		t.Errorf("delete entry does not keep the record: %v", kept)
	}
	if n := count(t, s, "SELECT count(*) FROM search"); n != 0 {
		t.Errorf("%d rows left in the index", n)
	}
}

func TestDeletingAParticipantUpdatesTheEngagement(t *testing.T) {
	s := newStore(t)
	a, b := minimal(t, s, data.Actor, "Host"), minimal(t, s, data.Actor, "Guest")
	e := data.NewRecord(data.Engagement)
	e.Title, e.Values["eng_type"] = "Seminar", "seminar"
	e.Values["participants"] = []data.Link{{ID: a.ID, Role: "host"}, {ID: b.ID, Role: "participant"}}
	if err := s.Insert(e); err != nil {
		t.Fatal(err)
	}
	back, _ := s.Backlinks(b.ID)
	if len(back) != 1 || back[0].ID != e.ID || back[0].Field.Key != "participants" || back[0].Role != "participant" {
		t.Fatalf("backlinks: %+v", back)
	}
	if _, err := s.Delete(b.ID); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Get(e.ID)
	if l := got.Links("participants"); len(l) != 1 || l[0].ID != a.ID || l[0].Title != "Host" {
		t.Fatalf("participants after delete: %+v", l)
	}
	hist, _ := s.History(e.ID)
	if c := hist[0].Changes[0]; c.Field != "participants" || c.Before != "Host (host); Guest (participant)" || c.After != "Host (host)" {
		t.Errorf("audited change: %+v", c)
	}
}

// TestInsertAllIsAllOrNothing: one invalid record among many writes none.
func TestInsertAllIsAllOrNothing(t *testing.T) {
	s := newStore(t)
	recs := []*data.Record{demo.SyntheticSignal(0), demo.SyntheticSignal(1), demo.SyntheticActor(0)}
	bad := demo.SyntheticSignal(2)
	bad.Values["severity"] = int64(9)
	if err := s.InsertAll(append(recs, bad)); err == nil || !strings.Contains(err.Error(), "severity") && !strings.Contains(err.Error(), "Direction and severity") {
		t.Fatalf("a bad record accepted: %v", err)
	}
	if n := count(t, s, "SELECT count(*) FROM records"); n != 0 {
		t.Fatalf("%d records written by a refused InsertAll", n)
	}
	if err := s.InsertAll(recs); err != nil {
		t.Fatal(err)
	}
	if n := count(t, s, "SELECT count(*) FROM audit"); n != 3 {
		t.Errorf("%d audit entries, want one per record", n)
	}
}

// TestARecordIdCannotBeUsedTwice: the clash is told by SQLite's error code,
// in a sentence.
func TestARecordIdCannotBeUsedTwice(t *testing.T) {
	s := newStore(t)
	r := minimal(t, s, data.Actor, "Iran")
	again := data.NewRecord(data.Actor)
	again.ID, again.Title, again.Values["actor_type"] = r.ID, "Iran again", "state"
	if err := s.Insert(again); err == nil || err.Error() != "a record with id "+r.ID+" already exists" {
		t.Errorf("a second record with the same id: %v", err)
	}
}

// TestLimitsCountCharactersNotBytes: a 300-letter Persian name fits.
func TestLimitsCountCharactersNotBytes(t *testing.T) {
	s := newStore(t)
	r := data.NewRecord(data.Actor)
	r.Title = strings.Repeat("ش", 300)
	r.Values["actor_type"] = "person"
	r.Values["native_name"] = strings.Repeat("ש", 900)
	if err := s.Insert(r); err != nil {
		t.Fatalf("300 Persian letters refused: %v", err)
	}
	r = data.NewRecord(data.Actor)
	r.Title = strings.Repeat("ش", 501)
	r.Values["actor_type"] = "person"
	err := data.Validate(r)
	if v, ok := data.AsValidation(err); !ok || !strings.Contains(v.For("title"), "501 characters; at most 500") {
		t.Errorf("501 letters: %v", err)
	}
}
