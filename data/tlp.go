package data

// TLP is a Traffic Light Protocol 2.0 label (FIRST).
type TLP string

const (
	TLPRed         TLP = "TLP:RED"
	TLPAmberStrict TLP = "TLP:AMBER+STRICT"
	TLPAmber       TLP = "TLP:AMBER"
	TLPGreen       TLP = "TLP:GREEN"
	TLPClear       TLP = "TLP:CLEAR"
)

// DefaultTLP is what a new record carries until someone decides otherwise:
// the organisation and those who need to know.
const DefaultTLP = TLPAmber

// TLPLabels lists the labels from most to least restricted.
var TLPLabels = []TLP{TLPRed, TLPAmberStrict, TLPAmber, TLPGreen, TLPClear}

// TLPMeaning says who may see a record with the label.
var TLPMeaning = map[TLP]string{
	TLPRed:         "named recipients only",
	TLPAmberStrict: "own organisation only",
	TLPAmber:       "own organisation and those who need to know",
	TLPGreen:       "the community",
	TLPClear:       "no limit on disclosure",
}

// TLPColour is the colour FIRST's TLP 2.0 standard gives each label's
// text, always on black: red, amber, green, white.
var TLPColour = map[TLP][3]uint8{
	TLPRed:         {0xFF, 0x2B, 0x2B},
	TLPAmberStrict: {0xFF, 0xC0, 0x00},
	TLPAmber:       {0xFF, 0xC0, 0x00},
	TLPGreen:       {0x33, 0xFF, 0x00},
	TLPClear:       {0xFF, 0xFF, 0xFF},
}

// Rank orders labels: 0 for TLP:RED up to 4 for TLP:CLEAR, -1 if unknown.
func (t TLP) Rank() int {
	for i, l := range TLPLabels {
		if l == t {
			return i
		}
	}
	return -1
}

// Valid reports whether t is one of the five TLP 2.0 labels.
func (t TLP) Valid() bool { return t.Rank() >= 0 }

// TLPStrings returns the labels as strings, most restricted first.
func TLPStrings() []string {
	out := make([]string, len(TLPLabels))
	for i, l := range TLPLabels {
		out[i] = string(l)
	}
	return out
}

// AtMost returns the labels no more restricted than max, for a Query that
// leaves out everything above a chosen label (max TLP:AMBER keeps AMBER,
// GREEN and CLEAR, and leaves out RED and AMBER+STRICT).
func AtMost(max TLP) []TLP {
	var out []TLP
	for _, l := range TLPLabels {
		if l.Rank() >= max.Rank() {
			out = append(out, l)
		}
	}
	return out
}

// MostRestrictive is the label an export or report must carry: the most
// restricted of the labels of what it contains (TLP:CLEAR when empty).
func MostRestrictive(labels ...TLP) TLP {
	best := TLPClear
	for _, l := range labels {
		if l.Valid() && l.Rank() < best.Rank() {
			best = l
		}
	}
	return best
}
