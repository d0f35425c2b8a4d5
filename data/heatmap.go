package data

// HeatQuery asks for the risk heat map: the inherent or the residual
// scores, risks labelled up to UpTo, of one category, owner and set of
// statuses ("" and nil: all).
type HeatQuery struct {
	Residual bool
	UpTo     TLP
	Category string
	Owner    string
	Statuses []string
}

// HeatShown is how many risks a cell names; the rest it counts.
const HeatShown = 3

// HeatCell is one cell of the 5×5 grid that holds risks: its risks
// counted, the highest (by title) HeatShown named.
type HeatCell struct {
	Likelihood, Impact int64
	Count              int
	Risks              []RiskLine
}

// HeatMap is the grid's cells that hold risks, and what was left out.
type HeatMap struct {
	Cells    []HeatCell
	Total    int // risks placed
	Unscored int // risks matching without the scores asked for (residual not assessed)
}
