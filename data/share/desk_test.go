package share

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"convenor/data"
	"convenor/data/store"
)

const pass = "team passphrase"

// desks makes the first desk's sealed workspace, shares it (this desk
// administers it) and sends its records, then invites a second desk,
// cleared to RED, which joins and takes them in.
func desks(t testing.TB, c *hubs, first func(s *store.Store)) (*Desk, *Desk) {
	t.Helper()
	a := sealed(t, "a")
	if first != nil {
		first(a)
	}
	m, err := start(a, "ws1", "Islamabad desk", c.URLs(), c.auth)
	if err != nil {
		t.Fatal(err)
	}
	da := deskOf(t, a, m)
	syncRound(t, da)
	db := invite(t, da, "Doha desk", data.TLPRed)
	syncRound(t, db)
	return da, db
}

func sealed(t testing.TB, name string) *store.Store {
	t.Helper()
	s, err := store.CreateSealed(filepath.Join(t.TempDir(), name+".convenor"), name, pass)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// deskOf connects a desk with its membership's credentials.
func deskOf(t testing.TB, st *store.Store, m *Membership) *Desk {
	t.Helper()
	nc, err := m.Connect()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	return &Desk{Replica: st, JS: js, Team: m}
}

const code = "cedar 4471 harbour"

// invite has the administering desk invite a member, who joins with a
// new sealed workspace.
func invite(t testing.TB, admin *Desk, name string, clearance data.TLP) *Desk {
	t.Helper()
	file, _, err := admin.Team.Invite(storeOf(admin), name, clearance, code)
	if err != nil {
		t.Fatal(err)
	}
	inv, err := OpenInvitation(file, code)
	if err != nil {
		t.Fatal(err)
	}
	st := sealed(t, strings.ReplaceAll(name, " ", "-"))
	m, err := Join(st, inv)
	if err != nil {
		t.Fatal(err)
	}
	return deskOf(t, st, m)
}

func syncRound(t testing.TB, d *Desk) Report {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	rep, err := d.Sync(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func storeOf(d *Desk) *store.Store { return d.Replica.(*store.Store) }

func actor(t testing.TB, s *store.Store, title string) *data.Record {
	t.Helper()
	r := data.NewRecord(data.Actor)
	r.Title, r.Values["actor_type"] = title, "state"
	if err := s.Insert(r); err != nil {
		t.Fatal(err)
	}
	return r
}

// states is every record of the workspace by id, as its state hash.
func states(t testing.TB, s *store.Store) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, k := range data.Kinds {
		recs, err := s.ListWithLinks(context.Background(), data.Query{Kind: k, Limit: 100000})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			out[r.ID] = r.State()
		}
	}
	return out
}

func sameWorkspaces(t *testing.T, a, b *store.Store) {
	t.Helper()
	sa, sb := states(t, a), states(t, b)
	if len(sa) != len(sb) {
		t.Fatalf("%d records here, %d there", len(sa), len(sb))
	}
	for id, st := range sa {
		if sb[id] != st {
			t.Fatalf("record %s differs between the desks", id)
		}
	}
	for _, s := range []*store.Store{a, b} {
		if rep, err := s.Verify(context.Background()); err != nil || !rep.Intact {
			t.Fatalf("%s %v", rep, err)
		}
	}
}

// TestTwoDesksEditingDifferentRecordsConverge: each desk adds and edits
// its own records offline; after a round each, both hold the same.
func TestTwoDesksEditingDifferentRecordsConverge(t *testing.T) {
	c := cluster(t)
	a, b := desks(t, c, func(s *store.Store) { actor(t, s, "Iran") })
	actor(t, storeOf(a), "Oman")
	qatar := actor(t, storeOf(b), "Qatar")
	qatar.Values["country"] = "QA"
	if err := storeOf(b).Update(qatar); err != nil {
		t.Fatal(err)
	}
	if rep := syncRound(t, a); rep.Sent != 1 {
		t.Fatalf("A: %+v", rep)
	}
	if rep := syncRound(t, b); rep.Sent != 1 || rep.Received != 1 { // A's Oman (its own Qatar back changes nothing)
		t.Fatalf("B: %+v", rep)
	}
	syncRound(t, a)
	sameWorkspaces(t, storeOf(a), storeOf(b))
	hist, _ := storeOf(a).History(qatar.ID)
	if len(hist) == 0 || hist[0].Action != "sync" {
		t.Fatalf("Qatar's history at A: %+v", hist)
	}
}

// TestTheSameRecordEditedTwiceGivesAConflictAndLosesNothing: both desks
// change one record from the same version; the first to send wins, the
// other keeps its own and is given the winner's as a conflict; a stale
// copy of the workspace cannot overwrite the newer version either.
func TestTheSameRecordEditedTwiceGivesAConflictAndLosesNothing(t *testing.T) {
	c := cluster(t)
	var iran *data.Record
	a, b := desks(t, c, func(s *store.Store) { iran = actor(t, s, "Iran") })
	edit := func(d *Desk, country string) {
		r, err := storeOf(d).Get(iran.ID)
		if err != nil {
			t.Fatal(err)
		}
		r.Values["country"] = country
		if err := storeOf(d).Update(r); err != nil {
			t.Fatal(err)
		}
	}
	edit(a, "IR (desk A)")
	edit(b, "IR (desk B)")
	syncRound(t, a)
	if rep := syncRound(t, b); rep.Conflicts != 1 || rep.Sent != 0 {
		t.Fatalf("B: %+v", rep)
	}
	mine, _ := storeOf(b).Get(iran.ID)
	theirs, err := storeOf(b).Conflicts(context.Background())
	if err != nil || len(theirs) != 1 || theirs[0].Record.Text("country") != "IR (desk A)" || mine.Text("country") != "IR (desk B)" {
		t.Fatalf("B keeps %q, has as conflict %+v (%v)", mine.Text("country"), theirs, err)
	}
	if rep := syncRound(t, b); rep.Sent != 0 { // held until someone chooses
		t.Fatalf("B sent a held change: %+v", rep)
	}
	if r, _ := storeOf(a).Get(iran.ID); r.Text("country") != "IR (desk A)" {
		t.Fatalf("A's version was overwritten: %q", r.Text("country"))
	}
	// B keeps its own: it goes over A's, and A takes it in.
	if err := storeOf(b).Resolve(context.Background(), iran.ID, false); err != nil {
		t.Fatal(err)
	}
	if rep := syncRound(t, b); rep.Sent != 1 {
		t.Fatalf("B after choosing: %+v", rep)
	}
	syncRound(t, a)
	if r, _ := storeOf(a).Get(iran.ID); r.Text("country") != "IR (desk B)" {
		t.Fatalf("A has %q", r.Text("country"))
	}
	hist, _ := storeOf(b).History(iran.ID)
	if hist[0].Action != "resolve" {
		t.Errorf("the choice is not in B's trail: %+v", hist[0])
	}
	sameWorkspaces(t, storeOf(a), storeOf(b))
}

// TestKeepingTheirsDropsMine: the other choice writes the other desk's
// version here and sends nothing.
func TestKeepingTheirsDropsMine(t *testing.T) {
	c := cluster(t)
	var iran *data.Record
	a, b := desks(t, c, func(s *store.Store) { iran = actor(t, s, "Iran") })
	for d, country := range map[*Desk]string{a: "IR (desk A)", b: "IR (desk B)"} {
		r, _ := storeOf(d).Get(iran.ID)
		r.Values["country"] = country
		if err := storeOf(d).Update(r); err != nil {
			t.Fatal(err)
		}
	}
	syncRound(t, a)
	syncRound(t, b)
	if err := storeOf(b).Resolve(context.Background(), iran.ID, true); err != nil {
		t.Fatal(err)
	}
	if rep := syncRound(t, b); rep.Sent != 0 {
		t.Fatalf("%+v", rep)
	}
	if r, _ := storeOf(b).Get(iran.ID); r.Text("country") != "IR (desk A)" {
		t.Fatalf("B has %q", r.Text("country"))
	}
	sameWorkspaces(t, storeOf(a), storeOf(b))
}

// TestADeskOfflineFor1000EditsCatchesUp: a desk makes 1,000 records
// offline, then one round sends them all and the other desk takes all in.
func TestADeskOfflineFor1000EditsCatchesUp(t *testing.T) {
	c := cluster(t)
	a, b := desks(t, c, nil)
	for i := 0; i < 1000; i++ {
		actor(t, storeOf(b), fmt.Sprintf("Contact %04d", i))
	}
	start := time.Now()
	if rep := syncRound(t, b); rep.Sent != 1000 {
		t.Fatalf("B: %+v", rep)
	}
	if rep := syncRound(t, a); rep.Received != 1000 {
		t.Fatalf("A: %+v", rep)
	}
	t.Logf("1,000 edits from one desk to the other in %v", time.Since(start))
	sameWorkspaces(t, storeOf(a), storeOf(b))
}

// TestAStaleReplicaCannotOverwriteANewerVersion: a desk restored from an
// old copy edits a record others have moved on: its version is refused
// and kept apart, the newer one stands.
func TestAStaleReplicaCannotOverwriteANewerVersion(t *testing.T) {
	c := cluster(t)
	var iran *data.Record
	a, stale := desks(t, c, func(s *store.Store) { iran = actor(t, s, "Iran") })
	r, _ := storeOf(a).Get(iran.ID)
	r.Values["country"] = "IR (new)"
	if err := storeOf(a).Update(r); err != nil {
		t.Fatal(err)
	}
	syncRound(t, a)
	old, _ := storeOf(stale).Get(iran.ID)
	old.Values["languages"] = "Persian"
	if err := storeOf(stale).Update(old); err != nil {
		t.Fatal(err)
	}
	if rep := syncRound(t, stale); rep.Sent != 0 || rep.Conflicts != 1 {
		t.Fatalf("the stale desk: %+v", rep)
	}
	syncRound(t, a)
	if r, _ := storeOf(a).Get(iran.ID); r.Text("country") != "IR (new)" || r.Text("languages") != "" {
		t.Fatalf("the newer version was overwritten: %v", r.Values)
	}
}

// TestLosingTheStreamLeaderDuringSyncLosesNothing: a desk sends 300
// edits while the hub leading the stream goes down; rounds are repeated
// until the outbox is empty, and the other desk ends with every edit,
// each once.
func TestLosingTheStreamLeaderDuringSyncLosesNothing(t *testing.T) {
	c := cluster(t)
	a, b := desks(t, c, nil)
	for i := 0; i < 300; i++ {
		actor(t, storeOf(b), fmt.Sprintf("Contact %03d", i))
	}
	js := connect(t, c)
	s, err := js.Stream(context.Background(), StreamName("ws1"))
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		time.Sleep(30 * time.Millisecond)
		for n, srv := range c.Servers {
			if srv.Name() == info.Cluster.Leader {
				c.Stop(n)
			}
		}
	}()
	sent := 0
	for round := 0; round < 50 && sent < 300; round++ {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		rep, err := b.Sync(ctx)
		cancel()
		sent += rep.Sent
		if err != nil {
			t.Logf("round %d: %d sent, then %v", round, rep.Sent, err)
		}
	}
	<-done
	if sent != 300 {
		t.Fatalf("%d of 300 sent", sent)
	}
	for round := 0; round < 50; round++ {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_, err := a.Sync(ctx)
		cancel()
		if err == nil {
			break
		}
	}
	sameWorkspaces(t, storeOf(a), storeOf(b))
}

// TestTheHubsHoldNoPlaintext: after two desks synchronise records with
// distinctive text, no hub's store folder holds any of it.
func TestTheHubsHoldNoPlaintext(t *testing.T) {
	dir := t.TempDir()
	c := clusterIn(t, dir)
	a, b := desks(t, c, func(s *store.Store) { actor(t, s, "Tehran back-channel envoy") })
	actor(t, storeOf(b), "Islamabad interlocutor")
	syncRound(t, b)
	syncRound(t, a)
	c.Shutdown()
	found, err := filesContaining(dir, []string{"Tehran", "Islamabad", "envoy", "interlocutor"})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) > 0 {
		t.Fatalf("plain text on the hubs: %v", found)
	}
}

// TestTwoVersionsOfANewRecordInOneRound: a desk taking in a record's
// first version and a later one in the same batch writes both, in order:
// its trail verifies and says sync twice.
func TestTwoVersionsOfANewRecordInOneRound(t *testing.T) {
	c := cluster(t)
	a, b := desks(t, c, nil)
	oman := actor(t, storeOf(a), "Oman")
	syncRound(t, a)
	oman.Values["country"] = "OM"
	if err := storeOf(a).Update(oman); err != nil {
		t.Fatal(err)
	}
	syncRound(t, a)
	if rep := syncRound(t, b); rep.Received != 2 {
		t.Fatalf("B: %+v", rep)
	}
	hist, _ := storeOf(b).History(oman.ID)
	if len(hist) != 2 || hist[0].Action != "sync" || hist[1].Action != "sync" || hist[0].Seq < hist[1].Seq {
		t.Fatalf("B's trail of Oman: %+v", hist)
	}
	sameWorkspaces(t, storeOf(a), storeOf(b))
}

// TestRelabellingKeepsNoLostUpdate: a record raised from AMBER to RED at
// one desk moves to the RED subject only if nothing came in on the AMBER
// one since; an edit made meanwhile at AMBER by another desk makes the
// relabel a conflict, not a silent overwrite.
func TestRelabellingKeepsNoLostUpdate(t *testing.T) {
	c := cluster(t)
	var iran *data.Record
	a, b := desks(t, c, func(s *store.Store) { iran = actor(t, s, "Iran") })
	amber := Subject("ws1", data.TLPAmber, iran.ID)
	r, _ := storeOf(b).Get(iran.ID)
	r.Values["country"] = "IR (B, still AMBER)"
	if err := storeOf(b).Update(r); err != nil {
		t.Fatal(err)
	}
	syncRound(t, b)
	raised, _ := storeOf(a).Get(iran.ID)
	raised.TLP = data.TLPRed
	if err := storeOf(a).Update(raised); err != nil {
		t.Fatal(err)
	}
	if rep := syncRound(t, a); rep.Conflicts != 1 || rep.Sent != 0 {
		t.Fatalf("the relabel went over an edit it never saw: %+v", rep)
	}
	theirs, _ := storeOf(a).Conflicts(context.Background())
	if len(theirs) != 1 || theirs[0].Record.Text("country") != "IR (B, still AMBER)" {
		t.Fatalf("%+v", theirs)
	}
	// Choosing its own, A's relabel goes out based on B's version.
	if err := storeOf(a).Resolve(context.Background(), iran.ID, false); err != nil {
		t.Fatal(err)
	}
	if rep := syncRound(t, a); rep.Sent != 1 {
		t.Fatalf("%+v", rep)
	}
	s, _ := a.JS.Stream(context.Background(), StreamName("ws1"))
	red, err := s.GetLastMsgForSubject(context.Background(), Subject("ws1", data.TLPRed, iran.ID))
	if err != nil || red.Subject == amber {
		t.Fatalf("the RED version: %+v %v", red, err)
	}
	syncRound(t, b)
	if r, _ := storeOf(b).Get(iran.ID); r.TLP != data.TLPRed {
		t.Fatalf("B has the record at %s", r.TLP)
	}
}
