package store

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"convenor/data"
	"convenor/data/demo"
	"convenor/data/vault"
)

// FuzzUnsealRecord: a vault blob changed outside Convenor is refused.
func FuzzUnsealRecord(f *testing.F) {
	key := make([]byte, 32)
	good, _ := vault.Seal(key, []byte(`{"id":"x","kind":"actor","title":"Iran","values":{"actor_type":"state"}}`), "x")
	f.Add(good)
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, blob []byte) {
		plain, err := vault.Unseal(key, blob, "x")
		if err != nil {
			return
		}
		var sr sealedRecord
		if json.Unmarshal(plain, &sr) == nil {
			fromSealed(sr)
		}
	})
}

func TestSearchLeavesOutWhatIsAboveTheLabel(t *testing.T) {
	s := newStore(t)
	demo.Fill(s, testNow)
	all, _ := s.SearchUpTo(context.Background(), "demo person", data.TLPRed, 100)
	some, _ := s.SearchUpTo(context.Background(), "demo person", data.TLPAmber, 100)
	if len(some) == 0 || len(some) >= len(all) {
		t.Fatalf("up to AMBER: %d of %d", len(some), len(all))
	}
	for _, h := range some {
		if h.TLP.Rank() < data.TLPAmber.Rank() {
			t.Errorf("%s (%s) found up to TLP:AMBER", h.Title, h.TLP)
		}
	}
}

// TestLimitsCountCharactersNotBytes: a 300-letter Persian name fits.
func TestLimitsCountCharactersNotBytes(t *testing.T) {
	s := newStore(t)
	r := data.NewRecord(data.Actor)
	r.Title = strings.Repeat("ش", 300)
	r.Values["actor_type"] = "person"
	r.Values["native_name"] = strings.Repeat("ש", 900)
	if err := s.Insert(r); err != nil {
		t.Fatalf("300 Persian letters refused: %v", err)
	}
	r = data.NewRecord(data.Actor)
	r.Title = strings.Repeat("ش", 501)
	r.Values["actor_type"] = "person"
	err := data.Validate(r)
	if v, ok := data.AsValidation(err); !ok || !strings.Contains(v.For("title"), "501 characters; at most 500") {
		t.Errorf("501 letters: %v", err)
	}
}
