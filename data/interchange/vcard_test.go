package interchange

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/emersion/go-vcard"

	"convenor/data"
	"convenor/data/demo"
)

// People go to address books as vCard 4.0, read back here with go-vcard's
// decoder: one card per person within the cap, their contact points with
// their own labels, a point above the cap left out, the card's label said.
func TestPeopleAsVCards(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	if err := demo.Fill(s, testNow); err != nil {
		t.Fatal(err)
	}
	recs, err := s.List(ctx, data.Query{Kind: data.Actor, Text: "envoy"})
	if err != nil || len(recs) != 1 {
		t.Fatal(recs, err)
	}
	envoy, _ := s.Get(recs[0].ID)
	envoy.TLP = data.TLPAmber
	envoy.Values[data.FieldContacts] = []data.ContactPoint{
		{Kind: "email", Value: "envoy@mofa.example", Label: "office; Islamabad", TLP: data.TLPAmber},
		{Kind: "phone", Value: "+92 51 000 0000", TLP: data.TLPRed},
		{Kind: "address", Value: "Constitution Avenue; Islamabad, Pakistan", TLP: data.TLPAmber},
	}
	if err := s.Update(envoy); err != nil {
		t.Fatal(err)
	}

	read := func(max data.TLP) ([]vcard.Card, *Export) {
		t.Helper()
		var b bytes.Buffer
		e := &Export{Kind: data.Actor, Format: "vcf", MaxTLP: max}
		if err := Write(ctx, s, &b, e); err != nil {
			t.Fatal(err)
		}
		var cards []vcard.Card
		dec := vcard.NewDecoder(&b)
		for {
			c, err := dec.Decode()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("go-vcard cannot read card %d: %v\n%s", len(cards)+1, err, b.String())
			}
			cards = append(cards, c)
		}
		return cards, e
	}
	all, e := read("")
	if len(all) != 6 || e.Records != 6 || e.Label != data.TLPRed { // the demo's six people
		t.Errorf("%d cards (%d records), labelled %s", len(all), e.Records, e.Label)
	}
	amber, e := read(data.TLPAmber)
	if len(amber) != 2 || e.LeftOut != 4 || e.ContactsLeftOut != 1 || e.Label != data.TLPAmber {
		t.Fatalf("under TLP:AMBER: %d cards, %d left out, %d contact points left out, labelled %s", len(amber), e.LeftOut, e.ContactsLeftOut, e.Label)
	}
	var card vcard.Card
	for _, c := range amber {
		if c.PreferredValue(vcard.FieldFormattedName) == envoy.Title {
			card = c
		}
	}
	if card == nil {
		t.Fatalf("no card for the envoy in %v", amber)
	}
	if v := card.Value(vcard.FieldVersion); v != "4.0" || card.Kind() != vcard.KindIndividual || card.Value(vcard.FieldUID) != "urn:uuid:"+envoy.ID {
		t.Errorf("version %q, kind %q, uid %q", v, card.Kind(), card.Value(vcard.FieldUID))
	}
	email := card.Get(vcard.FieldEmail)
	if email == nil || email.Value != "envoy@mofa.example" || email.Params.Get("X-TLP") != "AMBER" || email.Params.Get("X-LABEL") != "office Islamabad" {
		t.Errorf("the email: %+v", email)
	}
	if card.Get(vcard.FieldTelephone) != nil {
		t.Error("a TLP:RED phone number went out under TLP:AMBER")
	}
	if a := card.Address(); a == nil || a.StreetAddress != "Constitution Avenue, Islamabad, Pakistan" {
		t.Errorf("the address: %+v", a)
	}
	if org := card.Value(vcard.FieldOrganization); org != "Pakistan Ministry of Foreign Affairs" {
		t.Errorf("ORG %q", org)
	}
	if !strings.Contains(strings.Join(card.Values(vcard.FieldNote), "\n"), "TLP:AMBER — ") || card.Value("X-TLP") != "TLP:AMBER" {
		t.Errorf("the card's label: %q %q", card.Values(vcard.FieldNote), card.Value("X-TLP"))
	}
	if err := Write(ctx, s, io.Discard, &Export{Kind: data.Risk, Format: "vcf"}); err == nil {
		t.Error("risks were written as vCards")
	}
}
