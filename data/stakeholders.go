package data

// The stakeholder grid is Mendelow's power × interest: actors placed by
// their influence (power) and their interest in the process, each 1-5,
// with 3 and above counting as high.
const StakeholderHigh = 3

// Quadrant names what a desk does with an actor of that influence and
// interest.
func Quadrant(influence, interest int64) string {
	switch high := func(v int64) bool { return v >= StakeholderHigh }; {
	case high(influence) && high(interest):
		return "manage closely"
	case high(influence):
		return "keep satisfied"
	case high(interest):
		return "keep informed"
	}
	return "monitor"
}

// ActorLine is an actor as a view places it.
type ActorLine struct {
	ID, Title           string
	TLP                 TLP
	Stance, Type        string
	Influence, Interest int64
}

// StakeholderCell is one cell of the grid that holds actors.
type StakeholderCell struct {
	Influence, Interest int64
	Count               int
	Actors              []ActorLine // the first StakeholderShown, by name
}

// StakeholderShown is how many actors a cell names; the rest it counts.
const StakeholderShown = 4

// StakeholderGrid is the grid's cells that hold actors.
type StakeholderGrid struct {
	Cells    []StakeholderCell
	Total    int // actors placed
	Unplaced int // actors without an influence or an interest yet
}
