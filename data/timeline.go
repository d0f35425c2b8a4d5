package data

// TimelineQuery asks for the signals of a span of days, of one kind, one
// actor and one place ("" for any), labelled up to UpTo, drawn in about
// Buckets columns.
type TimelineQuery struct {
	From, To string // "2006-01-02", inclusive
	Kind     string
	ActorID  string
	Place    string
	UpTo     TLP
	Buckets  int
}

// TimelineLimit is how many signals a span may hold to be drawn one by
// one; a span holding more is drawn by bucket.
const TimelineLimit = 1500

// TimelineSignal is one signal as the timeline draws it.
type TimelineSignal struct {
	ID, Title string
	TLP       TLP
	Day       string
	Severity  int64
	Kind      string
}

// TimelineBucket is a column of a span too full to draw signal by signal:
// how many of each kind, and the escalation and de-escalation they sum.
type TimelineBucket struct {
	First, Last string         // its days
	Count       int            // signals in it
	ByKind      map[string]int // of them, by kind
	Up, Down    int64          // the sums of positive and of negative severities
}

// Timeline is what the timeline view draws of a span: each signal when
// there are few enough, else the buckets; the escalation index of each
// day either way.
type Timeline struct {
	Count   int
	Signals []TimelineSignal
	Buckets []TimelineBucket
	Index   []IndexPoint
}
