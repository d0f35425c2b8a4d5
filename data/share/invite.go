package share

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"convenor/data"
	"convenor/data/store"
	"convenor/data/vault"
)

// A member joins by an invitation file: the hubs' addresses and
// authority, the member's NATS credentials, and the keys of the levels
// the member is cleared for, sealed under a one-time code that reaches
// the member another way (read out on a call, handed over in person).
// The file alone opens nothing; the code alone is eight or more
// characters of nothing.

// NewInvitationCode is a code to seal an invitation under: four groups of
// five letters and digits (about 100 bits), without ones read alike.
func NewInvitationCode() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
	b := make([]byte, 20)
	rand.Read(b)
	var out strings.Builder
	for i, c := range b {
		if i > 0 && i%5 == 0 {
			out.WriteByte('-')
		}
		out.WriteByte(alphabet[int(c)%len(alphabet)])
	}
	return out.String()
}

// Invitation is what an invitation file holds once opened.
type Invitation struct {
	Workspace string      `json:"workspace"`
	Hubs      []string    `json:"hubs"`
	CA        []byte      `json:"ca,omitempty"`
	Member    Member      `json:"member"`
	Creds     Credentials `json:"credentials"`
	KEK       []byte      `json:"kek"`
	Keys      Keyring     `json:"keys"`
	Account   string      `json:"account"`
	Cert      string      `json:"cert"`
	From      string      `json:"from"` // who invited
}

// invitationFile is the file as written: only the format and the key
// derivation are readable.
type invitationFile struct {
	Format  string    `json:"format"`
	Version int       `json:"version"`
	KDF     vault.KDF `json:"kdf"`
	Sealed  []byte    `json:"sealed"`
}

const (
	invitationFormat  = "convenor-invitation"
	invitationVersion = 1
	invitationAAD     = "convenor invitation"
)

// Invite admits a new member cleared up to clearance: it makes the
// member's credentials and key-wrapping key, records the member, and
// returns the invitation file sealed under code.
func (m *Membership) Invite(st *store.Store, name string, clearance data.TLP, code string) ([]byte, *Member, error) {
	if m.Authority == nil {
		return nil, nil, errors.New("only the desk that administers the team workspace can invite")
	}
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return nil, nil, errors.New("the member needs a name")
	case !clearance.Valid():
		return nil, nil, fmt.Errorf("%q is not a TLP label: use one of %s", clearance, strings.Join(data.TLPStrings(), ", "))
	case len([]rune(code)) < 8:
		return nil, nil, errors.New("the invitation code must have at least 8 characters")
	}
	for _, o := range m.Members {
		if o.Revoked == nil && strings.EqualFold(o.Name, name) {
			return nil, nil, fmt.Errorf("a member is already called %q", name)
		}
	}
	kek, err := randomKey()
	if err != nil {
		return nil, nil, err
	}
	mem := Member{ID: uuid.NewString(), Name: name, Clearance: clearance, KEK: kek, Invited: time.Now().UTC()}
	creds, pub, err := m.Authority.credentials(mem.ID, memberPermissions(m.Workspace, mem.ID, clearance))
	if err != nil {
		return nil, nil, err
	}
	mem.User = pub
	cert, err := m.Authority.certify(mem.ID, pub)
	if err != nil {
		return nil, nil, err
	}
	inv := Invitation{Cert: cert, Workspace: m.Workspace, Hubs: m.Hubs, CA: m.CA, Member: mem, Creds: *creds, KEK: kek, Keys: m.Keys.upTo(clearance), Account: m.Account, From: m.Me.Name}
	inv.Member.KEK = nil
	plain, err := json.Marshal(inv)
	if err != nil {
		return nil, nil, err
	}
	kdf := vault.DefaultKDF()
	sealed, err := vault.Seal(kdf.Key(code), plain, invitationAAD)
	if err != nil {
		return nil, nil, err
	}
	file, err := json.MarshalIndent(invitationFile{Format: invitationFormat, Version: invitationVersion, KDF: kdf, Sealed: sealed}, "", "  ")
	if err != nil {
		return nil, nil, err
	}
	m.Members = append(m.Members, mem)
	if err := m.save(st, fmt.Sprintf("%s invited to the team workspace, cleared to %s", name, clearance)); err != nil {
		m.Members = m.Members[:len(m.Members)-1]
		return nil, nil, err
	}
	return file, &mem, nil
}

// OpenInvitation opens an invitation file with its code.
func OpenInvitation(file []byte, code string) (*Invitation, error) {
	var f invitationFile
	if err := json.Unmarshal(file, &f); err != nil || f.Format != invitationFormat {
		return nil, errors.New("this is not a Convenor invitation")
	}
	if f.Version > invitationVersion {
		return nil, fmt.Errorf("this invitation was written by a newer Convenor (format %d; this one reads up to %d): update Convenor first", f.Version, invitationVersion)
	}
	if err := f.KDF.Check(); err != nil {
		return nil, fmt.Errorf("this invitation is damaged: %w", err)
	}
	plain, err := vault.Unseal(f.KDF.Key(code), f.Sealed, invitationAAD)
	if err != nil {
		return nil, errors.New("the invitation code is wrong, or the invitation was changed")
	}
	inv := &Invitation{}
	if err := json.Unmarshal(plain, inv); err != nil || inv.Workspace == "" || inv.Account == "" || len(inv.KEK) != vault.KeySize {
		return nil, errors.New("this invitation is damaged")
	}
	return inv, nil
}

// Join makes st, a new sealed workspace, this member's desk of the team
// workspace the invitation is for. Its records arrive with the first
// synchronisation.
func Join(st *store.Store, inv *Invitation) (*Membership, error) {
	if st.Shared() != "" {
		return nil, fmt.Errorf("this workspace is already part of the team workspace %q", st.Shared())
	}
	counts, err := st.Counts(context.Background())
	if err != nil {
		return nil, err
	}
	for _, n := range counts {
		if n > 0 {
			return nil, errors.New("join with a new, empty workspace: the team's records arrive with the first synchronisation")
		}
	}
	m := &Membership{Workspace: inv.Workspace, Hubs: inv.Hubs, CA: inv.CA, Me: inv.Member, Creds: inv.Creds, KEK: inv.KEK, Keys: inv.Keys, Account: inv.Account, Cert: inv.Cert}
	if err := st.ShareJoined(inv.Workspace); err != nil {
		return nil, err
	}
	return m, m.save(st, fmt.Sprintf("joined the team workspace %s as %s, cleared to %s, invited by %s", inv.Workspace, inv.Member.Name, inv.Member.Clearance, inv.From))
}
