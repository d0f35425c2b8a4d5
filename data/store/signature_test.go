package store

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
)

// TestCheckSignature: a change from another desk with its author's
// signature checks out; one whose digest, key or signature was altered,
// or whose signature is not base64, does not, and says why.
func TestCheckSignature(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(nil)
	other, _, _ := ed25519.GenerateKey(nil)
	entry := func(mod func(*Signature)) string {
		sig := &Signature{By: "Muscat desk (m1)", Key: base64.StdEncoding.EncodeToString(pub), Digest: "ab12"}
		sig.Sig = base64.StdEncoding.EncodeToString(ed25519.Sign(priv, SignedText("rec-1", sig.Digest)))
		if mod != nil {
			mod(sig)
		}
		changes := map[string][2]string{"title": {"", "Omani envoy"}}
		sig.into(changes)
		b, _ := json.Marshal(changes)
		return string(b)
	}
	if signed, problem := checkSignature("sync", "rec-1", entry(nil)); !signed || problem != "" {
		t.Fatalf("%v %q", signed, problem)
	}
	if signed, problem := checkSignature("update", "rec-1", `{"title":["a","b"]}`); signed || problem != "" {
		t.Fatal("an unsigned local change")
	}
	for what, mod := range map[string]func(*Signature){
		"digest":    func(s *Signature) { s.Digest = "ab13" },
		"key":       func(s *Signature) { s.Key = base64.StdEncoding.EncodeToString(other) },
		"signature": func(s *Signature) { s.Sig = "not base64!" },
	} {
		if _, problem := checkSignature("sync", "rec-1", entry(mod)); !strings.Contains(problem, "Muscat desk (m1)") {
			t.Errorf("%s altered: %q", what, problem)
		}
	}
	if _, problem := checkSignature("sync", "rec-2", entry(nil)); problem == "" {
		t.Error("a signature moved to another record checked out")
	}
}
