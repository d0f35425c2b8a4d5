// Package vault holds the cryptography of sealed workspaces and exports:
// a key derived from a passphrase with Argon2id, and XChaCha20-Poly1305
// sealing bound to where a sealed value belongs. It knows nothing of
// SQLite or of records.
package vault

import (
	"crypto/rand"
	"errors"
	"fmt"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"
)

// KDF holds the key derivation's parameters, stored with what they seal so
// they can be raised later.
type KDF struct {
	Salt    []byte `json:"salt"`
	Time    uint32 `json:"time"`
	Memory  uint32 `json:"memory_kib"`
	Threads uint8  `json:"threads"`
}

// DefaultKDF follows RFC 9106's second recommended option (64 MiB, 3
// passes), with a fresh salt.
func DefaultKDF() KDF {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		panic(err) // the system's random source is broken
	}
	return KDF{Salt: salt, Time: 3, Memory: 64 * 1024, Threads: 4}
}

// Bounds on the parameters a file may ask for. The file is not trusted: a
// zero pass or thread count would crash Argon2, four billion passes would
// hang the window, four terabytes of memory would exhaust it, all before a
// passphrase could be checked. The defaults sit well inside.
const (
	maxTime    = 10
	maxMemory  = 1 << 18 // KiB: 256 MiB, four times the default
	maxThreads = 64
)

// Check refuses parameters outside the bounds, saying which one.
func (p KDF) Check() error {
	switch {
	case len(p.Salt) < 8 || len(p.Salt) > 64:
		return fmt.Errorf("its salt has %d bytes, not 8 to 64", len(p.Salt))
	case p.Time < 1 || p.Time > maxTime:
		return fmt.Errorf("it asks for %d passes of the key derivation, not 1 to %d", p.Time, maxTime)
	case p.Threads < 1 || p.Threads > maxThreads:
		return fmt.Errorf("it asks for %d threads, not 1 to %d", p.Threads, maxThreads)
	case p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemory:
		return fmt.Errorf("it asks for %d KiB of memory, not %d to %d", p.Memory, 8*uint32(p.Threads), maxMemory)
	}
	return nil
}

// Key derives the key a passphrase gives under these parameters. Check
// them first when they come from a file.
func (p KDF) Key(passphrase string) []byte {
	return argon2.IDKey([]byte(passphrase), p.Salt, p.Time, p.Memory, p.Threads, chacha20poly1305.KeySize)
}

// KeySize is the size of a data key.
const KeySize = chacha20poly1305.KeySize

// WrappedKeySize is a data key sealed: nonce, key, tag.
const WrappedKeySize = chacha20poly1305.NonceSizeX + chacha20poly1305.KeySize + chacha20poly1305.Overhead

// Seal encrypts plain under key, binding it to aad (a record's id, an audit
// entry's number) so a sealed blob cannot be moved to another row.
func Seal(key, plain []byte, aad string) ([]byte, error) {
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

// Unseal opens what Seal sealed under key for aad; anything changed, moved
// or sealed under another key is refused.
func Unseal(key, blob []byte, aad string) ([]byte, error) { return UnsealTo(nil, key, blob, aad) }

// UnsealTo opens blob as Unseal does and appends what it holds to dst, so
// a large value can be opened in place of its final home instead of into
// fresh memory first.
func UnsealTo(dst, key, blob []byte, aad string) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, err
	}
	if len(blob) < aead.NonceSize()+aead.Overhead() {
		return nil, errors.New("sealed value too short")
	}
	return aead.Open(dst, blob[:aead.NonceSize()], blob[aead.NonceSize():], []byte(aad))
}
