package data

import (
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"
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

var (
	ErrNeedsPassphrase = errors.New("it is sealed with a passphrase")
	ErrWrongPassphrase = errors.New("the passphrase is not the right one")
)

// kdfParams are stored with the workspace so they can be raised later.
type kdfParams struct {
	Salt    []byte `json:"salt"`
	Time    uint32 `json:"time"`
	Memory  uint32 `json:"memory_kib"`
	Threads uint8  `json:"threads"`
}

// defaultKDF follows RFC 9106's second recommended option (64 MiB, 3 passes).
func defaultKDF() kdfParams {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		panic(err) // the system's random source is broken
	}
	return kdfParams{Salt: salt, Time: 3, Memory: 64 * 1024, Threads: 4}
}

// Bounds on the parameters a file may ask for. The file is not trusted: a
// zero pass or thread count would crash Argon2, four billion passes would
// hang the window, four terabytes of memory would exhaust it, all before a
// passphrase could be checked. The defaults sit well inside.
const (
	kdfMaxTime    = 10
	kdfMaxMemory  = 1 << 18 // KiB: 256 MiB, four times the default
	kdfMaxThreads = 64
)

// check refuses parameters outside the bounds, saying which one.
func (p kdfParams) check() error {
	switch {
	case len(p.Salt) < 8 || len(p.Salt) > 64:
		return fmt.Errorf("its salt has %d bytes, not 8 to 64", len(p.Salt))
	case p.Time < 1 || p.Time > kdfMaxTime:
		return fmt.Errorf("it asks for %d passes of the key derivation, not 1 to %d", p.Time, kdfMaxTime)
	case p.Threads < 1 || p.Threads > kdfMaxThreads:
		return fmt.Errorf("it asks for %d threads, not 1 to %d", p.Threads, kdfMaxThreads)
	case p.Memory < 8*uint32(p.Threads) || p.Memory > kdfMaxMemory:
		return fmt.Errorf("it asks for %d KiB of memory, not %d to %d", p.Memory, 8*uint32(p.Threads), kdfMaxMemory)
	}
	return nil
}

func (p kdfParams) key(passphrase string) []byte {
	return argon2.IDKey([]byte(passphrase), p.Salt, p.Time, p.Memory, p.Threads, chacha20poly1305.KeySize)
}

// seal encrypts plain under key, binding it to aad (a record's id, an audit
// entry's number) so a sealed blob cannot be moved to another row.
func seal(key, plain []byte, aad string) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plain)+aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return aead.Seal(nonce, nonce, plain, []byte(aad)), nil
}

func unseal(key, blob []byte, aad string) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, err
	}
	if len(blob) < aead.NonceSize()+aead.Overhead() {
		return nil, errors.New("sealed value too short")
	}
	return aead.Open(nil, blob[:aead.NonceSize()], blob[aead.NonceSize():], []byte(aad))
}

// sealMeta is what the file's meta table says about its sealing.
type sealMeta struct {
	KDF        kdfParams `json:"kdf"`
	WrappedKey []byte    `json:"wrapped_key"` // the data key, sealed under the passphrase key
	Name       []byte    `json:"name"`        // the workspace name, sealed under the data key
}

const sealAAD = "convenor workspace data key"

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
	if err := m.KDF.check(); err != nil {
		return nil, fmt.Errorf("its sealing information is damaged: %w", err)
	}
	if len(m.WrappedKey) != wrappedKeySize {
		return nil, fmt.Errorf("its sealing information is damaged: the sealed key has %d bytes, not %d", len(m.WrappedKey), wrappedKeySize)
	}
	return m, nil
}

// wrappedKeySize is a data key sealed: nonce, key, tag.
const wrappedKeySize = chacha20poly1305.NonceSizeX + chacha20poly1305.KeySize + chacha20poly1305.Overhead

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
	key, err := unseal(m.KDF.key(passphrase), m.WrappedKey, sealAAD)
	if err != nil {
		return nil, ErrWrongPassphrase
	}
	return key, nil
}

// newSealMeta makes a fresh data key, sealed under passphrase.
func newSealMeta(passphrase, name string) (*sealMeta, []byte, error) {
	if len([]rune(passphrase)) < 8 {
		return nil, nil, errors.New("a passphrase must have at least 8 characters")
	}
	dek := make([]byte, chacha20poly1305.KeySize)
	if _, err := rand.Read(dek); err != nil {
		return nil, nil, err
	}
	m := &sealMeta{KDF: defaultKDF()}
	var err error
	if m.WrappedKey, err = seal(m.KDF.key(passphrase), dek, sealAAD); err != nil {
		return nil, nil, err
	}
	if m.Name, err = seal(dek, []byte(name), "name"); err != nil {
		return nil, nil, err
	}
	return m, dek, nil
}

// sealedRecord is a record's content inside its sealed blob.
type sealedRecord struct {
	ID        string            `json:"id"`
	Kind      string            `json:"kind"`
	Title     string            `json:"title"`
	TLP       TLP               `json:"tlp"`
	Tags      []string          `json:"tags"`
	Notes     string            `json:"notes"`
	CreatedAt string            `json:"created_at"`
	CreatedBy string            `json:"created_by"`
	UpdatedAt string            `json:"updated_at"`
	UpdatedBy string            `json:"updated_by"`
	Values    map[string]string `json:"values"` // simple fields in text form
	Links     map[string][]Link `json:"links"`
	FollowUps []FollowUp        `json:"follow_ups"`
}

func toSealed(r *Record) sealedRecord {
	sr := sealedRecord{ID: r.ID, Kind: r.Kind.Name, Title: r.Title, TLP: r.TLP, Tags: r.Tags, Notes: r.Notes,
		CreatedAt: r.CreatedAt.Format(timeLayout), CreatedBy: r.CreatedBy, UpdatedAt: r.UpdatedAt.Format(timeLayout), UpdatedBy: r.UpdatedBy,
		Values: map[string]string{}, Links: map[string][]Link{}}
	for i := range r.Kind.Fields {
		f := &r.Kind.Fields[i]
		switch v := r.Values[f.Key].(type) {
		case nil:
		case []Link:
			sr.Links[f.Key] = v
		case []FollowUp:
			sr.FollowUps = v
		default:
			if f.Writable() {
				sr.Values[f.Key] = FormatValue(f, v)
			}
		}
	}
	return sr
}

func fromSealed(sr sealedRecord) (*Record, error) {
	k := KindByName(sr.Kind)
	if k == nil {
		return nil, fmt.Errorf("record %s has an unknown kind %q", sr.ID, sr.Kind)
	}
	r := &Record{ID: sr.ID, Kind: k, Title: sr.Title, TLP: sr.TLP, Tags: sr.Tags, Notes: sr.Notes,
		CreatedBy: sr.CreatedBy, UpdatedBy: sr.UpdatedBy, Values: map[string]any{}}
	r.CreatedAt, _ = time.Parse(timeLayout, sr.CreatedAt)
	r.UpdatedAt, _ = time.Parse(timeLayout, sr.UpdatedAt)
	for key, text := range sr.Values {
		f := k.Field(key)
		if f == nil {
			continue
		}
		v, err := ParseValue(f, text)
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
		if k.Fields[i].Type == FollowUps && len(sr.FollowUps) > 0 {
			r.Values[k.Fields[i].Key] = sr.FollowUps
		}
	}
	return r, nil
}
