package share

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/nats-io/nats.go/jetstream"

	"convenor/data"
	"convenor/data/vault"
)

// Revoke removes a member: the hubs are sent the account with the
// member's credentials revoked (their connections close, and they cannot
// connect again), every level key the member held starts a new epoch,
// and each remaining member cleared for those levels is sent the new keys
// on its own subject, sealed under its key-wrapping key. Versions sealed
// from then on open only with keys the revoked member never had. The
// member's desk keeps what it already held: revocation cannot reach into
// a laptop.
func (m *Membership) Revoke(ctx context.Context, st secrets, js jetstream.JetStream, idOrName string) error {
	if m.Authority == nil {
		return errors.New("only the desk that administers the team workspace can revoke a member")
	}
	mem, err := m.Find(idOrName)
	switch {
	case err != nil:
		return err
	case mem.Admin:
		return errors.New("the administering desk cannot revoke itself")
	case mem.Revoked != nil:
		return fmt.Errorf("%s was already revoked on %s", mem.Name, mem.Revoked.Format("2 January 2006"))
	}
	opts, err := m.tlsOptions()
	if err != nil {
		return err
	}
	if err := m.Authority.Revoke(ctx, mem.User, strings.Join(m.Hubs, ","), opts...); err != nil {
		return err
	}
	var renewed []string
	for _, l := range data.AtMost(mem.Clearance) {
		if err := m.Keys.next(levelToken(l)); err != nil {
			return err
		}
		renewed = append(renewed, string(l))
	}
	now := time.Now().UTC()
	mem.Revoked = &now
	for _, o := range m.Members {
		if o.Admin || o.Revoked != nil {
			continue
		}
		if err := m.sendKeys(ctx, js, o); err != nil {
			return fmt.Errorf("the new keys could not be sent to %s: %w", o.Name, err)
		}
	}
	return m.save(st, fmt.Sprintf("%s revoked; keys renewed for %s", mem.Name, strings.Join(renewed, ", ")))
}

// keysAAD binds a key message to its workspace and member.
func keysAAD(workspace, memberID string) string { return "keys:" + workspace + ":" + memberID }

// sendKeys publishes the keys a member is cleared for on its subject.
func (m *Membership) sendKeys(ctx context.Context, js jetstream.JetStream, to Member) error {
	plain, err := json.Marshal(m.Keys.upTo(to.Clearance))
	if err != nil {
		return err
	}
	blob, err := vault.Seal(to.KEK, plain, keysAAD(m.Workspace, to.ID))
	if err != nil {
		return err
	}
	_, err = js.Publish(ctx, KeySubject(m.Workspace, to.ID), blob, jetstream.WithMsgID(uuid.NewString()),
		jetstream.WithRetryAttempts(100), jetstream.WithRetryWait(50*time.Millisecond))
	return err
}

// takeKeys opens keys sent to this desk and keeps those it lacks.
func (m *Membership) takeKeys(st secrets, blob []byte) error {
	plain, err := vault.Unseal(m.KEK, blob, keysAAD(m.Workspace, m.Me.ID))
	if err != nil {
		return errors.New("keys sent to this desk do not open with its key: they were changed or are not from the team workspace")
	}
	var more Keyring
	if err := json.Unmarshal(plain, &more); err != nil {
		return errors.New("keys sent to this desk are damaged")
	}
	before, _ := json.Marshal(m.Keys)
	m.Keys.merge(more)
	if after, _ := json.Marshal(m.Keys); string(after) == string(before) {
		return nil
	}
	return m.save(st, "keys of the team workspace renewed")
}
