package store

import (
	"context"
	"sort"
	"strconv"

	"convenor/data"
)

// recordState is a record as verify sees it: who it is and its state.
type recordState struct {
	kind             *data.Kind
	id, title, state string
}

func (r recordState) ref() string { return data.RecordRef(r.kind.Label, r.title, r.id) }

// recordStates reads every record with its links and follow-up actions and
// hashes its content. Pages follow the detail table's key, so each starts
// where the last ended instead of counting its way past every record
// before it. A large kind is read in two halves at once: verify walks the
// chain at the same time, and reading the records is the longer of the
// two, so this keeps both cores busy until the end.
func (s *Store) recordStates(ctx context.Context) ([]recordState, error) {
	db := s.under(ctx)
	var spans []span
	for _, k := range data.Kinds {
		var n int
		if err := db.QueryRow("SELECT count(*) FROM " + k.Table).Scan(&n); err != nil {
			return nil, err
		}
		if n < 4*statePage {
			spans = append(spans, span{k, "", ""})
			continue
		}
		var middle string
		if err := db.QueryRow("SELECT id FROM "+k.Table+" ORDER BY id LIMIT 1 OFFSET ?", n/2).Scan(&middle); err != nil {
			return nil, err
		}
		spans = append(spans, span{k, "", middle}, span{k, middle, ""})
	}
	parts := make([][]recordState, len(spans))
	err := inParallel(len(spans), func(i int) (err error) {
		parts[i], err = spans[i].states(db)
		return err
	})
	var out []recordState
	for _, p := range parts {
		out = append(out, p...)
	}
	return out, err
}

const statePage = 1000

// span is the records of one kind whose ids are after from and up to to
// ("" for no bound).
type span struct {
	k        *data.Kind
	from, to string
}

func (sp span) states(db queryer) ([]recordState, error) {
	where, args := "d.id > ?", []any{sp.from}
	if sp.to != "" {
		where, args = where+" AND d.id <= ?", append(args, sp.to)
	}
	query := selectSQL(sp.k, where+" ORDER BY d.id LIMIT "+strconv.Itoa(statePage))
	var out []recordState
	for {
		recs, err := scanRecords(db, sp.k, query, args)
		if err != nil || len(recs) == 0 {
			return out, err
		}
		if err := readLists(db, sp.k, recs); err != nil {
			return nil, err
		}
		for _, r := range recs {
			out = append(out, recordState{sp.k, r.ID, r.Title, r.State()})
		}
		args[0] = recs[len(recs)-1].ID
	}
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
			rep.Unrecorded = append(rep.Unrecorded, r.ref())
		case w.state == "":
			rep.Unchecked++
		case w.state != r.state:
			rep.Changed = append(rep.Changed, r.ref())
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
