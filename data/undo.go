package data

import "database/sql"

// An Edit is one change a user made — a create, an edit or a delete — kept
// so that it can be undone.
type Edit struct {
	Before *Record // nil for a create
	After  *Record // nil for a delete
	// Unlinked are the records that lost a link to a deleted record, as
	// they were before, so undoing the delete restores the links too.
	Unlinked []*Record
}

// Describe says in a few words what undoing e would do.
func (e *Edit) Describe() string {
	switch {
	case e.Before == nil:
		return "Undo create of “" + e.After.Title + "”"
	case e.After == nil:
		return "Undo delete of “" + e.Before.Title + "”"
	}
	return "Undo edit of “" + e.After.Title + "”"
}

// Undo reverses e in one transaction, itself audited: a created record is
// deleted, an edited one gets its earlier values back, a deleted one is
// restored under its own id with the links others had to it. It fails,
// changing nothing, if the records have moved on in ways that conflict.
// Several edits made together (a multi-delete) are undone together, last
// first.
func (s *Store) Undo(edits ...*Edit) error {
	return s.write(func(tx *sql.Tx) error {
		for i := len(edits) - 1; i >= 0; i-- {
			if err := s.undo(tx, edits[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *Store) undo(tx *sql.Tx, e *Edit) error {
	switch {
	case e.Before == nil:
		_, err := s.delete(tx, e.After.ID)
		return err
	case e.After == nil:
		r := e.Before.Clone()
		if err := Validate(r); err != nil {
			return err
		}
		if err := s.insert(tx, r, "restore"); err != nil {
			return err
		}
		for _, u := range e.Unlinked {
			if err := s.update(tx, u.Clone()); err != nil {
				return err
			}
		}
		return nil
	}
	r := e.Before.Clone()
	if err := Validate(r); err != nil {
		return err
	}
	return s.update(tx, r)
}
