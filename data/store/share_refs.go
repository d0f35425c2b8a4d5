package store

import (
	"database/sql"
	"encoding/json"
	"errors"
	"slices"

	"convenor/data"
)

// A version from another desk may point to records this desk does not
// hold: labelled above its clearance (it will never see them) or sent
// after the version that points to them (they are on their way). Such
// references are held back, out of the record, so that it can be written
// here, and put back into every version this desk sends of it, so no
// desk's edit drops another desk's links. When a record held back for
// arrives, the references to it go back into the records.

// heldRefs is what was held back of one record: a Ref field's id, or the
// entries of a Links field.
type heldRefs map[string]heldRef

type heldRef struct {
	Ref   string      `json:"ref,omitempty"`
	Links []data.Link `json:"links,omitempty"`
}

func exists(tx *sql.Tx, id string) (bool, error) {
	var n int
	err := tx.QueryRow("SELECT count(*) FROM records WHERE id = ?", id).Scan(&n)
	return n > 0, err
}

// holdBack takes out of r the references to records not here, and keeps
// them (or forgets what was kept, when nothing is missing).
func (s *Store) holdBack(tx *sql.Tx, r *data.Record) error {
	held := heldRefs{}
	for i := range r.Kind.Fields {
		f := &r.Kind.Fields[i]
		switch f.Type {
		case data.Ref:
			id, _ := r.Values[f.Key].(string)
			if id == "" {
				continue
			}
			ok, err := exists(tx, id)
			if err != nil {
				return err
			}
			if !ok {
				held[f.Key] = heldRef{Ref: id}
				delete(r.Values, f.Key)
			}
		case data.Links:
			var keep, out []data.Link
			for _, l := range r.Links(f.Key) {
				ok, err := exists(tx, l.ID)
				if err != nil {
					return err
				}
				if ok {
					keep = append(keep, l)
				} else {
					out = append(out, data.Link{ID: l.ID, Role: l.Role})
				}
			}
			if len(out) > 0 {
				held[f.Key] = heldRef{Links: out}
				r.Values[f.Key] = keep
			}
		}
	}
	if len(held) == 0 {
		_, err := tx.Exec("DELETE FROM "+s.shareTable("share_held_refs")+" WHERE record_id = ?", r.ID)
		return err
	}
	b, err := json.Marshal(held)
	if err != nil {
		return err
	}
	_, err = tx.Exec("INSERT OR REPLACE INTO "+s.shareTable("share_held_refs")+"(record_id, refs) VALUES (?, ?)", r.ID, string(b))
	return err
}

// heldFor reads what was held back of a record (nil: nothing).
func heldFor(q queryer, table, id string) (heldRefs, error) {
	var raw string
	err := q.QueryRow("SELECT refs FROM "+table+" WHERE record_id = ?", id).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	held := heldRefs{}
	return held, json.Unmarshal([]byte(raw), &held)
}

// putBack returns held references to r (a Ref the desk has not set since,
// links not already there).
func (held heldRefs) putBack(r *data.Record) {
	for key, h := range held {
		if h.Ref != "" {
			if cur, _ := r.Values[key].(string); cur == "" {
				r.Values[key] = h.Ref
			}
			continue
		}
		links := r.Links(key)
		for _, l := range h.Links {
			if !slices.ContainsFunc(links, func(x data.Link) bool { return x.ID == l.ID }) {
				links = append(links, l)
			}
		}
		r.Values[key] = links
	}
}

// restoreArrived puts references back into the records whose held-back
// targets are now here, each written as a 'sync' change.
func (s *Store) restoreArrived(tx *sql.Tx) error {
	rows, err := collect(tx, func(rows *sql.Rows, id *string) error { return rows.Scan(id) },
		"SELECT record_id FROM "+s.shareTable("share_held_refs"))
	if err != nil {
		return err
	}
	for _, id := range rows {
		held, err := heldFor(tx, s.shareTable("share_held_refs"), id)
		if err != nil {
			return err
		}
		arrived := false
		for _, h := range held {
			targets := []string{h.Ref}
			for _, l := range h.Links {
				targets = append(targets, l.ID)
			}
			for _, t := range targets {
				if ok, err := exists(tx, t); err != nil {
					return err
				} else if ok && t != "" {
					arrived = true
				}
			}
		}
		if !arrived {
			continue
		}
		r, err := get(tx, id)
		if errors.Is(err, data.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		held.putBack(r)
		if err := s.holdBack(tx, r); err != nil { // what is still missing stays held
			return err
		}
		if err := s.updateAs(tx, r, how{action: "sync", keepTimes: true}); err != nil {
			return err
		}
	}
	return nil
}

// holdReferencesTo holds back every reference to a record this desk is
// about to drop because it moved above its clearance: the records that
// point to it keep pointing to it for the desks that hold it.
func (s *Store) holdReferencesTo(tx *sql.Tx, id string) error {
	refs, err := referrers(tx, id)
	if err != nil {
		return err
	}
	for _, other := range refs {
		if other == id {
			continue
		}
		held, err := heldFor(tx, s.shareTable("share_held_refs"), other)
		if err != nil {
			return err
		}
		if held == nil {
			held = heldRefs{}
		}
		r, err := get(tx, other)
		if err != nil {
			return err
		}
		for i := range r.Kind.Fields {
			f := &r.Kind.Fields[i]
			switch f.Type {
			case data.Ref:
				if v, _ := r.Values[f.Key].(string); v == id {
					held[f.Key] = heldRef{Ref: id}
				}
			case data.Links:
				for _, l := range r.Links(f.Key) {
					if l.ID == id {
						h := held[f.Key]
						h.Links = append(h.Links, data.Link{ID: l.ID, Role: l.Role})
						held[f.Key] = h
					}
				}
			}
		}
		b, err := json.Marshal(held)
		if err != nil {
			return err
		}
		if _, err := tx.Exec("INSERT OR REPLACE INTO "+s.shareTable("share_held_refs")+"(record_id, refs) VALUES (?, ?)", other, string(b)); err != nil {
			return err
		}
	}
	return nil
}
