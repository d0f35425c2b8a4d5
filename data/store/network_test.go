package store

import (
	"context"
	"testing"

	"convenor/data"
	"convenor/data/demo"
)

// The demo's network: every actor, every relationship between two of
// them with its meaning from the vocabulary; a label cap and the filters
// leave out actors and every tie to them.
func TestTheNetwork(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	if err := demo.Fill(s, testNow); err != nil {
		t.Fatal(err)
	}
	n, err := s.Network(ctx, data.NetworkQuery{UpTo: data.TLPRed})
	if err != nil {
		t.Fatal(err)
	}
	if len(n.Actors) != 17 || len(n.Ties) != 14 {
		t.Fatalf("%d actors, %d ties", len(n.Actors), len(n.Ties))
	}
	tie := func(n data.Network, title string) *data.NetworkTie {
		for i, x := range n.Ties {
			if x.Title == title {
				return &n.Ties[i]
			}
		}
		return nil
	}
	r3 := tie(n, "Iran – Israel: adversaries")
	if r3 == nil || n.Actors[r3.From].Title != "Iran" || n.Actors[r3.To].Title != "Israel" || r3.Tone != data.Mistrust || r3.Trust != -2 {
		t.Errorf("Iran – Israel: %+v", r3)
	}
	if r := tie(n, "United States – Israel: allies"); r == nil || r.Tone != data.Trust || r.Trust != 2 {
		t.Errorf("United States – Israel: %+v", r)
	}
	if len(n.Countries) != 4 || n.Countries[0] != "Iran" {
		t.Errorf("countries %q", n.Countries)
	}

	// The meaning is the workspace's: "hostility" renamed and made neutral.
	k, f := data.Relationship, data.Relationship.Field("rel_type")
	if _, err := s.RenameInVocabulary(k, f, "hostility", "enmity"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetToneInVocabulary(k, f, "enmity", data.Neutral); err != nil {
		t.Fatal(err)
	}
	n, _ = s.Network(ctx, data.NetworkQuery{UpTo: data.TLPRed})
	if r := tie(n, "Iran – Israel: adversaries"); r == nil || r.Type != "enmity" || r.Tone != data.Neutral {
		t.Errorf("after the rename: %+v", r)
	}

	green, _ := s.Network(ctx, data.NetworkQuery{UpTo: data.TLPGreen})
	if len(green.Actors) != 4 || len(green.Ties) != 4 { // r1 is AMBER
		t.Errorf("under TLP:GREEN: %d actors, %d ties", len(green.Actors), len(green.Ties))
	}
	pk, _ := s.Network(ctx, data.NetworkQuery{UpTo: data.TLPRed, Country: "pakistan"})
	if len(pk.Actors) != 7 || len(pk.Ties) != 1 { // hardliners – ministry
		t.Errorf("Pakistan: %d actors, %d ties", len(pk.Actors), len(pk.Ties))
	}
	for _, x := range pk.Ties {
		if pk.Actors[x.From].Country != "Pakistan" || pk.Actors[x.To].Country != "Pakistan" {
			t.Errorf("a tie leaving the filter: %+v", x)
		}
	}
	if len(pk.Countries) != 4 {
		t.Errorf("the filter's countries narrowed: %q", pk.Countries)
	}
	hostile, _ := s.Network(ctx, data.NetworkQuery{UpTo: data.TLPRed, Stance: "hostile", Role: "spoiler"})
	if len(hostile.Actors) != 1 || len(hostile.Ties) != 0 {
		t.Errorf("hostile spoilers: %+v", hostile)
	}
}
