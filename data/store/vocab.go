package store

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"convenor/data"
)

// metaVocabulary holds the workspace's lists (data.Vocabulary) as JSON; a
// sealed workspace keeps them sealed in its file, as it keeps its name.
const metaVocabulary = "vocabulary"

// Vocabulary is the workspace's lists. A workspace written before it had
// its own holds the lists of the version that wrote it, and every value
// its records hold, so nothing it holds becomes invalid.
func (s *Store) Vocabulary() *data.Vocabulary {
	if v := s.vocab.Load(); v != nil {
		return v
	}
	v := data.DefaultVocabulary()
	if raw := s.Meta(metaVocabulary); raw == "" || json.Unmarshal([]byte(raw), v) != nil {
		v = data.DefaultVocabulary()
		for _, vf := range data.VocabFields() {
			held, _ := collect(s.db, func(rows *sql.Rows, x *string) error { return rows.Scan(x) },
				"SELECT DISTINCT "+vf.Field.Key+" FROM "+vf.Kind.Table+" WHERE "+vf.Field.Key+" <> '' ORDER BY 1")
			for _, x := range held {
				if _, ok := v.Holds(vf.Kind, vf.Field, x); !ok {
					v.Add(vf.Kind, vf.Field, x)
				}
			}
		}
	}
	v.Complete()
	s.vocab.Store(v)
	return v
}

// SetVocabulary replaces the workspace's lists, in one audited step. Values
// records hold must stay in them, offered or retired.
func (s *Store) SetVocabulary(v *data.Vocabulary) error {
	return s.changeVocabulary("vocabularies set", v, nil)
}

// AddToVocabulary offers a new value for field f of kind k.
func (s *Store) AddToVocabulary(k *data.Kind, f *data.Field, value string) error {
	v := s.Vocabulary().Clone()
	if err := v.Add(k, f, value); err != nil {
		return err
	}
	return s.changeVocabulary(fmt.Sprintf("vocabulary %s · %s: “%s” added", k.Label, f.Label, strings.TrimSpace(value)), v, nil)
}

// RetireFromVocabulary stops offering value; records keep it.
func (s *Store) RetireFromVocabulary(k *data.Kind, f *data.Field, value string) error {
	v := s.Vocabulary().Clone()
	if err := v.Retire(k, f, value); err != nil {
		return err
	}
	return s.changeVocabulary(fmt.Sprintf("vocabulary %s · %s: “%s” retired (records keep it)", k.Label, f.Label, value), v, nil)
}

// SetToneInVocabulary says what value means for the views (trust,
// neutral, mistrust); no record changes.
func (s *Store) SetToneInVocabulary(k *data.Kind, f *data.Field, value string, t data.Tone) error {
	v := s.Vocabulary().Clone()
	if err := v.SetTone(k, f, value, t); err != nil {
		return err
	}
	return s.changeVocabulary(fmt.Sprintf("vocabulary %s · %s: “%s” means %s", k.Label, f.Label, value, t), v, nil)
}

// RenameInVocabulary renames a value, and every record holding it, in one
// transaction: each record's change is in the audit trail as an edit.
func (s *Store) RenameInVocabulary(k *data.Kind, f *data.Field, old, new string) (renamed int, err error) {
	v := s.Vocabulary().Clone()
	if err := v.Rename(k, f, old, new); err != nil {
		return 0, err
	}
	new = strings.TrimSpace(new)
	err = s.changeVocabulary(fmt.Sprintf("vocabulary %s · %s: “%s” renamed “%s”", k.Label, f.Label, old, new), v, func(tx *sql.Tx) error {
		ids, err := collect(tx, func(rows *sql.Rows, id *string) error { return rows.Scan(id) },
			"SELECT id FROM "+k.Table+" WHERE "+f.Key+" = ?", old)
		if err != nil {
			return err
		}
		for _, id := range ids {
			r, err := get(tx, id)
			if err != nil {
				return err
			}
			r.Values[f.Key] = new
			if err := s.update(tx, r); err != nil {
				return err
			}
		}
		renamed = len(ids)
		return nil
	})
	return renamed, err
}

// changeVocabulary writes v, runs then (records changed with it) and an
// audit entry saying what, in one transaction.
func (s *Store) changeVocabulary(what string, v *data.Vocabulary, then func(*sql.Tx) error) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	err = s.write("changing the vocabularies", func(tx *sql.Tx) error {
		s.notes.pending.vocabulary = true
		if _, err := tx.Exec("INSERT OR REPLACE INTO main.meta(key, value) VALUES (?, ?)", metaVocabulary, string(b)); err != nil {
			return err
		}
		if err := s.file.setMeta(tx, metaVocabulary, string(b)); err != nil {
			return err
		}
		if then != nil {
			if err := then(tx); err != nil {
				return err
			}
		}
		return s.auditWorkspace(tx, what, nil)
	})
	if err == nil {
		s.vocab.Store(v)
	}
	return err
}
