package share

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nkeys"
)

// Who may connect to the hubs, and what each may read, is NATS's own
// decentralised authorisation: an operator key the hubs trust signs the
// workspace's account; the account key signs each member's credentials,
// which carry the member's permissions. Adding a member changes nothing
// on the hubs; revoking one sends the hubs a newly signed account that
// names the member's key as revoked. The desk that shared the workspace
// holds these keys, sealed in its workspace.

// Authority is the keys that admit members to the workspace's hubs.
type Authority struct {
	Workspace string `json:"workspace"`
	Operator  []byte `json:"operator"` // nkey seeds
	System    []byte `json:"system"`
	Account   []byte `json:"account"`
	// Revoked are members' user keys, with when they were revoked.
	Revoked map[string]int64 `json:"revoked,omitempty"`
	// CA certifies the hubs for TLS (nil: hubs without TLS, as in tests
	// on one machine).
	CA *HubCA `json:"ca,omitempty"`
}

// NewAuthority makes fresh keys for a workspace's hubs.
func NewAuthority(workspace string) (*Authority, error) {
	a := &Authority{Workspace: workspace}
	for _, k := range []struct {
		seed   *[]byte
		prefix nkeys.PrefixByte
	}{{&a.Operator, nkeys.PrefixByteOperator}, {&a.System, nkeys.PrefixByteAccount}, {&a.Account, nkeys.PrefixByteAccount}} {
		kp, err := nkeys.CreatePair(k.prefix)
		if err != nil {
			return nil, err
		}
		if *k.seed, err = kp.Seed(); err != nil {
			return nil, err
		}
	}
	return a, nil
}

func pair(seed []byte) (nkeys.KeyPair, string, error) {
	kp, err := nkeys.FromSeed(seed)
	if err != nil {
		return nil, "", errors.New("the workspace's hub keys are damaged")
	}
	pub, err := kp.PublicKey()
	return kp, pub, err
}

// HubTrust is what a hub needs to admit the workspace's members: the
// operator it trusts and the accounts it serves, all signed JWTs.
type HubTrust struct {
	OperatorJWT   string            `json:"operator_jwt"`
	SystemAccount string            `json:"system_account"`
	Accounts      map[string]string `json:"accounts"` // public key → JWT
}

// Trust signs the operator and the accounts as they stand now.
func (a *Authority) Trust() (*HubTrust, error) {
	op, opPub, err := pair(a.Operator)
	if err != nil {
		return nil, err
	}
	_, sysPub, err := pair(a.System)
	if err != nil {
		return nil, err
	}
	oc := jwt.NewOperatorClaims(opPub)
	oc.Name = "convenor " + a.Workspace
	oc.SystemAccount = sysPub
	opJWT, err := oc.Encode(op)
	if err != nil {
		return nil, err
	}
	sc := jwt.NewAccountClaims(sysPub)
	sc.Name = "SYS"
	sysJWT, err := sc.Encode(op)
	if err != nil {
		return nil, err
	}
	accPub, accJWT, err := a.accountJWT()
	if err != nil {
		return nil, err
	}
	return &HubTrust{OperatorJWT: opJWT, SystemAccount: sysPub, Accounts: map[string]string{sysPub: sysJWT, accPub: accJWT}}, nil
}

// accountJWT is the workspace's account, with JetStream and the
// revocations so far.
func (a *Authority) accountJWT() (string, string, error) {
	op, _, err := pair(a.Operator)
	if err != nil {
		return "", "", err
	}
	_, accPub, err := pair(a.Account)
	if err != nil {
		return "", "", err
	}
	ac := jwt.NewAccountClaims(accPub)
	ac.Name = a.Workspace
	ac.Limits.JetStreamLimits = jwt.JetStreamLimits{MemoryStorage: -1, DiskStorage: -1, Streams: -1, Consumer: -1, MaxAckPending: -1, MemoryMaxStreamBytes: -1, DiskMaxStreamBytes: -1}
	for user, at := range a.Revoked {
		ac.RevokeAt(user, time.Unix(at, 0))
	}
	tok, err := ac.Encode(op)
	return accPub, tok, err
}

// Credentials are a member's NATS user: its JWT, signed by the account,
// and the seed that proves it.
type Credentials struct {
	JWT  string `json:"jwt"`
	Seed []byte `json:"seed"`
}

// credentials makes a new user of the workspace's account allowed only
// what perms allows; nil perms allows everything (the desk that
// administers the workspace).
func (a *Authority) credentials(name string, perms *jwt.Permissions) (*Credentials, string, error) {
	return user(a.Account, name, perms)
}

// user makes a new NATS user signed by the account whose seed is given.
func user(accountSeed []byte, name string, perms *jwt.Permissions) (*Credentials, string, error) {
	acc, _, err := pair(accountSeed)
	if err != nil {
		return nil, "", err
	}
	u, err := nkeys.CreateUser()
	if err != nil {
		return nil, "", err
	}
	seed, _ := u.Seed()
	pub, _ := u.PublicKey()
	uc := jwt.NewUserClaims(pub)
	uc.Name = name
	if perms != nil {
		uc.Permissions = *perms
	}
	tok, err := uc.Encode(acc)
	if err != nil {
		return nil, "", err
	}
	return &Credentials{JWT: tok, Seed: seed}, pub, nil
}

// certify signs, with the account key, that a member's user key is that
// member's: the short proof every version a member sends carries, which
// any desk checks against the account it knows.
func (a *Authority) certify(memberID, userPub string) (string, error) {
	acc, _, err := pair(a.Account)
	if err != nil {
		return "", err
	}
	sig, err := acc.Sign(certText(a.Workspace, memberID, userPub))
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(sig), nil
}

func certText(workspace, memberID, userPub string) []byte {
	return []byte("convenor member 1\n" + workspace + "\n" + memberID + "\n" + userPub)
}

// Option is the connection option these credentials give.
func (c *Credentials) Option() nats.Option { return nats.UserJWTAndSeed(c.JWT, string(c.Seed)) }

// Revoke marks a member's user key as revoked from now, and tells the
// hubs at urls, through the system account, so that the member's
// connections are closed and their credentials refused from then on.
func (a *Authority) Revoke(ctx context.Context, user string, urls string, opts ...nats.Option) error {
	if a.Revoked == nil {
		a.Revoked = map[string]int64{}
	}
	a.Revoked[user] = time.Now().Unix()
	return a.publishAccount(ctx, urls, opts...)
}

// publishAccount sends the account as it stands to the hubs, which keep
// the newest and pass it on to each other.
func (a *Authority) publishAccount(ctx context.Context, urls string, opts ...nats.Option) error {
	_, tok, err := a.accountJWT()
	if err != nil {
		return err
	}
	sys, _, err := user(a.System, "system", nil)
	if err != nil {
		return err
	}
	nc, err := nats.Connect(urls, append(opts, sys.Option(), nats.Name("convenor system"))...)
	if err != nil {
		return fmt.Errorf("the hubs could not be reached to revoke the member: %w", err)
	}
	defer nc.Close()
	msg, err := nc.RequestWithContext(ctx, "$SYS.REQ.CLAIMS.UPDATE", []byte(tok))
	if err != nil {
		return fmt.Errorf("the hubs did not take the revocation: %w", err)
	}
	var resp struct {
		Error *struct {
			Description string `json:"description"`
		} `json:"error"`
	}
	if err := json.Unmarshal(msg.Data, &resp); err == nil && resp.Error != nil {
		return fmt.Errorf("the hubs refused the revocation: %s", resp.Error.Description)
	}
	return nil
}
