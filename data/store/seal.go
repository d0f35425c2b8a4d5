package store

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"convenor/data"
	"convenor/data/vault"
)

// A sealed workspace is encrypted at rest without changing SQLite: each
// record and each audit entry is sealed with XChaCha20-Poly1305 into the
// vault tables of the file, under a random 256-bit data key. The data key
// is itself sealed under a key derived from the passphrase with Argon2id.
// When the passphrase opens the file, the records are unsealed into a
// private in-memory SQLite database, where lists, sorting and full-text
// search work as in a plain workspace; every write transaction also writes
// the sealed form of what it changed to the file, in the same transaction.
// Changing the passphrase re-seals only the data key: one small
// transaction, so a crash half-way leaves the old passphrase working.

// sealMeta is what the file's meta table says about its sealing.
type sealMeta struct {
	KDF        vault.KDF `json:"kdf"`
	WrappedKey []byte    `json:"wrapped_key"` // the data key, sealed under the passphrase key
	Name       []byte    `json:"name"`        // the workspace name, sealed under the data key
	// ChainKey keys the audit chain (chain.go), sealed under the data key.
	// It is derived from the first data key and kept when the passphrase
	// changes, so the trail's hashes, and the heads seen elsewhere, stay.
	// Files sealed before the chain was keyed have none until unlocked for
	// writing.
	ChainKey []byte `json:"chain_key,omitempty"`
}

const (
	sealAAD     = "convenor workspace data key"
	chainKeyAAD = "convenor audit chain key"
)

// deriveChainKey is the chain key a data key gives.
func deriveChainKey(dataKey []byte) []byte {
	m := hmac.New(sha256.New, dataKey)
	m.Write([]byte(chainKeyAAD))
	return m.Sum(nil)
}

// chainKey unseals the chain key; nil when the file has none yet.
func (m *sealMeta) chainKey(dataKey []byte) ([]byte, error) {
	if m.ChainKey == nil {
		return nil, nil
	}
	key, err := vault.Unseal(dataKey, m.ChainKey, chainKeyAAD)
	if err != nil {
		return nil, errors.New("its audit trail's key cannot be unsealed: the file was changed outside Convenor")
	}
	return key, nil
}

// setChainKey seals chain under dataKey into m.
func (m *sealMeta) setChainKey(dataKey, chain []byte) (err error) {
	m.ChainKey, err = vault.Seal(dataKey, chain, chainKeyAAD)
	return err
}

// readSealMeta reads schema's meta table ("main" or "vault").
func readSealMeta(q queryer, schema string) (*sealMeta, error) {
	var raw string
	err := q.QueryRow("SELECT value FROM " + schema + ".meta WHERE key = 'sealed'").Scan(&raw)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	m := &sealMeta{}
	if err := json.Unmarshal([]byte(raw), m); err != nil {
		return nil, fmt.Errorf("its sealing information is damaged: %w", err)
	}
	if err := m.KDF.Check(); err != nil {
		return nil, fmt.Errorf("its sealing information is damaged: %w", err)
	}
	if len(m.WrappedKey) != vault.WrappedKeySize {
		return nil, fmt.Errorf("its sealing information is damaged: the sealed key has %d bytes, not %d", len(m.WrappedKey), vault.WrappedKeySize)
	}
	if m.ChainKey != nil && len(m.ChainKey) != vault.WrappedKeySize {
		return nil, fmt.Errorf("its sealing information is damaged: the sealed audit trail key has %d bytes, not %d", len(m.ChainKey), vault.WrappedKeySize)
	}
	return m, nil
}

func writeSealMeta(q queryer, schema string, m *sealMeta) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	_, err = q.Exec("INSERT OR REPLACE INTO "+schema+".meta(key, value) VALUES ('sealed', ?)", string(b))
	return err
}

// dataKey unwraps the data key with a passphrase.
func (m *sealMeta) dataKey(passphrase string) ([]byte, error) {
	key, err := vault.Unseal(m.KDF.Key(passphrase), m.WrappedKey, sealAAD)
	if err != nil {
		return nil, data.ErrWrongPassphrase
	}
	return key, nil
}

// newSealMeta makes a fresh data key, sealed under passphrase, and the
// chain key derived from it.
func newSealMeta(passphrase, name string) (*sealMeta, []byte, error) {
	if len([]rune(passphrase)) < 8 {
		return nil, nil, errors.New("a passphrase must have at least 8 characters")
	}
	dek := make([]byte, vault.KeySize)
	if _, err := rand.Read(dek); err != nil {
		return nil, nil, err
	}
	m := &sealMeta{KDF: vault.DefaultKDF()}
	var err error
	if m.WrappedKey, err = vault.Seal(m.KDF.Key(passphrase), dek, sealAAD); err != nil {
		return nil, nil, err
	}
	if m.Name, err = vault.Seal(dek, []byte(name), "name"); err != nil {
		return nil, nil, err
	}
	if err := m.setChainKey(dek, deriveChainKey(dek)); err != nil {
		return nil, nil, err
	}
	return m, dek, nil
}

// sealedRecord is a record's content inside its sealed blob.
type sealedRecord struct {
	ID        string                 `json:"id"`
	Kind      string                 `json:"kind"`
	Title     string                 `json:"title"`
	TLP       data.TLP               `json:"tlp"`
	Tags      []string               `json:"tags"`
	Notes     string                 `json:"notes"`
	CreatedAt string                 `json:"created_at"`
	CreatedBy string                 `json:"created_by"`
	UpdatedAt string                 `json:"updated_at"`
	UpdatedBy string                 `json:"updated_by"`
	Values    map[string]string      `json:"values"` // simple fields in text form
	Links     map[string][]data.Link `json:"links"`
	FollowUps []data.FollowUp        `json:"follow_ups"`
	Contacts  []data.ContactPoint    `json:"contacts,omitempty"`
	Files     []data.Attachment      `json:"attachments,omitempty"`
}

func toSealed(r *data.Record) sealedRecord {
	sr := sealedRecord{ID: r.ID, Kind: r.Kind.Name, Title: r.Title, TLP: r.TLP, Tags: r.Tags, Notes: r.Notes, Files: r.Attachments,
		CreatedAt: r.CreatedAt.Format(timeLayout), CreatedBy: r.CreatedBy, UpdatedAt: r.UpdatedAt.Format(timeLayout), UpdatedBy: r.UpdatedBy,
		Values: map[string]string{}, Links: map[string][]data.Link{}}
	for i := range r.Kind.Fields {
		f := &r.Kind.Fields[i]
		switch v := r.Values[f.Key].(type) {
		case nil:
		case []data.Link:
			sr.Links[f.Key] = v
		case []data.FollowUp:
			sr.FollowUps = v
		case []data.ContactPoint:
			sr.Contacts = v
		default:
			if f.Writable() {
				sr.Values[f.Key] = data.FormatValue(f, v)
			}
		}
	}
	return sr
}

func fromSealed(sr sealedRecord) (*data.Record, error) {
	k := data.KindByName(sr.Kind)
	if k == nil {
		return nil, fmt.Errorf("record %s has an unknown kind %q", sr.ID, sr.Kind)
	}
	r := &data.Record{ID: sr.ID, Kind: k, Title: sr.Title, TLP: sr.TLP, Tags: sr.Tags, Notes: sr.Notes, Attachments: sr.Files,
		CreatedBy: sr.CreatedBy, UpdatedBy: sr.UpdatedBy, Values: map[string]any{}}
	r.CreatedAt, _ = time.Parse(timeLayout, sr.CreatedAt)
	r.UpdatedAt, _ = time.Parse(timeLayout, sr.UpdatedAt)
	for key, text := range sr.Values {
		f := k.Field(key)
		if f == nil {
			continue
		}
		v, err := data.ParseValue(f, text)
		if err != nil {
			return nil, fmt.Errorf("record %s, %s: %w", sr.ID, f.Label, err)
		}
		if v != nil {
			r.Values[key] = v
		}
	}
	for key, links := range sr.Links {
		r.Values[key] = links
	}
	for i := range k.Fields {
		if k.Fields[i].Type == data.FollowUps && len(sr.FollowUps) > 0 {
			r.Values[k.Fields[i].Key] = sr.FollowUps
		}
		if k.Fields[i].Type == data.Contacts && len(sr.Contacts) > 0 {
			r.Values[k.Fields[i].Key] = sr.Contacts
		}
	}
	return r, nil
}
