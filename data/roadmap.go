package data

// RoadmapMilestone is a milestone as the roadmap draws it: in its phase's
// lane, at its target date (none yet: "" and drawn apart), coloured by
// status, with the milestones it depends on.
type RoadmapMilestone struct {
	ID, Title string
	TLP       TLP
	Phase     string
	Status    string
	Target    string // "2006-01-02" or ""
	Gates     string
	DependsOn []string // ids, of those shown
}
