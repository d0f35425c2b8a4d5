package interchange

import (
	"io"
	"strings"

	"github.com/emersion/go-vcard"

	"convenor/data"
)

// vCard 4.0 (RFC 6350) for address books: one card per actor who is a
// person, written with emersion's go-vcard. A card carries the contact
// points within the export's cap (each with its own label, as X-TLP), the
// affiliation as ORG when that record is within the cap too, the role,
// languages and tags; its NOTE says its label in words, since an address
// book shows no file header.

// writeVCards writes recs (actors who are people) as vCards.
func writeVCards(w io.Writer, e *Export, recs []*data.Record, targets map[string]linked) error {
	enc := vcard.NewEncoder(w)
	for _, r := range recs {
		c := vcard.Card{}
		c.SetValue(vcard.FieldVersion, "4.0")
		c.SetKind(vcard.KindIndividual)
		c.SetValue(vcard.FieldUID, "urn:uuid:"+r.ID)
		c.SetValue(vcard.FieldFormattedName, r.Title)
		if native := text(r, "native_name"); native != "" {
			c.Add(vcard.FieldNickname, &vcard.Field{Value: native})
		}
		if org, ok := targets[text(r, "affiliation")]; ok {
			c.SetValue(vcard.FieldOrganization, org.Title)
		}
		if role := text(r, "role"); role != "" {
			c.SetValue(vcard.FieldRole, role)
		}
		for _, lang := range strings.Split(text(r, "languages"), ",") {
			if lang = strings.TrimSpace(lang); lang != "" {
				c.Add(vcard.FieldLanguage, &vcard.Field{Value: lang})
			}
		}
		labels := []data.TLP{r.TLP}
		for _, p := range r.Contacts() {
			labels = append(labels, p.TLP)
			// The label without "TLP:", whose colon would end the parameter.
			f := &vcard.Field{Value: p.Value, Params: vcard.Params{"X-TLP": {strings.TrimPrefix(string(p.TLP), "TLP:")}}}
			if p.Label != "" {
				f.Params["X-LABEL"] = []string{paramSafe(p.Label)}
			}
			switch p.Kind {
			case "email":
				c.Add(vcard.FieldEmail, f)
			case "phone":
				c.Add(vcard.FieldTelephone, f)
			case "messaging":
				c.Add(vcard.FieldIMPP, f)
			case "address":
				// Kept whole, as written, in the street part; its own
				// semicolons would split it into ADR's parts.
				f.Value = ";;" + strings.ReplaceAll(p.Value, ";", ",") + ";;;;"
				c.Add(vcard.FieldAddress, f)
			default:
				c.Add(vcard.FieldNote, &vcard.Field{Value: p.Label + ": " + p.Value, Params: f.Params})
			}
		}
		if len(r.Tags) > 0 {
			c.SetCategories(r.Tags)
		}
		label := data.MostRestrictive(labels...)
		c.SetValue("X-TLP", string(label))
		note := string(label) + " — " + data.TLPMeaning[label] + ". From a Convenor workspace."
		if n := text(r, "contact_notes"); n != "" {
			note += "\n" + n
		}
		c.Add(vcard.FieldNote, &vcard.Field{Value: note})
		c.SetRevision(r.UpdatedAt)
		if err := enc.Encode(c); err != nil {
			return err
		}
	}
	return nil
}

func text(r *data.Record, key string) string {
	s, _ := r.Values[key].(string)
	return s
}

// paramSafe is a parameter value go-vcard writes unquoted: without the
// characters that would end it.
func paramSafe(s string) string {
	return strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if strings.ContainsRune(";:,\"", r) {
			return ' '
		}
		return r
	}, s)), " ")
}
