package data

// The network map draws actors and the relationships between them. What
// a tie means (trust, mistrust) comes from the workspace's vocabulary
// (Tone), never from the word a desk chose for it.

// NetworkQuery is which actors the map shows: those labelled up to UpTo,
// narrowed by country, role and stance when set; a relationship shows
// when both its actors do and its own label is within UpTo.
type NetworkQuery struct {
	UpTo                  TLP
	Country, Role, Stance string
}

// NetworkActor is an actor as the map draws it.
type NetworkActor struct {
	ID, Title                   string
	TLP                         TLP
	Type, Stance, Role, Country string
	Influence                   int64 // 0 when not set
}

// NetworkTie is a relationship as the map draws it, between two of the
// network's actors (indexes into Network.Actors).
type NetworkTie struct {
	ID, Title string
	TLP       TLP
	From, To  int
	Type      string
	Trust     int64 // -2 … +2; 0 when not set
	Tone      Tone
}

// Network is what the map shows.
type Network struct {
	Actors    []NetworkActor
	Ties      []NetworkTie
	Countries []string // every country of the actors within the label, for the filter
}
