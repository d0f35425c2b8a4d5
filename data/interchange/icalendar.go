package interchange

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/emersion/go-ical"

	"convenor/data"
)

// iCalendar (RFC 5545) for calendars: each dated engagement a VEVENT, its
// follow-up actions VTODOs related to it, written with emersion's go-ical.
// Times are written in UTC, which every calendar places right in its own
// zone; the engagement's own zone and local time are said in the
// description. Participants are attendees named, with no address unless
// the export asks (AttendeeAddresses): a calendar file travels, and how
// to reach a person is not its business by default.

// attendeeRole is a participant's part as iCalendar names it.
var attendeeRole = map[string]string{"host": "CHAIR", "participant": "REQ-PARTICIPANT", "observer": "OPT-PARTICIPANT", "note-taker": "NON-PARTICIPANT"}

// eventClass is an engagement's visibility as a calendar's class.
var eventClass = map[string]string{"public": "PUBLIC", "closed": "CONFIDENTIAL", "invitation-only": "PRIVATE"}

// todoStatus is a follow-up's status as a to-do's.
var todoStatus = map[string]string{"open": "NEEDS-ACTION", "done": "COMPLETED", "dropped": "CANCELLED"}

// dated keeps the engagements that have a start: a calendar has no place
// for the others.
func dated(recs []*data.Record) []*data.Record {
	var out []*data.Record
	for _, r := range recs {
		if _, ok := r.Values[data.FieldStarts].(time.Time); ok {
			out = append(out, r)
		}
	}
	return out
}

// attendeeAddresses is each participant's email, when e asks for them:
// the first email contact point of the actor labelled within the cap.
func attendeeAddresses(ctx context.Context, s Source, e *Export, recs []*data.Record) (map[string]string, error) {
	out := map[string]string{}
	if !e.AttendeeAddresses {
		return out, nil
	}
	getter, ok := s.(interface {
		Get(id string) (*data.Record, error)
	})
	if !ok {
		return nil, fmt.Errorf("this workspace cannot give attendees' addresses")
	}
	for _, r := range recs {
		for _, l := range r.Links("participants") {
			if _, done := out[l.ID]; done {
				continue
			}
			a, err := getter.Get(l.ID)
			if err != nil {
				return nil, err
			}
			out[l.ID] = ""
			for _, c := range a.Contacts() {
				if c.Kind == "email" && (e.MaxTLP == "" || c.TLP.Rank() >= e.MaxTLP.Rank()) {
					out[l.ID] = c.Value
					e.Label = data.MostRestrictive(e.Label, c.TLP) // the file carries what it holds
					break
				}
			}
		}
	}
	return out, ctx.Err()
}

func writeICalendar(w io.Writer, e *Export, recs []*data.Record, targets map[string]linked, addresses map[string]string) error {
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropProductID, "-//Convenor//Convenor "+string(e.Label)+"//EN")
	cal.Props.SetText("X-WR-CALDESC", e.banner())
	for _, r := range recs {
		starts := r.Values[data.FieldStarts].(time.Time)
		ev := ical.NewEvent()
		ev.Props.SetText(ical.PropUID, r.ID+"@convenor")
		ev.Props.SetDateTime(ical.PropDateTimeStamp, e.Generated.UTC())
		ev.Props.SetDateTime(ical.PropDateTimeStart, starts.UTC())
		if ends, ok := r.Values[data.FieldEnds].(time.Time); ok && ends.After(starts) {
			ev.Props.SetDateTime(ical.PropDateTimeEnd, ends.UTC())
		}
		ev.Props.SetDateTime(ical.PropLastModified, r.UpdatedAt.UTC())
		ev.Props.SetText(ical.PropSummary, r.Title)
		if venue := text(r, "venue"); venue != "" {
			ev.Props.SetText(ical.PropLocation, venue)
		}
		if c := eventClass[text(r, "visibility")]; c != "" {
			ev.Props.SetText(ical.PropClass, c)
		}
		if len(r.Tags) > 0 {
			p := ical.NewProp(ical.PropCategories)
			p.SetTextList(r.Tags)
			ev.Props.Set(p)
		}
		ev.Props.SetText(ical.PropDescription, eventDescription(r, starts))
		ev.Props.SetText("X-TLP", string(r.TLP))
		for _, l := range r.Links("participants") {
			a := ical.NewProp(ical.PropAttendee)
			a.Value = "urn:uuid:" + l.ID // no address unless asked: see above
			if addr := addresses[l.ID]; addr != "" {
				a.Value = "mailto:" + addr
			}
			// go-ical refuses a parameter holding a double quote (it could not
			// quote it): a name's own quotes become single ones.
			a.Params.Set(ical.ParamCommonName, strings.ReplaceAll(targets[l.ID].Title, `"`, "'"))
			if role := attendeeRole[l.Role]; role != "" {
				a.Params.Set(ical.ParamRole, role)
			}
			ev.Props.Add(a)
		}
		cal.Children = append(cal.Children, ev.Component)
		for _, f := range r.FollowUps() {
			todo := ical.NewComponent(ical.CompToDo)
			todo.Props.SetText(ical.PropUID, r.ID+"-"+f.ID+"@convenor")
			todo.Props.SetDateTime(ical.PropDateTimeStamp, e.Generated.UTC())
			todo.Props.SetText(ical.PropSummary, f.Action)
			if d, err := time.Parse(data.DateLayout, f.Due); err == nil {
				todo.Props.SetDate(ical.PropDue, d)
			}
			if st := todoStatus[f.Status]; st != "" {
				todo.Props.SetText(ical.PropStatus, st)
			}
			if f.Owner != "" {
				todo.Props.SetText(ical.PropDescription, "Owner: "+f.Owner+". Follows "+r.Title+".")
			}
			todo.Props.SetText(ical.PropRelatedTo, r.ID+"@convenor")
			todo.Props.SetText("X-TLP", string(r.TLP))
			cal.Children = append(cal.Children, todo)
		}
	}
	if len(cal.Children) == 0 {
		// A calendar must hold something: say why it is empty.
		return fmt.Errorf("no dated engagement to write (a calendar needs at least one)")
	}
	return ical.NewEncoder(w).Encode(cal)
}

// eventDescription is the agenda and outcome, led by the label and the
// local time where the engagement takes place.
func eventDescription(r *data.Record, starts time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s — %s.\n", r.TLP, data.TLPMeaning[r.TLP])
	if zone := text(r, data.FieldTimeZone); zone != "" {
		if loc, err := time.LoadLocation(zone); err == nil {
			fmt.Fprintf(&b, "Local time: %s (%s).\n", starts.In(loc).Format("Mon 2 Jan 2006 15:04"), zone)
		}
	}
	if on, _ := r.Values["chatham_house"].(bool); on {
		b.WriteString("Under the Chatham House Rule.\n")
	}
	for _, f := range []struct{ label, key string }{{"Agenda", "agenda"}, {"Outcome", "outcome"}} {
		if v := text(r, f.key); v != "" {
			fmt.Fprintf(&b, "\n%s:\n%s\n", f.label, v)
		}
	}
	return strings.TrimSpace(b.String())
}
