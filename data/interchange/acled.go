package interchange

import (
	"strconv"
	"strings"
	"time"

	"convenor/data"
)

// readACLED turns an ACLED export, already read as CSV, into signal rows.
// Columns are found by name in any case: exports since 2019 write them in
// lower case (event_id_cnty), older ones in capitals (EVENT_ID_CNTY).
func readACLED(src *Table) *Table {
	t := &Table{Name: src.Name, Unit: src.Unit, Header: eventHeader, Problems: src.Problems}
	col := func(name string) int { return indexOfFold(src.Header, name) }
	at := map[string]int{}
	for _, name := range []string{"event_id_cnty", "event_date", "disorder_type", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
		"actor2", "assoc_actor_2", "interaction", "civilian_targeting", "country", "admin1", "admin2", "location", "latitude", "longitude",
		"source", "source_scale", "notes", "fatalities"} {
		at[name] = col(name)
	}
	for _, row := range src.Rows {
		get := func(name string) string {
			if i := at[name]; i >= 0 {
				return strings.TrimSpace(row.Cells[i])
			}
			return ""
		}
		t.Rows = append(t.Rows, Row{Line: row.Line, Cells: acledEvent(get).cells()})
	}
	return t
}

func acledEvent(get func(string) string) *event {
	e := &event{ref: "ACLED:" + get("event_id_cnty"), tag: "acled", lat: get("latitude"), long: get("longitude"), source: get("source")}
	e.date = acledDate(get("event_date"))
	e.place = joinNonEmpty(", ", get("location"), get("admin1"), get("country"))
	e.kind, e.severity = acledKind(get("event_type"), get("sub_event_type"), get("fatalities"))
	for _, a := range []string{"actor1", "actor2"} {
		if v := get(a); v != "" {
			e.actors = append(e.actors, v)
		}
	}
	e.title = joinNonEmpty(": ", get("sub_event_type"), joinNonEmpty(" — ", get("actor1"), get("location")))
	var b strings.Builder
	if n := get("notes"); n != "" {
		b.WriteString(n + "\n\n")
	}
	b.WriteString(joinNonEmpty("; ",
		labelled("Event", joinNonEmpty(" / ", get("disorder_type"), get("event_type"), get("sub_event_type"))),
		labelled("Fatalities", get("fatalities")),
		labelled("Associated with actor 1", get("assoc_actor_1")),
		labelled("Associated with actor 2", get("assoc_actor_2")),
		labelled("Interaction", get("interaction")),
		labelled("Civilian targeting", get("civilian_targeting")),
		labelled("Source scale", get("source_scale")),
		labelled("ACLED event", get("event_id_cnty"))) + ".")
	e.summary = b.String()
	return e
}

func labelled(label, v string) string {
	if v == "" {
		return ""
	}
	return label + ": " + v
}

// acledDate reads the forms ACLED's exports have used: 2024-01-15,
// 15 January 2024, 15-January-2024. Anything else is passed on as it is,
// for the row to be refused with the date's own message.
func acledDate(s string) string {
	for _, layout := range []string{data.DateLayout, "2 January 2006", "02 January 2006", "2-January-2006", "02-January-2006", "2006/01/02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format(data.DateLayout)
		}
	}
	return s
}

// acledKind gives a signal's kind and direction and severity for an ACLED
// event type: political violence is military and escalatory, more so with
// more deaths (+3, +4 from 10, +5 from 100); riots +2 (and the older
// exports' "Riots/Protests") and protests +1; an
// agreement among strategic developments is de-escalatory (-2), the rest
// of them other and level (0).
func acledKind(eventType, subType, fatalities string) (kind, severity string) {
	dead, _ := strconv.Atoi(fatalities)
	switch strings.ToLower(eventType) {
	case "battles", "explosions/remote violence", "remote violence", "violence against civilians":
		s := 3
		if dead >= 100 {
			s = 5
		} else if dead >= 10 {
			s = 4
		}
		return "military", strconv.Itoa(s)
	case "riots", "riots/protests": // the older exports' one type for both
		return "other", "2"
	case "protests":
		return "rhetorical", "1"
	case "strategic developments":
		if strings.EqualFold(subType, "agreement") {
			return "de-escalatory move", "-2"
		}
		return "other", "0"
	}
	return "other", "0"
}
