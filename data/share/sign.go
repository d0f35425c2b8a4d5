package share

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nkeys"

	"convenor/data/store"
)

// Every version a desk sends is signed by the member: the sealed text
// names its author, and the message carries the member's id, its user
// key with the account's certificate that the key is that member's, and
// an ed25519 signature by that key. A desk taking a version in checks
// both, and keeps the signature in the change's audit entry, where verify
// checks it again: the trail shows which member made each change, and a
// member cannot pass a change off as another's.

const (
	headerSigner    = "Cv-Signer"
	headerSignature = "Cv-Signature"
)

// signed is what is sealed: the version and who wrote it.
type signed struct {
	By      author          `json:"by"`
	Version json.RawMessage `json:"version"`
}

type author struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// sign wraps a version with its author and signs it; it returns what to
// seal and the headers to send with it.
func (m *Membership) sign(recordID string, version []byte) ([]byte, nats.Header, error) {
	plain, err := json.Marshal(signed{By: author{m.Me.ID, m.Me.Name}, Version: version})
	if err != nil {
		return nil, nil, err
	}
	kp, err := nkeys.FromSeed(m.Creds.Seed)
	if err != nil {
		return nil, nil, errors.New("this desk's signing key is damaged")
	}
	sum := sha256.Sum256(plain)
	sig, err := kp.Sign(store.SignedText(recordID, hex.EncodeToString(sum[:])))
	if err != nil {
		return nil, nil, err
	}
	h := nats.Header{}
	h.Set(headerSigner, m.Me.ID+" "+m.Me.User+" "+m.Cert)
	h.Set(headerSignature, base64.StdEncoding.EncodeToString(sig))
	return plain, h, nil
}

// errUnsigned says a version carries no valid signature of a member.
var errUnsigned = errors.New("not signed by a member of this workspace")

// checkSigned opens a signed version: the credentials must be the
// workspace's account's, name the author the text names, and their key
// must have signed it.
// Certificates found good are remembered in checked (member → true).
func (m *Membership) checkSigned(recordID string, plain []byte, h nats.Header, checked *sync.Map) ([]byte, *store.Signature, error) {
	var s signed
	if err := json.Unmarshal(plain, &s); err != nil || len(s.Version) == 0 {
		return nil, nil, fmt.Errorf("a version of %s: %w", recordID, errUnsigned)
	}
	signer := h.Get(headerSigner)
	var id, user, cert string
	fmt.Sscan(signer, &id, &user, &cert)
	if id != s.By.ID || !m.certified(signer, id, user, cert, checked) {
		return nil, nil, fmt.Errorf("a version of %s, said to be by %s: %w", recordID, s.By.Name, errUnsigned)
	}
	key, err := nkeys.Decode(nkeys.PrefixByteUser, []byte(user))
	sig, err2 := base64.StdEncoding.DecodeString(h.Get(headerSignature))
	sum := sha256.Sum256(plain)
	digest := hex.EncodeToString(sum[:])
	if err != nil || err2 != nil || len(key) != ed25519.PublicKeySize || !ed25519.Verify(key, store.SignedText(recordID, digest), sig) {
		return nil, nil, fmt.Errorf("a version of %s, said to be by %s: %w", recordID, s.By.Name, errUnsigned)
	}
	return s.Version, &store.Signature{By: s.By.Name + " (" + s.By.ID + ")", Key: base64.StdEncoding.EncodeToString(key),
		Digest: digest, Sig: base64.StdEncoding.EncodeToString(sig)}, nil
}

// certified checks the account's certificate of a member's key, once per
// member: a round takes in thousands of versions from a few members.
func (m *Membership) certified(signer, id, user, cert string, checked *sync.Map) bool {
	if _, ok := checked.Load(signer); ok {
		return true
	}
	certSig, err := base64.StdEncoding.DecodeString(cert)
	account, aerr := nkeys.FromPublicKey(m.Account)
	if err != nil || aerr != nil || account.Verify(certText(m.Workspace, id, user), certSig) != nil {
		return false
	}
	checked.Store(signer, true)
	return true
}
