package store

import (
	"database/sql"

	"convenor/data"
)

// Deleting a record others point to: an optional link is dropped from
// them (an ordinary, audited update), but a record that needs the link (a
// relationship without its "To actor") would be left failing its own
// validation. Such a delete is refused, naming those records, unless the
// user asks for them to be deleted too, in the same transaction.

// Dependants lists what deleting ids would do to other records: each that
// only loses a link, and each that requires one of them and would have to
// be deleted too, together with what requires those in turn.
func (s *Store) Dependants(ids []string) ([]data.Dependant, error) {
	return dependants(s.db, ids)
}

func dependants(q queryer, ids []string) ([]data.Dependant, error) {
	gone := map[string]bool{}
	for _, id := range ids {
		gone[id] = true
	}
	var out []data.Dependant
	seen := map[string]bool{}
	for next := ids; len(next) > 0; {
		var more []string
		for _, id := range next {
			refs, err := referrers(q, id)
			if err != nil {
				return nil, err
			}
			for _, other := range refs {
				if gone[other] || seen[other+"\x00"+id] {
					continue
				}
				seen[other+"\x00"+id] = true
				rec, err := get(q, other)
				if err != nil {
					return nil, err
				}
				for _, f := range pointingFields(rec, id) {
					d := data.Dependant{ID: rec.ID, Title: rec.Title, Kind: rec.Kind, Field: f, To: id, Required: f.Required && f.Type == data.Ref}
					out = append(out, d)
					if d.Required && !gone[rec.ID] {
						gone[rec.ID] = true
						more = append(more, rec.ID)
					}
				}
			}
		}
		next = more
	}
	// A record that goes anyway is not also one that only loses a link.
	kept := out[:0]
	for _, d := range out {
		if d.Required || !gone[d.ID] {
			kept = append(kept, d)
		}
	}
	return kept, nil
}

// pointingFields are r's fields that point to id.
func pointingFields(r *data.Record, id string) []*data.Field {
	var out []*data.Field
	for i := range r.Kind.Fields {
		f := &r.Kind.Fields[i]
		switch f.Type {
		case data.Ref:
			if r.Values[f.Key] == id {
				out = append(out, f)
			}
		case data.Links:
			for _, l := range r.Links(f.Key) {
				if l.ID == id {
					out = append(out, f)
					break
				}
			}
		}
	}
	return out
}

// DeleteWithDependants deletes ids and every record that cannot do without
// them, in one transaction. Undo brings all of it back.
func (s *Store) DeleteWithDependants(ids []string) ([]*data.Edit, error) {
	return s.deleteInOne(ids, true)
}

// deleteInOne runs deleteSet in a transaction of its own.
func (s *Store) deleteInOne(ids []string, cascade bool) ([]*data.Edit, error) {
	var edits []*data.Edit
	err := s.write("deleting", func(tx *sql.Tx) (err error) {
		edits, err = s.deleteSet(tx, ids, cascade)
		return err
	})
	if err != nil {
		return nil, err
	}
	return edits, nil
}

// deleteSet deletes ids (with what requires them when cascade is set, or
// else refusing if anything does). Records that point to others in the set
// go first, so every delete only drops links from records that stay, and
// undoing, last first, brings back what is pointed to before what points.
func (s *Store) deleteSet(tx *sql.Tx, ids []string, cascade bool) ([]*data.Edit, error) {
	deps, err := dependants(tx, ids)
	if err != nil {
		return nil, err
	}
	set := map[string]bool{}
	all := append([]string(nil), ids...)
	var required []data.Dependant
	for _, d := range deps {
		if d.Required {
			required = append(required, d)
			all = append(all, d.ID)
		}
	}
	if len(required) > 0 && !cascade {
		return nil, &data.DependantsError{Required: required}
	}
	for _, id := range all {
		set[id] = true
	}
	var order []string
	placed := map[string]bool{}
	var place func(id string) error
	place = func(id string) error {
		if placed[id] {
			return nil
		}
		placed[id] = true // before its referrers: a cycle ends here
		refs, err := referrers(tx, id)
		if err != nil {
			return err
		}
		for _, r := range refs {
			if set[r] && r != id {
				if err := place(r); err != nil {
					return err
				}
			}
		}
		order = append(order, id)
		return nil
	}
	for _, id := range all {
		if err := place(id); err != nil {
			return nil, err
		}
	}
	var edits []*data.Edit
	for _, id := range order {
		e, err := s.delete(tx, id)
		if err != nil {
			return nil, err
		}
		edits = append(edits, e)
	}
	return edits, nil
}
