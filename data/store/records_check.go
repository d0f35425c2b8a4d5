package store

import (
	"context"
	"sort"

	"convenor/data"
)

// verifyRecords compares every record with the state the last entry that
// wrote it recorded, and names what differs: a record changed outside
// Convenor, one the trail never saw, one the trail says exists but the
// workspace lacks. Records last written before entries carried states are
// counted as unchecked.
func (s *Store) verifyRecords(ctx context.Context, rep *data.ChainReport, last map[string]lastWrite) error {
	const page = 1000
	for _, k := range data.Kinds {
		for off := 0; ; off += page {
			recs, err := s.ListWithLinks(ctx, data.Query{Kind: k, Limit: page, Offset: off})
			if err != nil {
				return err
			}
			for _, r := range recs {
				rep.Records++
				w, seen := last[r.ID]
				delete(last, r.ID)
				switch {
				case !seen || w.action == "delete":
					rep.Unrecorded = append(rep.Unrecorded, data.RecordRef(r.Kind.Label, r.Title, r.ID))
				case w.state == "":
					rep.Unchecked++
				case w.state != r.State():
					rep.Changed = append(rep.Changed, data.RecordRef(r.Kind.Label, r.Title, r.ID))
				}
			}
			if len(recs) < page {
				break
			}
		}
	}
	for id, w := range last {
		if w.action != "delete" {
			label := w.kind
			if k := data.KindByName(w.kind); k != nil {
				label = k.Label
			}
			rep.Missing = append(rep.Missing, data.RecordRef(label, w.title, id))
		}
	}
	sort.Strings(rep.Missing)
	if len(rep.Changed)+len(rep.Unrecorded)+len(rep.Missing) > 0 {
		rep.Intact = false
	}
	return nil
}
