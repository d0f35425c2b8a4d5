package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/google/uuid"

	"convenor/data"
)

// Synthetic records fill workspaces of the size a busy desk reaches, for
// the benchmarks and scripts/bench-desktop. They are plainly labelled
// "Report N" and never mixed into the demo built from the article.

var (
	syntheticPlaces = []string{"Strait of Hormuz", "Gulf of Oman", "Red Sea", "Bab el-Mandeb", "Persian Gulf", "Arabian Sea", "Eastern Mediterranean", "Golan Heights", "Natanz", "Haifa port", "Bandar Abbas", "Chabahar", "Gwadar", "Islamabad", "Tehran"}
	syntheticWhat   = []string{"tanker boarded", "drone sighted", "cyber intrusion", "proxy rocket fire", "naval exercise", "statement by spokesman", "envoy visit", "sanctions relief hint", "missile test", "port closure", "hostage release", "ceasefire call"}
)

// SyntheticSignal is the i-th signal of a synthetic workspace: places,
// kinds, severities, labels and dates spread over ten years, a tag for the
// place (15 common tags) and one for a weekly digest (520 rare ones).
func SyntheticSignal(i int) *data.Record {
	r := data.NewRecord(data.Signal)
	r.ID = uuid.Must(uuid.NewV7()).String()
	place, what := syntheticPlaces[i%len(syntheticPlaces)], syntheticWhat[(i/len(syntheticPlaces))%len(syntheticWhat)]
	r.Title = fmt.Sprintf("%s near %s (%d)", what, place, i)
	r.TLP = data.TLPLabels[i%len(data.TLPLabels)]
	r.Values["occurred_on"] = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -(i % 3650)).Format(data.DateLayout)
	r.Values["signal_type"] = data.Signal.Field("signal_type").Choices[i%8]
	r.Values["severity"] = int64(i%11 - 5)
	r.Values["place"] = place
	r.Values["summary"] = fmt.Sprintf("Report %d: %s near %s; source graded by the desk.", i, what, place)
	words := strings.Fields(place)
	r.Tags = []string{strings.ToLower(words[len(words)-1]), fmt.Sprintf("digest-%d", i%520)}
	return r
}

// SyntheticActor is the i-th actor of a synthetic workspace.
func SyntheticActor(i int) *data.Record {
	r := data.NewRecord(data.Actor)
	r.ID = uuid.Must(uuid.NewV7()).String()
	r.Title = fmt.Sprintf("Synthetic contact %d", i)
	r.TLP = data.TLPLabels[i%len(data.TLPLabels)]
	r.Values["actor_type"] = "person"
	r.Values["country"] = syntheticPlaces[i%len(syntheticPlaces)]
	r.Values["influence"] = int64(i%5 + 1)
	return r
}

// SyntheticRelationship is the i-th relationship of a synthetic workspace
// among actors, as a desk's network looks: groups of twenty (a country's
// officials, a dialogue's regulars) tied mostly among themselves, one tie
// in eight reaching another group; every type and strength.
func SyntheticRelationship(i int, actors []string) *data.Record {
	r := data.NewRecord(data.Relationship)
	r.ID = uuid.Must(uuid.NewV7()).String()
	rnd := rand.New(rand.NewPCG(uint64(i), 0x7469))
	const group = 20
	n := len(actors)
	from := rnd.IntN(n)
	base := from / group * group
	to := base + rnd.IntN(min(group, n-base))
	if i%8 == 0 {
		to = rnd.IntN(n)
	}
	if to == from {
		to = (from + 1) % n
	}
	r.Title = fmt.Sprintf("Synthetic tie %d", i)
	r.TLP = data.TLPLabels[i%len(data.TLPLabels)]
	r.Values["from_actor"], r.Values["to_actor"] = actors[from], actors[to]
	f := data.Relationship.Field("rel_type")
	kind := f.Choices[i%len(f.Choices)]
	r.Values["rel_type"] = kind
	switch f.Tones[kind] {
	case data.Trust:
		r.Values["trust"] = int64(1 + i%2)
	case data.Mistrust:
		r.Values["trust"] = int64(-1 - i%2)
	default:
		r.Values["trust"] = int64(0)
	}
	return r
}
