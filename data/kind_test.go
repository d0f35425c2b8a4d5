package data

import (
	"slices"
	"testing"
)

// What views read from the descriptions holds together: closed states are
// choices of their field, due fields are dates, one of each per kind.
func TestDueAndClosedDescribeRealFields(t *testing.T) {
	for _, k := range Kinds {
		var due, status int
		for _, f := range k.Fields {
			for _, c := range f.Closed {
				if f.Type != Choice || !slices.Contains(f.Choices, c) {
					t.Errorf("%s.%s: closed %q is not one of its choices", k.Name, f.Key, c)
				}
			}
			if len(f.Closed) > 0 {
				status++
			}
			if f.Due {
				due++
				if f.Type != Date {
					t.Errorf("%s.%s is due but not a date", k.Name, f.Key)
				}
			}
		}
		if due > 1 || status > 1 {
			t.Errorf("%s has %d due fields and %d status fields; views read one of each", k.Name, due, status)
		}
	}
	for _, c := range FollowUpClosed {
		if !slices.Contains(FollowUpStatuses, c) {
			t.Errorf("follow-up state %q is not one", c)
		}
	}
}
