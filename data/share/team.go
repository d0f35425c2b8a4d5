package share

import (
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nats.go"

	"convenor/data"
	"convenor/data/store"
)

// Member is one desk of a team workspace, as the desk that administers it
// knows it.
type Member struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Clearance data.TLP   `json:"clearance"`
	User      string     `json:"user"`          // the member's NATS user key
	KEK       []byte     `json:"kek,omitempty"` // seals the level keys sent to the member
	Admin     bool       `json:"admin,omitempty"`
	Invited   time.Time  `json:"invited"`
	Revoked   *time.Time `json:"revoked,omitempty"`
}

// Membership is what a desk knows of its place in a team workspace: where
// the hubs are, who it is there and what it may read, and the keys of the
// levels it is cleared for. The administering desk also keeps the
// members and the keys that admit them. It is kept sealed in the desk's
// workspace.
type Membership struct {
	Workspace string      `json:"workspace"`
	Hubs      []string    `json:"hubs"`         // NATS URLs, tried in turn
	CA        []byte      `json:"ca,omitempty"` // PEM: the authority the hubs' TLS certificates come from
	Me        Member      `json:"me"`
	Creds     Credentials `json:"credentials"`
	KEK       []byte      `json:"kek"`
	Keys      Keyring     `json:"keys"`
	Account   string      `json:"account"` // the workspace's NATS account: it signs every member's credentials
	Cert      string      `json:"cert"`    // the account's signature that Me.User is this member's key
	Authority *Authority  `json:"authority,omitempty"`
	Members   []Member    `json:"members,omitempty"`
}

const membershipSecret = "membership"

// Load reads the desk's membership; nil when the workspace is not in a
// team workspace.
func Load(st *store.Store) (*Membership, error) {
	raw, err := st.TeamSecret(membershipSecret)
	if err != nil || raw == nil {
		return nil, err
	}
	m := &Membership{}
	if err := json.Unmarshal(raw, m); err != nil {
		return nil, errors.New("the team workspace's membership is damaged")
	}
	return m, nil
}

// secrets is where a membership is kept: the desk's own workspace.
type secrets interface {
	SetTeamSecret(name string, value []byte, note string) error
}

func (m *Membership) save(st secrets, note string) error {
	raw, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return st.SetTeamSecret(membershipSecret, raw, note)
}

func randomKey() ([]byte, error) {
	k := make([]byte, 32)
	_, err := rand.Read(k)
	return k, err
}

// Start shares a sealed workspace as a team workspace on the hubs at
// hubs, this desk administering it (cleared to RED, holding every key,
// the authority that admits members and the one that certifies the
// hubs: HubFiles writes the hubs' configuration from them).
func Start(st *store.Store, workspace, me string, hubs []string) (*Membership, error) {
	if token(workspace) != workspace || workspace == "" {
		return nil, fmt.Errorf("a team workspace's name may have letters, digits, - and _ only, not %q", workspace)
	}
	if len(hubs) == 0 {
		return nil, errors.New("name at least one hub")
	}
	for _, h := range hubs {
		if _, _, err := hubAddress(h); err != nil {
			return nil, err
		}
	}
	auth, err := NewAuthority(workspace)
	if err != nil {
		return nil, err
	}
	if auth.CA, err = NewHubCA(workspace); err != nil {
		return nil, err
	}
	return start(st, workspace, me, hubs, auth)
}

// start is Start with the hubs' authority given (hubs already running,
// over TLS when auth has a CA).
func start(st *store.Store, workspace, me string, hubs []string, auth *Authority) (*Membership, error) {
	keys, err := newKeyring()
	if err != nil {
		return nil, err
	}
	kek, err := randomKey()
	if err != nil {
		return nil, err
	}
	self := Member{ID: uuid.NewString(), Name: me, Clearance: data.TLPRed, Admin: true, Invited: time.Now().UTC(), KEK: kek}
	creds, pub, err := auth.credentials(self.ID, nil)
	if err != nil {
		return nil, err
	}
	self.User = pub
	cert, err := auth.certify(self.ID, pub)
	if err != nil {
		return nil, err
	}
	var ca []byte
	if auth.CA != nil {
		ca = auth.CA.Cert
	}
	_, account, err := pair(auth.Account)
	if err != nil {
		return nil, err
	}
	m := &Membership{Workspace: workspace, Hubs: hubs, CA: ca, Me: self, Account: account, Cert: cert, Creds: *creds, KEK: kek, Keys: keys, Authority: auth, Members: []Member{self}}
	if err := st.Share(workspace); err != nil {
		return nil, err
	}
	return m, m.save(st, "team workspace "+workspace+" started, administered here")
}

// Trust is what the hubs need to admit this workspace's members.
func (m *Membership) Trust() (*HubTrust, error) {
	if m.Authority == nil {
		return nil, errors.New("only the desk that administers the team workspace holds its hub keys")
	}
	return m.Authority.Trust()
}

// Connect opens a connection to the hubs with this desk's credentials,
// over TLS when the hubs' authority is known, reconnecting for as long as
// the connection is open.
func (m *Membership) Connect(opts ...nats.Option) (*nats.Conn, error) {
	all := []nats.Option{
		m.Creds.Option(),
		// The hubs keep the names of the clients that make consumers in
		// their logs: a member is known there by its id only.
		nats.Name("convenor " + m.Me.ID),
		nats.CustomInboxPrefix(inboxPrefix(m.Me.ID)),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(250 * time.Millisecond),
	}
	tlsOpts, err := m.tlsOptions()
	if err != nil {
		return nil, err
	}
	all = append(all, tlsOpts...)
	return nats.Connect(strings.Join(m.Hubs, ","), append(all, opts...)...)
}

// tlsOptions make a connection check the hubs' certificates against the
// workspace's own authority, when it has one.
func (m *Membership) tlsOptions() ([]nats.Option, error) {
	if len(m.CA) == 0 {
		return nil, nil
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(m.CA) {
		return nil, errors.New("the hubs' certificate authority is not a PEM certificate")
	}
	return []nats.Option{nats.Secure(&tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12})}, nil
}

// inboxPrefix is where the hubs answer a member: theirs alone, so no
// member can listen to the answers another member is sent.
func inboxPrefix(memberID string) string { return "_INBOX_" + token(memberID) }

// consumerName is a member's consumer of one level (or of its keys).
func consumerName(memberID, what string) string { return token(memberID) + "_" + what }

// LevelFilter is every record subject of a level.
func LevelFilter(workspace string, level data.TLP) string {
	return "cv." + token(workspace) + "." + levelToken(level) + ".r.>"
}

// KeySubject is where a member is sent new keys.
func KeySubject(workspace, memberID string) string {
	return "cv." + token(workspace) + ".k." + token(memberID)
}

// memberPermissions allows a member to publish versions at the levels it
// is cleared for, and to read them only through consumers and direct gets
// whose filter is one of those levels: the hubs check the filter a
// consumer is made with against the one its request subject names. It
// can read its own keys and its own answers, and nothing else.
func memberPermissions(workspace, memberID string, clearance data.TLP) *jwt.Permissions {
	p := &jwt.Permissions{}
	stream := StreamName(workspace)
	api := "$JS.API."
	for _, l := range data.AtMost(clearance) {
		filter := LevelFilter(workspace, l)
		name := consumerName(memberID, levelToken(l))
		p.Pub.Allow.Add(filter,
			api+"CONSUMER.CREATE."+stream+"."+name+"."+filter,
			api+"CONSUMER.MSG.NEXT."+stream+"."+name,
			api+"CONSUMER.DELETE."+stream+"."+name,
			api+"DIRECT.GET."+stream+"."+filter)
	}
	// Attached files: the object store of each of those levels, and
	// what JetStream's object store client asks of its stream.
	for _, l := range data.AtMost(clearance) {
		bucket := Bucket(workspace, l)
		obj := "OBJ_" + bucket
		p.Pub.Allow.Add("$O."+bucket+".>",
			api+"STREAM.INFO."+obj, api+"STREAM.MSG.GET."+obj, api+"STREAM.PURGE."+obj,
			api+"CONSUMER.CREATE."+obj+".>", api+"CONSUMER.DELETE."+obj+".>", api+"CONSUMER.MSG.NEXT."+obj+".>",
			api+"DIRECT.GET."+obj+".>", "$JS.FC."+obj+".>")
	}
	keys := consumerName(memberID, "keys")
	p.Pub.Allow.Add(
		api+"CONSUMER.CREATE."+stream+"."+keys+"."+KeySubject(workspace, memberID),
		api+"CONSUMER.MSG.NEXT."+stream+"."+keys,
		api+"CONSUMER.DELETE."+stream+"."+keys)
	p.Sub.Allow.Add(inboxPrefix(memberID) + ".>")
	return p
}

// Find is a member by id or by name.
func (m *Membership) Find(idOrName string) (*Member, error) {
	var found *Member
	for i := range m.Members {
		if m.Members[i].ID == idOrName || strings.EqualFold(m.Members[i].Name, idOrName) {
			if found != nil {
				return nil, fmt.Errorf("two members are called %q: name the member by id", idOrName)
			}
			found = &m.Members[i]
		}
	}
	if found == nil {
		return nil, fmt.Errorf("the team workspace has no member %q", idOrName)
	}
	return found, nil
}
