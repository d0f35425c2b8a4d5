package store

import (
	"database/sql"

	"convenor/data"
)

// Undo reverses e in one transaction, itself audited: a created record is
// deleted, an edited one gets its earlier values back, a deleted one is
// restored under its own id with the links others had to it. It fails,
// changing nothing, if the records have moved on in ways that conflict.
// Several edits made together (a multi-delete) are undone together, last
// first.
func (s *Store) Undo(edits ...*data.Edit) error {
	return s.write("undoing", func(tx *sql.Tx) error {
		for i := len(edits) - 1; i >= 0; i-- {
			if err := s.undo(tx, edits[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *Store) undo(tx *sql.Tx, e *data.Edit) error {
	switch {
	case e.Before == nil:
		_, err := s.delete(tx, e.After.ID)
		return err
	case e.After == nil:
		r := e.Before.Clone()
		if err := data.ValidateIn(r, s.Vocabulary()); err != nil {
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
	if err := data.ValidateIn(r, s.Vocabulary()); err != nil {
		return err
	}
	return s.update(tx, r)
}
