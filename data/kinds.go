package data

// The nine record kinds of a Convenor workspace, described once. The words
// come from the users' own work (see docs/DOMAIN.md): track levels, TLP,
// Admiralty grading, ISO 31000 treatments, PA-X phases, CAMEO codes.

// Keys of the fields that code refers to by name, beyond what the
// descriptions say: cross-field rules, the follow-ups accessor.
const (
	FieldFromActor = "from_actor" // a relationship's or commitment's first party
	FieldToActor   = "to_actor"
	FieldStarts    = "starts" // an engagement's start and end
	FieldEnds      = "ends"
	FieldStartDate = "start_date" // an initiative's
	FieldEndDate   = "end_date"
	FieldFollowUps = "follow_ups"
	FieldContacts  = "contacts"
	FieldTimeZone  = "timezone" // where an engagement's date-times are shown
)

var (
	actorRoles   = []string{"party", "convenor", "sponsor", "facilitator", "spoiler", "observer"}
	stances      = []string{"supportive", "leaning supportive", "neutral", "sceptical", "hostile"}
	cameoCodes   = cameoChoices()
	reliability  = []string{"A completely reliable", "B usually reliable", "C fairly reliable", "D not usually reliable", "E unreliable", "F cannot be judged"}
	credibility  = []string{"1 confirmed", "2 probably true", "3 possibly true", "4 doubtful", "5 improbable", "6 cannot be judged"}
	participants = []string{"host", "participant", "observer", "note-taker"}
)

var Actor = &Kind{
	Name: "actor", Label: "Actor", Plural: "Actors", Table: "actor", TitleLabel: "Name",
	Help: "A state, ministry, intelligence or military body, think tank, university, religious body, or a person.",
	Fields: []Field{
		{Key: "native_name", Label: "Name in native script", Type: Text, Searched: true, Listed: true, Help: "Persian, Hebrew, Urdu or Arabic, exactly as written."},
		{Key: "actor_type", Label: "Kind", Type: Choice, Required: true, Choices: []string{"state", "organisation", "person"}, Default: "person", Listed: true},
		{Key: "sector", Label: "Sector", Type: Choice, Vocab: true, Choices: []string{"government", "ministry", "intelligence", "military", "think tank", "university", "religious body", "media", "civil society", "other"}},
		{Key: "country", Label: "Country", Type: Text, Searched: true, Listed: true},
		{Key: "affiliation", Label: "Affiliation", Type: Ref, Target: "actor", Help: "The state or organisation this actor belongs to."},
		{Key: "role", Label: "Role in the process", Type: Choice, Choices: actorRoles, Listed: true},
		{Key: "stance", Label: "Stance", Type: Choice, Choices: stances, Help: "Toward the process, from supportive to hostile.", Listed: true},
		{Key: "influence", Label: "Influence", Type: Int, Min: 1, Max: 5, Help: "1 (little) to 5 (decisive)."},
		{Key: "interest", Label: "Interest", Type: Int, Min: 1, Max: 5, Help: "How much the process matters to it: 1 (hardly) to 5 (central). Stance says whether it is for or against."},
		{Key: "languages", Label: "Languages", Type: Text, Searched: true},
		{Key: FieldContacts, Label: "Contact points", Type: Contacts, Searched: true,
			Help: "Email, phone, messaging handle or address; each keeps its own TLP label, never below the record's."},
		{Key: "contact_notes", Label: "Contact notes", Type: LongText, Searched: true},
	},
}

var Relationship = &Kind{
	Name: "relationship", Label: "Relationship", Plural: "Relationships", Table: "relationship", TitleLabel: "Summary",
	Help: "A tie between two actors: alliance, rivalry, mistrust, a channel someone can open.",
	Fields: []Field{
		{Key: FieldFromActor, Label: "From actor", Type: Ref, Target: "actor", Required: true, Listed: true},
		{Key: FieldToActor, Label: "To actor", Type: Ref, Target: "actor", Required: true, Listed: true},
		{Key: "rel_type", Label: "Type", Type: Choice, Vocab: true, Required: true, Choices: []string{"alliance", "partnership", "patronage", "channel", "rivalry", "mistrust", "hostility", "other"}, Listed: true,
			Tones: map[string]Tone{"alliance": Trust, "partnership": Trust, "patronage": Trust, "channel": Trust, "rivalry": Mistrust, "mistrust": Mistrust, "hostility": Mistrust}},
		{Key: "trust", Label: "Strength / trust", Type: Int, Min: -2, Max: 2, Help: "-2 (deep mistrust) to +2 (strong trust).", Listed: true},
		{Key: "since", Label: "Since", Type: Date},
		{Key: "evidence", Label: "Evidence", Type: LongText, Searched: true},
	},
}

var Channel = &Kind{
	Name: "channel", Label: "Channel", Plural: "Channels", Table: "channel", TitleLabel: "Name",
	Help: "A track of contact: Track 1 official, Track 1.5, Track 2 dialogue, or an envoys' back-channel.",
	Fields: []Field{
		{Key: "track", Label: "Track", Type: Choice, Required: true, Choices: []string{"Track 1", "Track 1.5", "Track 2", "back-channel"}, Listed: true},
		{Key: "convenor", Label: "Convenor", Type: Ref, Target: "actor", Listed: true},
		{Key: "sides", Label: "Sides reached", Type: Links, Target: "actor"},
		{Key: "intermediaries", Label: "Intermediaries", Type: Links, Target: "actor"},
		{Key: "status", Label: "Status", Type: Choice, Required: true, Choices: []string{"dormant", "active", "suspended", "closed"}, Default: "dormant", Listed: true, Closed: []string{"closed"}},
		{Key: "deniable", Label: "Deniability required", Type: Bool, Listed: true},
	},
}

var Engagement = &Kind{
	Name: "engagement", Label: "Engagement", Plural: "Engagements", Table: "engagement", TitleLabel: "Title",
	Help: "A seminar, dialogue, conference, call, visit, interfaith conference or exchange.",
	Fields: []Field{
		{Key: "channel", Label: "Channel", Type: Ref, Target: "channel", Listed: true},
		{Key: "eng_type", Label: "Kind", Type: Choice, Vocab: true, Required: true, Choices: []string{"seminar", "dialogue", "conference", "interfaith conference", "call", "visit", "exchange", "meeting"}, Listed: true},
		{Key: FieldStarts, Label: "Starts", Type: DateTime, Listed: true},
		{Key: FieldEnds, Label: "Ends", Type: DateTime},
		{Key: FieldTimeZone, Label: "Time zone", Type: TimeZone, Default: "Asia/Karachi", Help: "Where it takes place; times are kept in UTC."},
		{Key: "venue", Label: "Venue", Type: Text, Searched: true, Listed: true},
		{Key: "visibility", Label: "Visibility", Type: Choice, Required: true, Choices: []string{"invitation-only", "closed", "public"}, Default: "closed"},
		{Key: "chatham_house", Label: "Chatham House Rule", Type: Bool, Help: "What is said may be used, not who said it."},
		{Key: "cameo", Label: "CAMEO event", Type: Choice, Choices: cameoCodes},
		{Key: "participants", Label: "Participants", Type: Links, Target: "actor", Choices: participants},
		{Key: "agenda", Label: "Agenda", Type: LongText, Searched: true},
		{Key: "outcome", Label: "Outcome", Type: LongText, Searched: true},
		{Key: FieldFollowUps, Label: "Follow-up actions", Type: FollowUps},
	},
}

var Initiative = &Kind{
	Name: "initiative", Label: "Initiative", Plural: "Initiatives", Table: "initiative", TitleLabel: "Title",
	Help: "A confidence-building measure: exchanges, cleric dialogue, edicts, scholarships, joint projects.",
	Fields: []Field{
		{Key: "model", Label: "Model", Type: Choice, Vocab: true, Choices: []string{"quiet track", "faith-based dialogue", "cultural and youth exchange", "confidence-building channel", "other"}, Listed: true},
		{Key: "measure", Label: "Measure", Type: Choice, Vocab: true, Choices: []string{"cultural exchange", "people-to-people programme", "cleric dialogue", "religious edict", "scholarship", "arts", "student programme", "environmental collaboration", "health collaboration", "other"}},
		{Key: "lead", Label: "Lead", Type: Ref, Target: "actor", Listed: true},
		{Key: "parties", Label: "Parties", Type: Links, Target: "actor"},
		{Key: "status", Label: "Status", Type: Choice, Required: true, Choices: []string{"idea", "proposed", "agreed", "under way", "completed", "stalled", "abandoned"}, Default: "idea", Listed: true,
			Closed: []string{"completed", "abandoned"}},
		{Key: FieldStartDate, Label: "Start", Type: Date},
		{Key: FieldEndDate, Label: "End", Type: Date},
		{Key: "indicators", Label: "Success indicators", Type: LongText, Searched: true},
		{Key: "engagements", Label: "Linked engagements", Type: Links, Target: "engagement"},
	},
}

var Commitment = &Kind{
	Name: "commitment", Label: "Commitment", Plural: "Commitments", Table: "commitment", TitleLabel: "Title",
	Help: "Support pledged by a sponsor: logistics, intelligence sharing, security guarantees, funding.",
	Fields: []Field{
		{Key: FieldFromActor, Label: "From (sponsor)", Type: Ref, Target: "actor", Required: true, Listed: true},
		{Key: FieldToActor, Label: "To", Type: Ref, Target: "actor", Listed: true},
		{Key: "commit_type", Label: "Kind", Type: Choice, Vocab: true, Required: true, Choices: []string{"logistics", "intelligence sharing", "security guarantee", "funding", "technical support", "other"}, Listed: true},
		{Key: "conditions", Label: "Conditions", Type: LongText, Searched: true},
		{Key: "status", Label: "Status", Type: Choice, Required: true, Choices: []string{"floated", "pledged", "in effect", "fulfilled", "withdrawn", "lapsed"}, Default: "floated", Listed: true,
			Closed: []string{"fulfilled", "withdrawn", "lapsed"}},
		{Key: "review_date", Label: "Review date", Type: Date, Due: true},
	},
}

var Risk = &Kind{
	Name: "risk", Label: "Risk", Plural: "Risks", Table: "risk", TitleLabel: "Risk",
	Help: "What could derail the process; scored likelihood × impact on 1-5 scales.",
	Fields: []Field{
		{Key: "category", Label: "Category", Type: Choice, Vocab: true, Required: true, Choices: []string{"domestic backlash", "spoilers and factional violence", "friction with allies", "a party's scepticism", "a party's rejection", "fragile coalition", "leak", "other"}, Listed: true},
		{Key: "likelihood", Label: "Likelihood", Type: Int, Required: true, Min: 1, Max: 5, Default: "3", Help: "1 (rare) to 5 (almost certain)."},
		{Key: "impact", Label: "Impact", Type: Int, Required: true, Min: 1, Max: 5, Default: "3", Help: "1 (minor) to 5 (would end the process)."},
		{Key: "score", Label: "Score", Type: Computed, Help: "Likelihood × impact: 1-4 low, 5-9 medium, 10-15 high, 16-25 critical.", Listed: true},
		{Key: "treatment", Label: "Treatment", Type: Choice, Choices: []string{"avoid", "reduce likelihood", "reduce consequence", "share", "retain"}},
		{Key: "mitigation", Label: "Mitigation", Type: LongText, Required: true, Searched: true},
		{Key: "residual_likelihood", Label: "Residual likelihood", Type: Int, Min: 1, Max: 5},
		{Key: "residual_impact", Label: "Residual impact", Type: Int, Min: 1, Max: 5},
		{Key: "residual_score", Label: "Residual score", Type: Computed},
		{Key: "owner", Label: "Owner", Type: Text, Required: true, Searched: true, Listed: true},
		{Key: "trend", Label: "Trend", Type: Choice, Choices: []string{"rising", "steady", "falling"}},
		{Key: "status", Label: "Status", Type: Choice, Required: true, Choices: []string{"open", "monitoring", "closed"}, Default: "open", Listed: true, Closed: []string{"closed"}},
		{Key: "next_review", Label: "Next review", Type: Date, Required: true, Listed: true, Due: true},
	},
}

var Signal = &Kind{
	Name: "signal", Label: "Signal", Plural: "Signals", Table: "signal", TitleLabel: "Headline",
	Help: "An event that raises or lowers escalation risk, graded by the Admiralty code.",
	Fields: []Field{
		{Key: "occurred_on", Label: "Date", Type: Date, Required: true, Listed: true},
		{Key: "signal_type", Label: "Kind", Type: Choice, Vocab: true, Required: true, Choices: []string{"maritime", "cyber", "proxy", "military", "rhetorical", "diplomatic", "de-escalatory move", "other"}, Listed: true},
		{Key: "severity", Label: "Direction and severity", Type: Int, Required: true, Min: -5, Max: 5, Help: "-5 (strongly de-escalatory) to +5 (strongly escalatory).", Listed: true},
		{Key: "actors", Label: "Actors", Type: Links, Target: "actor"},
		{Key: "place", Label: "Place", Type: Text, Searched: true, Listed: true},
		{Key: "latitude", Label: "Latitude", Type: Float, Min: -90, Max: 90},
		{Key: "longitude", Label: "Longitude", Type: Float, Min: -180, Max: 180},
		{Key: "source", Label: "Source", Type: Text, Searched: true},
		{Key: "event_ref", Label: "Dataset event id", Type: Text, Identifies: true,
			Help: "Its id in the dataset it came from (GDELT 410412347, ACLED PAK1234): importing the event again updates this signal."},
		{Key: "reliability", Label: "Source reliability", Type: Choice, Choices: reliability, Default: "F cannot be judged"},
		{Key: "credibility", Label: "Information credibility", Type: Choice, Choices: credibility, Default: "6 cannot be judged"},
		{Key: "cameo", Label: "CAMEO event", Type: Choice, Choices: cameoCodes},
		{Key: "goldstein", Label: "Goldstein scale", Type: Float, Min: -10, Max: 10},
		{Key: "summary", Label: "Summary", Type: LongText, Searched: true},
	},
}

var Milestone = &Kind{
	Name: "milestone", Label: "Milestone", Plural: "Milestones", Table: "milestone", TitleLabel: "Milestone",
	Help: "A step on the path: briefings, internal consensus, a first conference, a formal peace track, or the quiet end.",
	Fields: []Field{
		{Key: "phase", Label: "Phase", Type: Choice, Required: true, Choices: []string{"pre-negotiation", "ceasefire", "substantive (partial)", "substantive (comprehensive)", "implementation"}, Default: "pre-negotiation", Listed: true},
		{Key: "target_date", Label: "Target date", Type: Date, Listed: true, Due: true},
		{Key: "status", Label: "Status", Type: Choice, Required: true, Choices: []string{"not started", "in progress", "reached", "missed", "abandoned"}, Default: "not started", Listed: true,
			Closed: []string{"reached", "abandoned"}},
		{Key: "gates", Label: "Gate conditions", Type: LongText, Searched: true},
		{Key: "depends_on", Label: "Depends on", Type: Links, Target: "milestone"},
		{Key: "linked", Label: "Linked records", Type: Links},
	},
}

// Kinds lists every record kind in the order the sidebar shows them.
var Kinds = []*Kind{Actor, Relationship, Channel, Engagement, Initiative, Commitment, Risk, Signal, Milestone}

// FollowUpStatuses are the states of an engagement's follow-up action.
var FollowUpStatuses = []string{"open", "done", "dropped"}

// ContactKinds are the kinds of contact point.
var ContactKinds = []string{"email", "phone", "messaging", "address", "other"}

// FollowUpClosed are the follow-up states that are never due.
var FollowUpClosed = []string{"done", "dropped"}
