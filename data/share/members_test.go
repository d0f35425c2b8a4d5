package share

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"convenor/data"
	"convenor/data/store"
)

// labelled adds an actor with a label.
func labelled(t testing.TB, s *store.Store, title string, tlp data.TLP) *data.Record {
	t.Helper()
	r := data.NewRecord(data.Actor)
	r.Title, r.Values["actor_type"], r.TLP = title, "person", tlp
	if err := s.Insert(r); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestAMemberClearedToAmberNeverReceivesRed: a member cleared to AMBER
// takes in the CLEAR, GREEN and AMBER records and nothing else; holds no
// AMBER+STRICT or RED key, not even in its invitation; and every way of
// reading a RED subject through the hubs is refused: a consumer on it, a
// consumer whose request names an AMBER filter but asks for RED, a direct
// get, a plain subscription, another member's answers.
func TestAMemberClearedToAmberNeverReceivesRed(t *testing.T) {
	c := cluster(t)
	var secret, strict, amber, green *data.Record
	admin, _ := desks(t, c, func(s *store.Store) {
		secret = labelled(t, s, "Tehran back-channel envoy", data.TLPRed)
		strict = labelled(t, s, "Ministry liaison", data.TLPAmberStrict)
		amber = labelled(t, s, "Doha facilitator", data.TLPAmber)
		green = labelled(t, s, "Published communiqué contact", data.TLPGreen)
	})
	file, _, err := admin.Team.Invite(storeOf(admin), "Muscat desk", data.TLPAmber, code)
	if err != nil {
		t.Fatal(err)
	}
	inv, err := OpenInvitation(file, code)
	if err != nil {
		t.Fatal(err)
	}
	if inv.Keys.Holds(data.TLPRed) || inv.Keys.Holds(data.TLPAmberStrict) || !inv.Keys.Holds(data.TLPAmber) {
		t.Fatalf("the invitation carries keys of %v", keysOf(inv.Keys))
	}
	st := sealed(t, "muscat")
	m, err := Join(st, inv)
	if err != nil {
		t.Fatal(err)
	}
	muscat := deskOf(t, st, m)
	if rep := syncRound(t, muscat); rep.Received != 2 {
		t.Fatalf("received %+v, want the AMBER and GREEN records", rep)
	}
	for _, r := range []*data.Record{amber, green} {
		if _, err := st.Get(r.ID); err != nil {
			t.Fatalf("%s: %v", r.Title, err)
		}
	}
	for _, r := range []*data.Record{secret, strict} {
		if _, err := st.Get(r.ID); !errors.Is(err, data.ErrNotFound) {
			t.Fatalf("%s reached the AMBER desk: %v", r.Title, err)
		}
	}
	kept, _ := Load(st)
	if kept.Keys.Holds(data.TLPRed) || kept.Keys.Holds(data.TLPAmberStrict) {
		t.Fatalf("the AMBER desk holds keys of %v", keysOf(kept.Keys))
	}

	// Each attempt is made on a connection of the member's own, and the
	// hubs must answer it with a permissions violation naming it (or, for
	// a request they accept, an error).
	violations := make(chan error, 16)
	nc, err := m.Connect(nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) { violations <- err }))
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	violated := func(what, subject string, err error) {
		t.Helper()
		if err == nil {
			t.Fatalf("%s: allowed", what)
		}
		select {
		case v := <-violations:
			if !strings.Contains(strings.ToLower(v.Error()), "permissions violation") || !strings.Contains(v.Error(), subject) {
				t.Fatalf("%s: %v", what, v)
			}
			t.Logf("%s: %v", what, v)
		case <-time.After(3 * time.Second):
			t.Fatalf("%s: no permissions violation, but %v", what, err)
		}
	}
	attempt := func() (context.Context, context.CancelFunc) {
		return context.WithTimeout(context.Background(), time.Second)
	}
	stream := StreamName("ws1")
	red := LevelFilter("ws1", data.TLPRed)
	ctx, cancel := attempt()
	_, err = js.CreateOrUpdateConsumer(ctx, stream, jetstream.ConsumerConfig{Name: consumerName(m.Me.ID, "red"), FilterSubject: red, AckPolicy: jetstream.AckNonePolicy})
	cancel()
	violated("a consumer of RED", "CONSUMER.CREATE", err)
	ctx, cancel = attempt()
	_, err = js.CreateOrUpdateConsumer(ctx, stream, jetstream.ConsumerConfig{Name: consumerName(m.Me.ID, "amber"), FilterSubjects: []string{LevelFilter("ws1", data.TLPAmber), red}, AckPolicy: jetstream.AckNonePolicy})
	cancel()
	violated("a consumer with RED among several filters", "CONSUMER.CREATE", err)
	ctx, cancel = attempt()
	_, err = lastOn(ctx, js, Subject("ws1", data.TLPRed, secret.ID), 0)
	cancel()
	violated("a direct get of the RED record", "DIRECT.GET", err)
	ctx, cancel = attempt()
	_, err = js.Stream(ctx, stream)
	cancel()
	violated("the stream's information (which lists subjects)", "STREAM.INFO", err)
	ctx, cancel = attempt()
	_, err = js.Publish(ctx, Subject("ws1", data.TLPRed, secret.ID), []byte("overwritten"))
	cancel()
	violated("publishing on the RED record's subject", "cv.ws1.red.r.", err)
	// The request subject names the AMBER filter the member may use; the
	// configuration inside asks for RED: the hubs compare the two.
	body, _ := json.Marshal(map[string]any{"stream_name": stream, "config": map[string]any{"name": consumerName(m.Me.ID, "amber"), "filter_subject": red, "ack_policy": "none"}})
	ctx, cancel = attempt()
	answer, err := nc.RequestWithContext(ctx, "$JS.API.CONSUMER.CREATE."+stream+"."+consumerName(m.Me.ID, "amber")+"."+LevelFilter("ws1", data.TLPAmber), body)
	cancel()
	if err != nil || !strings.Contains(string(answer.Data), "did not match filtered subject") {
		t.Fatalf("a RED filter behind an AMBER request subject: %v", err)
	}
	t.Logf("a RED filter behind an AMBER request subject: %s", answer.Data)
	for _, subj := range []string{"cv.ws1.red.>", "_INBOX.>", "cv.ws1.>"} {
		_, err := nc.SubscribeSync(subj)
		if err != nil {
			t.Fatal(err)
		}
		violated("subscribing to "+subj, subj, errors.New("subscribed"))
	}
}

func keysOf(k Keyring) []string {
	var out []string
	for level := range k {
		out = append(out, level)
	}
	return out
}

// TestARevokedMemberIsShutOutAndItsOldKeysOpenNothingNew: once revoked, a
// member's connection is closed and its credentials refused; the keys of
// its levels are renewed and sent to the members who remain; a version
// written afterwards does not open with any key the revoked member holds,
// while a version from before still does (it had it already).
func TestARevokedMemberIsShutOutAndItsOldKeysOpenNothingNew(t *testing.T) {
	c := cluster(t)
	var before *data.Record
	admin, doha := desks(t, c, func(s *store.Store) { before = labelled(t, s, "Doha facilitator", data.TLPAmber) })
	muscat := invite(t, admin, "Muscat desk", data.TLPAmber)
	syncRound(t, muscat)
	oldKeys := Keyring{}
	oldKeys.merge(muscat.Team.Keys)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := admin.Team.Revoke(ctx, storeOf(admin), admin.JS, "Muscat desk"); err != nil {
		t.Fatal(err)
	}
	after := labelled(t, storeOf(admin), "Channel opened after the revocation", data.TLPAmber)
	syncRound(t, admin)

	// Shut out: its open connection goes, and it cannot connect again.
	for end := time.Now().Add(10 * time.Second); muscat.JS.Conn().IsConnected(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatal("the revoked member is still connected")
		}
	}
	if nc, err := muscat.Team.Connect(nats.MaxReconnects(0), nats.RetryOnFailedConnect(false)); err == nil {
		nc.Close()
		t.Fatal("the revoked member connected again")
	} else {
		t.Logf("connecting again: %v", err)
	}

	// Its old keys open the version from before, and nothing written after.
	for _, tc := range []struct {
		r      *data.Record
		opens  bool
		reason string
	}{{before, true, "before the revocation"}, {after, false, "after the revocation"}} {
		m, err := lastOn(ctx, admin.JS, Subject("ws1", data.TLPAmber, tc.r.ID), 0)
		if err != nil {
			t.Fatal(err)
		}
		_, err = oldKeys.open("amber", tc.r.ID, m.Data)
		if tc.opens != (err == nil) {
			t.Fatalf("the revoked member's keys on a version from %s: %v", tc.reason, err)
		}
		if !tc.opens && !errors.Is(err, ErrNoKey) {
			t.Fatalf("%v", err)
		}
	}

	// The member who remains was sent the new keys and reads the new record.
	if rep := syncRound(t, doha); rep.Received < 1 {
		t.Fatalf("%+v", rep)
	}
	if r, err := storeOf(doha).Get(after.ID); err != nil || r.Title != after.Title {
		t.Fatalf("%v %v", r, err)
	}
	if len(doha.Team.Keys["amber"]) != 2 || len(doha.Team.Keys["red"]) != 1 {
		t.Fatalf("Doha holds amber epochs %d, red %d", len(doha.Team.Keys["amber"]), len(doha.Team.Keys["red"]))
	}
	reloaded, err := Load(storeOf(doha))
	if err != nil || len(reloaded.Keys["amber"]) != 2 {
		t.Fatalf("the new keys were not kept: %v", err)
	}
	// The trail says who was revoked and that keys were renewed.
	if err := admin.Team.Revoke(ctx, storeOf(admin), admin.JS, "Muscat desk"); err == nil || !strings.Contains(err.Error(), "already revoked") {
		t.Fatalf("revoking twice: %v", err)
	}
}

// TestAnInvitationOpensOnlyWithItsCode: a wrong code, a changed byte, a
// newer format and a file that is not an invitation are each refused with
// a sentence, and nothing is joined.
func TestAnInvitationOpensOnlyWithItsCode(t *testing.T) {
	c := cluster(t)
	admin, _ := desks(t, c, nil)
	file, mem, err := admin.Team.Invite(storeOf(admin), "Ankara desk", data.TLPGreen, code)
	if err != nil {
		t.Fatal(err)
	}
	if mem.Clearance != data.TLPGreen || len(admin.Team.Members) != 3 {
		t.Fatalf("%+v, %d members", mem, len(admin.Team.Members))
	}
	var f invitationFile
	if err := json.Unmarshal(file, &f); err != nil {
		t.Fatal(err)
	}
	f.Sealed[40] ^= 1
	changed, _ := json.Marshal(f)
	newer := []byte(strings.Replace(string(file), `"version": 1`, `"version": 2`, 1))
	for _, tc := range []struct {
		file []byte
		code string
		want string
	}{
		{file, "wrong code entirely", "code is wrong"},
		{changed, code, "code is wrong, or the invitation was changed"},
		{newer, code, "newer Convenor"},
		{[]byte("id,title\n1,x\n"), code, "not a Convenor invitation"},
	} {
		if _, err := OpenInvitation(tc.file, tc.code); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Fatalf("want %q, got %v", tc.want, err)
		}
	}
	for _, bad := range []struct {
		name, code string
		tlp        data.TLP
		want       string
	}{
		{"", code, data.TLPAmber, "needs a name"},
		{"Doha desk", code, data.TLPAmber, "already called"},
		{"Cairo desk", "short", data.TLPAmber, "at least 8"},
		{"Cairo desk", code, "TLP:PURPLE", "not a TLP label"},
	} {
		if _, _, err := admin.Team.Invite(storeOf(admin), bad.name, bad.tlp, bad.code); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Fatalf("inviting %q: want %q, got %v", bad.name, bad.want, err)
		}
	}
	if len(admin.Team.Members) != 3 {
		t.Fatalf("%d members after refused invitations", len(admin.Team.Members))
	}
}

// TestARecordAboveTheDesksClearanceIsWithheld: a member cleared to AMBER
// who raises a record to RED cannot seal or publish it: it is withheld,
// said so, and stays in the outbox; nothing reaches the stream.
func TestARecordAboveTheDesksClearanceIsWithheld(t *testing.T) {
	c := cluster(t)
	admin, _ := desks(t, c, func(s *store.Store) { labelled(t, s, "Doha facilitator", data.TLPAmber) })
	muscat := invite(t, admin, "Muscat desk", data.TLPAmber)
	syncRound(t, muscat)
	r := labelled(t, storeOf(muscat), "A name too sensitive for AMBER", data.TLPRed)
	rep := syncRound(t, muscat)
	if len(rep.Withheld) != 1 || rep.Withheld[0] != r.ID || rep.Sent != 0 {
		t.Fatalf("%+v", rep)
	}
	if out, _ := storeOf(muscat).Outbox(context.Background()); len(out) != 1 {
		t.Fatalf("%d in the outbox", len(out))
	}
	if got := syncRound(t, admin); got.Received != 0 {
		t.Fatalf("the administering desk received %+v", got)
	}
}
