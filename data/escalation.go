package data

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// The escalation index says, day by day, whether the signals a desk logs
// point to escalation (above zero) or de-escalation (below): on each day,
// the sum over the signals of the window of days ending that day of
//
//	severity × reliability weight × credibility weight
//
// where severity runs from -5 (strongly de-escalatory) to +5, and the
// weights read the Admiralty grades: a report from a completely reliable
// source that others confirm counts whole, one from an unreliable source
// that is improbable counts a fifth, one that cannot be judged counts half.
// docs/DOMAIN.md says the same; the view's help shows it.

// EscalationWindow is how many days, the day itself included, each day's
// index sums.
const EscalationWindow = 7

// The weights of the Admiralty grades, by their first letter or digit.
var (
	ReliabilityWeight = map[string]float64{"A": 1, "B": 0.8, "C": 0.6, "D": 0.4, "E": 0.2, "F": 0.5}
	CredibilityWeight = map[string]float64{"1": 1, "2": 0.8, "3": 0.6, "4": 0.4, "5": 0.2, "6": 0.5}
)

// SignalWeight is how much a signal graded reliability, credibility
// counts: an ungraded one counts as one that cannot be judged.
func SignalWeight(reliability, credibility string) float64 {
	r, ok := ReliabilityWeight[first(reliability)]
	if !ok {
		r = ReliabilityWeight["F"]
	}
	c, ok := CredibilityWeight[first(credibility)]
	if !ok {
		c = CredibilityWeight["6"]
	}
	return r * c
}

func first(grade string) string {
	if grade == "" {
		return ""
	}
	return grade[:1]
}

// WeightSQL is SignalWeight as an SQL expression over the columns
// reliability and credibility of table alias t, so a query can sum it
// where the rows are, built from the same weights.
func WeightSQL(t string) string {
	expr := func(col string, w map[string]float64, unknown float64) string {
		var b strings.Builder
		fmt.Fprintf(&b, "(CASE substr(COALESCE(%s.%s, ''), 1, 1)", t, col)
		for _, k := range slices.Sorted(maps.Keys(w)) {
			fmt.Fprintf(&b, " WHEN '%s' THEN %g", k, w[k])
		}
		fmt.Fprintf(&b, " ELSE %g END)", unknown)
		return b.String()
	}
	return expr("reliability", ReliabilityWeight, ReliabilityWeight["F"]) + " * " + expr("credibility", CredibilityWeight, CredibilityWeight["6"])
}

// IndexPoint is the escalation index on one day.
type IndexPoint struct {
	Day   string // "2006-01-02"
	Index float64
}

// EscalationIndex turns weighted severity summed by day (daily) into the
// index of each day from first to last, inclusive.
func EscalationIndex(daily map[string]float64, first, last time.Time) []IndexPoint {
	var out []IndexPoint
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		sum := 0.0
		for back := 0; back < EscalationWindow; back++ {
			sum += daily[d.AddDate(0, 0, -back).Format(DateLayout)]
		}
		out = append(out, IndexPoint{Day: d.Format(DateLayout), Index: sum})
	}
	return out
}
