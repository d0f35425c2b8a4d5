package demo

import (
	"fmt"
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
