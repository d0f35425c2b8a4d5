package data

import "time"

// CalendarEntry is one thing on a day of the calendar: an engagement at
// its start, or a follow-up action on its due date. Either opens the
// engagement.
type CalendarEntry struct {
	ID, Title string // the engagement
	TLP       TLP
	Starts    time.Time // an engagement's start (UTC); zero for a follow-up
	Zone      string    // the engagement's own time zone
	Venue     string
	Due       string // a follow-up's due date ("2006-01-02"); "" for an engagement
	Action    string // the follow-up action
	Done      bool   // the follow-up is closed (done or dropped)
}
