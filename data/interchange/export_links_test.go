package interchange

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"convenor/data"
	"convenor/data/demo"
)

// TestExportsCarryLinksAndLeaveOutThoseAboveTheCap: participants,
// follow-up actions, parties and references leave as id and title (and
// role); with a cap, a link to a record above it is left out, id and all.
func TestExportsCarryLinksAndLeaveOutThoseAboveTheCap(t *testing.T) {
	s := newStore(t)
	if err := demo.Fill(s, testNow); err != nil {
		t.Fatal(err)
	}
	secret := data.NewRecord(data.Actor)
	secret.Title, secret.TLP = "Unnamed intermediary", data.TLPRed
	secret.Values["actor_type"] = "person"
	if err := s.Insert(secret); err != nil {
		t.Fatal(err)
	}
	open := minimal(t, s, data.Actor, "Open interlocutor")
	meeting := data.NewRecord(data.Engagement)
	meeting.Title, meeting.TLP = "Quiet dinner", data.TLPGreen
	meeting.Values["eng_type"] = "meeting"
	meeting.Values["participants"] = []data.Link{{ID: secret.ID, Role: "host"}, {ID: open.ID, Role: "participant"}}
	meeting.Values["follow_ups"] = []data.FollowUp{{Action: "=HYPERLINK(\"http://evil.example\")", Owner: "Desk", Due: "2027-01-05", Status: "open"}}
	if err := s.Insert(meeting); err != nil {
		t.Fatal(err)
	}
	tie := data.NewRecord(data.Relationship)
	tie.Title, tie.TLP = "Dinner host knows the interlocutor", data.TLPGreen
	tie.Values["from_actor"], tie.Values["to_actor"], tie.Values["rel_type"] = secret.ID, open.ID, "channel"
	if err := s.Insert(tie); err != nil {
		t.Fatal(err)
	}

	exportJSON := func(k *data.Kind, max data.TLP) (map[string]map[string]any, *Export, string) {
		var b bytes.Buffer
		e := &Export{Kind: k, Format: "json", MaxTLP: max}
		if err := Write(context.Background(), s, &b, e); err != nil {
			t.Fatal(err)
		}
		var doc struct{ Records []map[string]any }
		if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		byTitle := map[string]map[string]any{}
		for _, r := range doc.Records {
			byTitle[r["title"].(string)] = r
		}
		return byTitle, e, b.String()
	}

	all, _, _ := exportJSON(data.Engagement, "")
	conf := all["Islamabad conference on the Iran–Israel question"]
	if conf == nil {
		for title := range all {
			if strings.Contains(title, "Islamabad") {
				conf = all[title]
			}
		}
	}
	parts, _ := conf["participants"].([]any)
	acts, _ := conf["follow_ups"].([]any)
	if len(parts) < 4 || len(acts) == 0 {
		t.Fatalf("engagement export without its participants (%d) or follow-ups (%d): %v", len(parts), len(acts), conf)
	}
	p0 := parts[0].(map[string]any)
	if p0["id"] == "" || p0["title"] == "" || p0["role"] == nil {
		t.Errorf("a participant without id, title or role: %v", p0)
	}
	inits, _, _ := exportJSON(data.Initiative, "")
	withParties := 0
	for _, r := range inits {
		if ps, _ := r["parties"].([]any); len(ps) > 0 {
			withParties++
		}
	}
	if withParties == 0 {
		t.Error("no initiative exported with its parties")
	}
	rels, _, _ := exportJSON(data.Relationship, "")
	ref, _ := rels[tie.Title]["from_actor"].(map[string]any)
	if ref["id"] != secret.ID || ref["title"] != secret.Title {
		t.Errorf("a reference exported as %v, want id and title", rels[tie.Title]["from_actor"])
	}

	capped, e, text := exportJSON(data.Engagement, data.TLPAmber)
	if strings.Contains(text, secret.ID) || strings.Contains(text, secret.Title) {
		t.Error("an export capped at AMBER names a TLP:RED participant")
	}
	parts, _ = capped[meeting.Title]["participants"].([]any)
	if len(parts) != 1 || e.LinksLeftOut == 0 || !strings.Contains(text, "links to records above TLP:AMBER left out") {
		t.Errorf("capped participants %v, %d left out", parts, e.LinksLeftOut)
	}
	_, _, text = exportJSON(data.Relationship, data.TLPAmber)
	if strings.Contains(text, secret.ID) {
		t.Error("a capped export carries the id of a reference above the cap")
	}

	var b bytes.Buffer
	if err := Write(context.Background(), s, &b, &Export{Kind: data.Engagement, Format: "csv", MaxTLP: data.TLPAmber}); err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(&b)
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[1] {
		col[strings.SplitN(h, " (", 2)[0]] = i
	}
	for _, row := range rows[2:] {
		if row[1] != meeting.Title {
			continue
		}
		if got := row[col["Participants"]]; got != "Open interlocutor | participant | "+open.ID {
			t.Errorf("participants cell %q", got)
		}
		if got := row[col["Follow-up actions"]]; !strings.HasPrefix(got, "'=HYPERLINK") {
			t.Errorf("a formula left live in a CSV cell: %q", got)
		}
	}
}

// TestCSVDefusesFormulasButKeepsNumbers: text starting = + - @ tab or CR is
// prefixed; a negative number stays a number.
func TestCSVDefusesFormulasButKeepsNumbers(t *testing.T) {
	s := newStore(t)
	sig := minimal(t, s, data.Signal, "@SUM(A1:A9)")
	sig.Values["severity"] = int64(-3)
	sig.Notes = "+1 555 0100"
	if err := s.Update(sig); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Write(context.Background(), s, &b, &Export{Kind: data.Signal, Format: "csv"}); err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(&b)
	cr.FieldsPerRecord = -1
	rows, _ := cr.ReadAll()
	row, head := rows[2], rows[1]
	for i, h := range head {
		switch h {
		case data.Signal.TitleLabel:
			if row[i] != "'@SUM(A1:A9)" {
				t.Errorf("title %q", row[i])
			}
		case "Notes":
			if row[i] != "'+1 555 0100" {
				t.Errorf("notes %q", row[i])
			}
		case data.Signal.Field("severity").Label:
			if row[i] != "-3" {
				t.Errorf("severity %q, want the number -3", row[i])
			}
		}
	}
}
