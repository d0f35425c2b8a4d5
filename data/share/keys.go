package share

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"convenor/data"
	"convenor/data/vault"
)

// Every clearance level has its own key, and a record's versions are
// sealed under the key of its label: a member cleared to AMBER holds the
// CLEAR, GREEN and AMBER keys and nothing that opens AMBER+STRICT or RED.
// Revoking a member starts a new epoch of every key they held; versions
// sealed after that open only with the new keys, which the member never
// receives. Old epochs are kept, so older versions still open.

// LevelKey is one epoch of a level's key.
type LevelKey struct {
	Epoch int    `json:"epoch"`
	Key   []byte `json:"key"`
}

// Keyring is the level keys a desk holds, by level token ("amber"), each
// level's epochs oldest first.
type Keyring map[string][]LevelKey

// newKeyring makes epoch 1 of every level.
func newKeyring() (Keyring, error) {
	k := Keyring{}
	for _, l := range data.TLPLabels {
		if err := k.next(levelToken(l)); err != nil {
			return nil, err
		}
	}
	return k, nil
}

// next starts a new epoch of a level's key.
func (k Keyring) next(level string) error {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return err
	}
	epoch := 1
	if held := k[level]; len(held) > 0 {
		epoch = held[len(held)-1].Epoch + 1
	}
	k[level] = append(k[level], LevelKey{Epoch: epoch, Key: key})
	return nil
}

// upTo is the part of the keyring a member cleared to clearance holds.
func (k Keyring) upTo(clearance data.TLP) Keyring {
	out := Keyring{}
	for _, l := range data.AtMost(clearance) {
		out[levelToken(l)] = append([]LevelKey(nil), k[levelToken(l)]...)
	}
	return out
}

// merge takes in epochs this keyring lacks.
func (k Keyring) merge(more Keyring) {
	for level, keys := range more {
		for _, nk := range keys {
			if _, ok := k.epoch(level, nk.Epoch); !ok {
				k[level] = append(k[level], nk)
			}
		}
		held := k[level]
		for i := 1; i < len(held); i++ { // few epochs: insertion keeps them ordered
			for j := i; j > 0 && held[j].Epoch < held[j-1].Epoch; j-- {
				held[j], held[j-1] = held[j-1], held[j]
			}
		}
	}
}

func (k Keyring) epoch(level string, epoch int) (LevelKey, bool) {
	for _, lk := range k[level] {
		if lk.Epoch == epoch {
			return lk, true
		}
	}
	return LevelKey{}, false
}

// Holds reports whether the keyring has any key of a level.
func (k Keyring) Holds(level data.TLP) bool { return len(k[levelToken(level)]) > 0 }

// A sealed version starts with a line naming the key it is sealed under,
// "cv1 <level> <epoch>", so a desk knows which epoch opens it; the level
// and epoch are bound into the seal with the record's id, so a version
// moved to another subject or record does not open.
const versionMagic = "cv1"

func versionAAD(level string, epoch int, recordID string) string {
	return "share:" + level + ":" + strconv.Itoa(epoch) + ":" + recordID
}

// seal seals a version of a record under the newest key of its level.
func (k Keyring) seal(level, recordID string, plain []byte) ([]byte, error) {
	held := k[level]
	if len(held) == 0 {
		return nil, fmt.Errorf("this desk holds no %s key", strings.ToUpper(level))
	}
	lk := held[len(held)-1]
	blob, err := vault.Seal(lk.Key, plain, versionAAD(level, lk.Epoch, recordID))
	if err != nil {
		return nil, err
	}
	head := fmt.Sprintf("%s %s %d\n", versionMagic, level, lk.Epoch)
	return append([]byte(head), blob...), nil
}

// ErrNoKey says a version is sealed under a key this desk does not hold.
var ErrNoKey = errors.New("this desk holds no key that opens it")

// open opens a version taken from a subject of level.
func (k Keyring) open(level, recordID string, blob []byte) ([]byte, error) {
	nl := bytes.IndexByte(blob, '\n')
	if nl < 0 {
		return nil, fmt.Errorf("a version of %s is not one Convenor wrote", recordID)
	}
	var magic, sealedAt string
	var epoch int
	if _, err := fmt.Sscanf(string(blob[:nl]), "%s %s %d", &magic, &sealedAt, &epoch); err != nil || magic != versionMagic {
		return nil, fmt.Errorf("a version of %s is not one Convenor wrote", recordID)
	}
	if sealedAt != level {
		return nil, fmt.Errorf("a version of %s sealed at %s was found at %s", recordID, sealedAt, level)
	}
	lk, ok := k.epoch(level, epoch)
	if !ok {
		return nil, fmt.Errorf("a version of %s (%s, key %d): %w", recordID, strings.ToUpper(level), epoch, ErrNoKey)
	}
	plain, err := vault.Unseal(lk.Key, blob[nl+1:], versionAAD(level, epoch, recordID))
	if err != nil {
		return nil, fmt.Errorf("a version of %s does not open with its key: it was changed or is not Convenor's", recordID)
	}
	return plain, nil
}
