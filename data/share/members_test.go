package share

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
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
	if rep := syncRound(t, muscat); rep.Received != 3 {
		t.Fatalf("received %+v, want the AMBER and GREEN records and the vocabulary", rep)
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

// TestALinkToARedRecordIsHeldBackNotLost: an AMBER record affiliated with
// a RED one reaches the AMBER desk without the link and without the RED
// record's title anywhere in what it was sent; when the AMBER desk edits
// the record, the link still reaches the desks cleared for it. A record
// with a RED contact point travels at RED.
func TestALinkToARedRecordIsHeldBackNotLost(t *testing.T) {
	c := cluster(t)
	var secret, envoy, phoned *data.Record
	admin, doha := desks(t, c, func(s *store.Store) {
		secret = labelled(t, s, "Quds Force liaison office", data.TLPRed)
		envoy = labelled(t, s, "Omani envoy", data.TLPAmber)
		envoy.Values["affiliation"] = secret.ID
		if err := s.Update(envoy); err != nil {
			t.Fatal(err)
		}
		phoned = labelled(t, s, "Back-channel interlocutor", data.TLPAmber)
		phoned.Values[data.FieldContacts] = []data.ContactPoint{{Kind: "phone", Value: "+98 21 5555 0101", Label: "private line", TLP: data.TLPRed}}
		if err := s.Update(phoned); err != nil {
			t.Fatal(err)
		}
	})
	m, err := lastOn(context.Background(), admin.JS, Subject("ws1", data.TLPAmber, envoy.ID), 0)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := admin.Team.Keys.open("amber", envoy.ID, m.Data)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(plain), "Quds") || !strings.Contains(string(plain), secret.ID) {
		t.Fatalf("the AMBER version carries %s", plain)
	}
	muscat := invite(t, admin, "Muscat desk", data.TLPAmber)
	syncRound(t, muscat)
	got, err := storeOf(muscat).Get(envoy.ID)
	if err != nil {
		t.Fatal(err)
	}
	if aff, _ := got.Values["affiliation"].(string); aff != "" {
		t.Fatalf("the AMBER desk holds a link to %s", aff)
	}
	if _, err := storeOf(muscat).Get(phoned.ID); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("a record with a RED contact point reached the AMBER desk: %v", err)
	}
	if r, _ := storeOf(doha).Get(phoned.ID); r == nil || len(r.Contacts()) != 1 {
		t.Fatalf("the RED desk lacks the contact point: %+v", r)
	}

	got.Values["country"] = "OM"
	if err := storeOf(muscat).Update(got); err != nil {
		t.Fatal(err)
	}
	syncRound(t, muscat)
	syncRound(t, doha)
	for _, d := range []*Desk{admin, doha} {
		syncRound(t, d)
		r, _ := storeOf(d).Get(envoy.ID)
		if r.Text("country") != "OM" || r.Values["affiliation"] != secret.ID {
			t.Fatalf("%s: country %q, affiliation %v", d.Team.Me.Name, r.Text("country"), r.Values["affiliation"])
		}
	}
	sameWorkspaces(t, storeOf(admin), storeOf(doha))
}

// TestALinkSentBeforeItsTargetArrivesAfterIt: an older record is linked to
// a new one, so the link travels before the record it points to; the
// other desk holds it back, then puts it in when the record arrives.
func TestALinkSentBeforeItsTargetArrivesAfterIt(t *testing.T) {
	c := cluster(t)
	var iran *data.Record
	a, b := desks(t, c, func(s *store.Store) { iran = actor(t, s, "Iran") })
	// Iran's change is queued first, the new record after it.
	iran.Values["country"] = "IR"
	if err := storeOf(a).Update(iran); err != nil {
		t.Fatal(err)
	}
	ministry := actor(t, storeOf(a), "Ministry of Foreign Affairs")
	r, _ := storeOf(a).Get(iran.ID)
	r.Values["affiliation"] = ministry.ID
	if err := storeOf(a).Update(r); err != nil {
		t.Fatal(err)
	}
	out, _ := storeOf(a).Outbox(context.Background())
	if len(out) != 2 || out[0].RecordID != iran.ID {
		t.Fatalf("the outbox is not in the order this test needs: %+v", out)
	}
	syncRound(t, a)
	syncRound(t, b)
	got, _ := storeOf(b).Get(iran.ID)
	if got.Values["affiliation"] != ministry.ID {
		t.Fatalf("the link was not put back: %v", got.Values["affiliation"])
	}
	sameWorkspaces(t, storeOf(a), storeOf(b))
}

// TestVocabulariesTravelAndMerge: a value one desk adds to a list reaches
// the others; two desks adding different values at once both keep both.
func TestVocabulariesTravelAndMerge(t *testing.T) {
	c := cluster(t)
	a, b := desks(t, c, nil)
	sector := data.Actor.Field("sector")
	if err := storeOf(a).AddToVocabulary(data.Actor, sector, "shipping insurer"); err != nil {
		t.Fatal(err)
	}
	syncRound(t, a)
	syncRound(t, b)
	if _, ok := storeOf(b).Vocabulary().Holds(data.Actor, sector, "shipping insurer"); !ok {
		t.Fatal("the value did not reach the other desk")
	}
	if err := storeOf(a).AddToVocabulary(data.Actor, sector, "diaspora network"); err != nil {
		t.Fatal(err)
	}
	if err := storeOf(b).AddToVocabulary(data.Actor, sector, "tribal council"); err != nil {
		t.Fatal(err)
	}
	for round := 0; round < 3; round++ {
		syncRound(t, a)
		syncRound(t, b)
	}
	for _, d := range []*Desk{a, b} {
		for _, v := range []string{"shipping insurer", "diaspora network", "tribal council"} {
			if _, ok := storeOf(d).Vocabulary().Holds(data.Actor, sector, v); !ok {
				t.Fatalf("%s lacks %q", d.Team.Me.Name, v)
			}
		}
		if out, _ := storeOf(d).Outbox(context.Background()); len(out) != 0 {
			t.Fatalf("%s still has %d to send", d.Team.Me.Name, len(out))
		}
	}
}

// TestARecordRaisedAboveADesksClearanceLeavesIt: a record raised from
// AMBER to RED is withdrawn from the AMBER subject first. The AMBER desk
// drops its copy; an edit it made meanwhile is refused and kept as a
// conflict it cannot resolve by lowering the record again; the RED desks
// never see that edit. Lowered again, the record comes back to it.
func TestARecordRaisedAboveADesksClearanceLeavesIt(t *testing.T) {
	c := cluster(t)
	var envoy *data.Record
	admin, doha := desks(t, c, func(s *store.Store) { envoy = labelled(t, s, "Omani envoy", data.TLPAmber) })
	muscat := invite(t, admin, "Muscat desk", data.TLPAmber)
	cairo := invite(t, admin, "Cairo desk", data.TLPAmber)
	syncRound(t, muscat)
	syncRound(t, cairo)

	raised, _ := storeOf(admin).Get(envoy.ID)
	raised.TLP = data.TLPRed
	raised.Values["country"] = "OM (RED)"
	if err := storeOf(admin).Update(raised); err != nil {
		t.Fatal(err)
	}
	mine, _ := storeOf(muscat).Get(envoy.ID)
	mine.Values["country"] = "edited at AMBER meanwhile"
	if err := storeOf(muscat).Update(mine); err != nil {
		t.Fatal(err)
	}
	if rep := syncRound(t, admin); rep.Sent != 1 {
		t.Fatalf("%+v", rep)
	}
	if rep := syncRound(t, muscat); rep.Conflicts != 1 || rep.Sent != 0 {
		t.Fatalf("the AMBER edit after the raise: %+v", rep)
	}
	theirs, _ := storeOf(muscat).Conflicts(context.Background())
	if len(theirs) != 1 || !theirs[0].Withdrawn || theirs[0].Record != nil {
		t.Fatalf("%+v", theirs)
	}
	if err := storeOf(muscat).Resolve(context.Background(), envoy.ID, false); err == nil || !strings.Contains(err.Error(), "above this desk's clearance") {
		t.Fatalf("keeping the AMBER version: %v", err)
	}
	if err := storeOf(muscat).Resolve(context.Background(), envoy.ID, true); err != nil {
		t.Fatal(err)
	}
	syncRound(t, cairo)
	for _, d := range []*Desk{muscat, cairo} {
		if _, err := storeOf(d).Get(envoy.ID); !errors.Is(err, data.ErrNotFound) {
			t.Fatalf("%s still holds the raised record: %v", d.Team.Me.Name, err)
		}
	}
	// Cairo, with nothing pending, dropped its copy on the administering
	// desk's signed withdrawal: its trail says who, and verify checks it.
	hist, _ := storeOf(cairo).History(envoy.ID)
	if len(hist) == 0 || hist[0].Action != "delete" || !strings.Contains(fmt.Sprint(hist[0].Changes), "Islamabad desk") {
		t.Fatalf("Cairo's trail: %+v", hist)
	}
	if rep, err := storeOf(cairo).Verify(context.Background()); err != nil || !rep.Intact || rep.Signed == 0 {
		t.Fatalf("%s %v", rep, err)
	}
	syncRound(t, doha)
	if r, _ := storeOf(doha).Get(envoy.ID); r == nil || r.TLP != data.TLPRed || r.Text("country") != "OM (RED)" {
		t.Fatalf("the RED desk: %+v", r)
	}

	lowered, _ := storeOf(admin).Get(envoy.ID)
	lowered.TLP = data.TLPAmber
	if err := storeOf(admin).Update(lowered); err != nil {
		t.Fatal(err)
	}
	syncRound(t, admin)
	syncRound(t, muscat)
	syncRound(t, doha)
	if r, _ := storeOf(muscat).Get(envoy.ID); r == nil || r.Text("country") != "OM (RED)" {
		t.Fatalf("lowered again, it did not come back: %+v", r)
	}
	sameWorkspaces(t, storeOf(admin), storeOf(doha))
}

// TestEveryChangeIsSignedByItsMember: a change taken in from another desk
// names its author in the trail with the author's signature, which verify
// checks; a version whose text names another member than the one whose
// key signed it is refused, and nothing of it is written.
func TestEveryChangeIsSignedByItsMember(t *testing.T) {
	c := cluster(t)
	admin, doha := desks(t, c, nil)
	muscat := invite(t, admin, "Muscat desk", data.TLPAmber)
	syncRound(t, muscat)
	r := labelled(t, storeOf(muscat), "Omani envoy", data.TLPAmber)
	syncRound(t, muscat)
	syncRound(t, admin)
	hist, err := storeOf(admin).History(r.ID)
	if err != nil || len(hist) == 0 {
		t.Fatal(err)
	}
	signedBy := ""
	for _, ch := range hist[0].Changes {
		if ch.Field == "signed_by" {
			signedBy = ch.After
		}
	}
	if hist[0].Action != "sync" || signedBy != "Muscat desk ("+muscat.Team.Me.ID+")" {
		t.Fatalf("%+v", hist[0])
	}
	rep, err := storeOf(admin).Verify(context.Background())
	if err != nil || !rep.Intact || rep.Signed == 0 {
		t.Fatalf("%s %v", rep, err)
	}
	if !strings.Contains(rep.String(), "carry their author's signature") {
		t.Fatal(rep.String())
	}

	// Muscat passes a change off as the administering desk's.
	forger := *muscat.Team
	forger.Me = admin.Team.Me
	fake := data.NewRecord(data.Actor)
	fake.ID = uuid.NewString()
	fake.Title, fake.Values["actor_type"], fake.TLP = "Instruction from the administering desk", "person", data.TLPAmber
	version, _ := json.Marshal(map[string]any{"id": fake.ID, "record": map[string]any{"id": fake.ID, "kind": "actor", "title": fake.Title, "tlp": fake.TLP, "values": map[string]string{"actor_type": "person"}}})
	plain, header, err := forger.sign(fake.ID, version)
	if err != nil {
		t.Fatal(err)
	}
	blob, err := forger.Keys.seal("amber", fake.ID, plain)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := PublishOver(context.Background(), muscat.JS, Subject("ws1", data.TLPAmber, fake.ID), blob, header, "", 0, "forged-1"); err != nil {
		t.Fatal(err)
	}
	for _, d := range []*Desk{admin, doha} {
		got := syncRound(t, d)
		if len(got.Refused) != 1 || !strings.Contains(got.Refused[0], "not signed by a member") {
			t.Fatalf("%s: %+v", d.Team.Me.Name, got)
		}
		if _, err := storeOf(d).Get(fake.ID); !errors.Is(err, data.ErrNotFound) {
			t.Fatalf("%s took in the forged version: %v", d.Team.Me.Name, err)
		}
	}
}

// TestAttachedFilesTravelThroughTheObjectStore: a file over the 1 MiB
// message limit attached to an AMBER record reaches the desks cleared for
// AMBER, byte for byte, sealed on the hubs; the workspaces verify. A file
// on a RED record is out of the AMBER desk's reach.
func TestAttachedFilesTravelThroughTheObjectStore(t *testing.T) {
	dir := t.TempDir()
	c := clusterIn(t, dir)
	admin, doha := desks(t, c, nil)
	muscat := invite(t, admin, "Muscat desk", data.TLPAmber)
	syncRound(t, muscat)
	content := bytes.Repeat([]byte("Readout of the Muscat meeting, page after page. "), 40_000) // about 1.9 MB
	path := filepath.Join(t.TempDir(), "readout.txt")
	if err := os.WriteFile(path, content, 0o600); err != nil {
		t.Fatal(err)
	}
	withFile := func(title string, tlp data.TLP) *data.Record {
		r := labelled(t, storeOf(admin), title, tlp)
		r.Attachments = []data.Attachment{{Name: "readout.txt", From: path}}
		if err := storeOf(admin).Update(r); err != nil {
			t.Fatal(err)
		}
		got, _ := storeOf(admin).Get(r.ID)
		return got
	}
	envoy := withFile("Omani envoy", data.TLPAmber)
	secret := withFile("Quds Force liaison office", data.TLPRed)
	syncRound(t, admin)
	for _, d := range []*Desk{doha, muscat} {
		syncRound(t, d)
		r, err := storeOf(d).Get(envoy.ID)
		if err != nil || len(r.Attachments) != 1 {
			t.Fatalf("%s: %+v %v", d.Team.Me.Name, r, err)
		}
		var b bytes.Buffer
		if err := storeOf(d).AttachmentBytes(context.Background(), r.Attachments[0], &b); err != nil || !bytes.Equal(b.Bytes(), content) {
			t.Fatalf("%s: %d bytes, %v", d.Team.Me.Name, b.Len(), err)
		}
		if rep, err := storeOf(d).Verify(context.Background()); err != nil || !rep.Intact {
			t.Fatalf("%s: %s %v", d.Team.Me.Name, rep, err)
		}
	}
	if _, err := storeOf(doha).Get(secret.ID); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if _, err := muscat.JS.ObjectStore(ctx, Bucket("ws1", data.TLPRed)); err == nil {
		t.Fatal("the AMBER desk reached the RED files")
	}
	c.Shutdown()
	if found, _ := filesContaining(dir, []string{"Readout of the Muscat meeting"}); len(found) > 0 {
		t.Fatalf("plain text on the hubs: %v", found)
	}
}
