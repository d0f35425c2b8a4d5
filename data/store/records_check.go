package store

import (
	"context"
	"sort"
	"strconv"

	"convenor/data"
)

// recordState is a record as verify sees it: who it is and its state.
type recordState struct {
	id, ref, state string
}

// recordStates reads every record with its links and follow-up actions and
// hashes its content. Pages follow the detail table's key, so each starts
// where the last ended instead of counting its way past every record
// before it.
func (s *Store) recordStates(ctx context.Context) ([]recordState, error) {
	const page = 1000
	var out []recordState
	for _, k := range data.Kinds {
		query := selectSQL(k, "d.id > ? ORDER BY d.id LIMIT "+strconv.Itoa(page))
		for after := ""; ; {
			recs, err := scanRecords(s.under(ctx), k, query, []any{after})
			if err != nil {
				return nil, err
			}
			if len(recs) == 0 {
				break
			}
			if err := readLists(s.under(ctx), k, recs); err != nil {
				return nil, err
			}
			for _, r := range recs {
				out = append(out, recordState{r.ID, data.RecordRef(k.Label, r.Title, r.ID), r.State()})
			}
			after = recs[len(recs)-1].ID
		}
	}
	return out, nil
}

// compareRecords checks every record against the state the last entry that
// wrote it recorded, and names what differs: a record changed outside
// Convenor, one the trail never saw, one the trail says exists but the
// workspace lacks. Records last written before entries carried states are
// counted as unchecked.
func compareRecords(rep *data.ChainReport, states []recordState, last map[string]lastWrite) {
	present := make(map[string]bool, len(states))
	for _, r := range states {
		rep.Records++
		present[r.id] = true
		w, seen := last[r.id]
		switch {
		case !seen || w.gone():
			rep.Unrecorded = append(rep.Unrecorded, r.ref)
		case w.state == "":
			rep.Unchecked++
		case w.state != r.state:
			rep.Changed = append(rep.Changed, r.ref)
		}
	}
	for id, w := range last {
		if !w.gone() && !present[id] {
			rep.Missing = append(rep.Missing, w.ref(id))
		}
	}
	sort.Strings(rep.Changed)
	sort.Strings(rep.Unrecorded)
	sort.Strings(rep.Missing)
	if len(rep.Changed)+len(rep.Unrecorded)+len(rep.Missing) > 0 {
		rep.Intact = false
	}
}
