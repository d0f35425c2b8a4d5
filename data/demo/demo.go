// Package demo builds the demo workspace from the article, and synthetic
// workspaces of a busy desk's size for benchmarks.
package demo

import (
	"fmt"
	"time"

	"convenor/data"
)

// Name names the demo workspace so nobody mistakes it for real work.
const Name = "DEMO — Pakistan-convened Israel–Iran peace process (from a news analysis)"

// Workspace is what the demo is written into: an open workspace.
type Workspace interface {
	Insert(r *data.Record) error
	Get(id string) (*data.Record, error)
	Update(r *data.Record) error
	SetMeta(key, value string) error
	SetVocabulary(v *data.Vocabulary) error
}

// Fill adds the demo records, built from the news analysis in which
// Washington asks Pakistan to convene a discreet, durable peace process
// between Israel and Iran. People are kinds of people the article names,
// not real individuals. Dates are set around now so the views have a past
// and a future.
func Fill(s Workspace, now time.Time) error {
	d := &demo{s: s, ids: map[string]string{}, now: now}
	if err := s.SetVocabulary(Vocabulary()); err != nil {
		return err
	}
	d.actors()
	d.relationships()
	d.channels()
	d.engagements()
	d.initiatives()
	d.commitments()
	d.risks()
	d.signals()
	d.milestones()
	if d.err != nil {
		return d.err
	}
	if err := s.SetMeta("demo", "yes"); err != nil {
		return err
	}
	return s.SetMeta("name", Name)
}

type demo struct {
	s   Workspace
	ids map[string]string // demo key → record id
	now time.Time
	err error
}

// add inserts one record; v holds field values in text form, except Links
// fields, given as []Link with demo keys in place of ids.
func (d *demo) add(k *data.Kind, key, title string, tlp data.TLP, tags []string, notes string, v map[string]any) {
	if d.err != nil {
		return
	}
	r := data.NewRecord(k)
	r.Title, r.TLP, r.Tags, r.Notes = title, tlp, tags, notes
	for fk, val := range v {
		f := k.Field(fk)
		if f == nil {
			d.err = fmt.Errorf("demo %s: no field %s", key, fk)
			return
		}
		switch x := val.(type) {
		case []data.Link:
			for i := range x {
				x[i].ID = d.ids[x[i].ID]
			}
			r.Values[fk] = x
		case []data.FollowUp:
			r.Values[fk] = x
		case string:
			if f.Type == data.Ref {
				r.Values[fk] = d.ids[x]
				continue
			}
			pv, err := data.ParseValue(f, x)
			if err != nil {
				d.err = fmt.Errorf("demo %s: %s %v", key, f.Label, err)
				return
			}
			r.Values[fk] = pv
		}
	}
	if err := d.s.Insert(r); err != nil {
		d.err = fmt.Errorf("demo %s: %w", key, err)
		return
	}
	d.ids[key] = r.ID
}

func (d *demo) day(offset int) string { return d.now.AddDate(0, 0, offset).Format(data.DateLayout) }

func (d *demo) at(offset int, hhmm string, zone string) string {
	loc, _ := time.LoadLocation(zone)
	day := d.now.In(loc).AddDate(0, 0, offset).Format(data.DateLayout)
	t, _ := time.ParseInLocation(data.DateTimeLayout, day+" "+hhmm, loc)
	return t.UTC().Format(time.RFC3339)
}

func links(keys ...string) []data.Link {
	out := make([]data.Link, len(keys))
	for i, k := range keys {
		out[i] = data.Link{ID: k}
	}
	return out
}

func roles(pairs ...string) []data.Link {
	var out []data.Link
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, data.Link{ID: pairs[i], Role: pairs[i+1]})
	}
	return out
}

func (d *demo) actors() {
	A := data.Actor
	d.add(A, "us", "United States", data.TLPGreen, []string{"sponsor"}, "Approached Pakistan to enlist support for a long-term peace initiative.", map[string]any{
		"actor_type": "state", "sector": "government", "country": "United States", "role": "sponsor", "stance": "supportive", "influence": "5", "interest": "5", "languages": "English"})
	d.add(A, "pk", "Pakistan", data.TLPGreen, []string{"convenor"}, "Borders Iran; second-most populous Muslim-majority nation; no formal relations with Israel.", map[string]any{
		"actor_type": "state", "sector": "government", "country": "Pakistan", "role": "convenor", "stance": "leaning supportive", "influence": "4", "interest": "5", "native_name": "پاکستان", "languages": "Urdu, English"})
	d.add(A, "ir", "Iran", data.TLPGreen, []string{"party"}, "Wary of Pakistan's military-intelligence ties with the US.", map[string]any{
		"actor_type": "state", "sector": "government", "country": "Iran", "role": "party", "stance": "sceptical", "influence": "5", "interest": "3", "native_name": "ایران", "languages": "Persian"})
	d.add(A, "il", "Israel", data.TLPGreen, []string{"party"}, "Without formal ties to Pakistan, may refuse to treat its efforts seriously.", map[string]any{
		"actor_type": "state", "sector": "government", "country": "Israel", "role": "party", "stance": "sceptical", "influence": "5", "interest": "3", "native_name": "ישראל", "languages": "Hebrew, English"})
	d.add(A, "pk-mofa", "Pakistan Ministry of Foreign Affairs", data.TLPAmber, nil, "", map[string]any{
		"actor_type": "organisation", "sector": "ministry", "country": "Pakistan", "affiliation": "pk", "role": "convenor", "stance": "leaning supportive", "influence": "4", "interest": "5", "native_name": "وزارت خارجہ", "languages": "Urdu, English"})
	d.add(A, "pk-intel", "Pakistani intelligence counterparts", data.TLPAmberStrict, nil, "US officials are expected to brief them alongside the political leadership.", map[string]any{
		"actor_type": "organisation", "sector": "intelligence", "country": "Pakistan", "affiliation": "pk", "role": "facilitator", "stance": "neutral", "influence": "4", "interest": "4"})
	d.add(A, "ir-mfa", "Iran Ministry of Foreign Affairs", data.TLPAmber, nil, "Will monitor the overture.", map[string]any{
		"actor_type": "organisation", "sector": "ministry", "country": "Iran", "affiliation": "ir", "role": "party", "stance": "sceptical", "influence": "4", "interest": "3", "native_name": "وزارت امور خارجه", "languages": "Persian, English"})
	d.add(A, "il-navy", "Israeli naval command and defence establishment", data.TLPAmber, nil, "Will remain watchful.", map[string]any{
		"actor_type": "organisation", "sector": "military", "country": "Israel", "affiliation": "il", "role": "observer", "stance": "sceptical", "influence": "4", "interest": "2", "native_name": "חיל הים", "languages": "Hebrew"})
	d.add(A, "us-state", "US State Department", data.TLPAmber, nil, "", map[string]any{
		"actor_type": "organisation", "sector": "ministry", "country": "United States", "affiliation": "us", "role": "sponsor", "stance": "supportive", "influence": "5", "interest": "5", "languages": "English"})
	d.add(A, "pk-thinktank", "Islamabad think tank (demo)", data.TLPAmber, []string{"track-two"}, "Hosts seminars and academic conferences.", map[string]any{
		"actor_type": "organisation", "sector": "think tank", "country": "Pakistan", "role": "facilitator", "stance": "supportive", "influence": "2", "interest": "5", "languages": "Urdu, English"})
	d.add(A, "p-ir-diplomat", "Retired Iranian diplomat (demo person)", data.TLPRed, []string{"track-two"}, "A kind of participant the article names; not a real person.", map[string]any{
		"actor_type": "person", "country": "Iran", "role": "party", "stance": "neutral", "influence": "3", "interest": "4", "native_name": "دیپلمات بازنشسته", "languages": "Persian, English", "contact_notes": "Reached only through the Islamabad think tank."})
	d.add(A, "p-jewish-scholar", "Jewish scholar and religious figure (demo person)", data.TLPRed, []string{"track-two", "interfaith"}, "A kind of participant the article names; not a real person.", map[string]any{
		"actor_type": "person", "country": "Israel", "role": "party", "stance": "leaning supportive", "influence": "2", "interest": "4", "native_name": "חוקר יהודי", "languages": "Hebrew, English"})
	d.add(A, "p-pk-cleric", "Pakistani cleric (demo person)", data.TLPRed, []string{"interfaith"}, "For dialogue between clerics from Pakistan and Iran.", map[string]any{
		"actor_type": "person", "sector": "religious body", "country": "Pakistan", "role": "facilitator", "stance": "supportive", "influence": "3", "interest": "4", "native_name": "پاکستانی عالم دین", "languages": "Urdu, Arabic"})
	d.add(A, "p-ir-cleric", "Iranian Shia cleric (demo person)", data.TLPRed, []string{"interfaith"}, "", map[string]any{
		"actor_type": "person", "sector": "religious body", "country": "Iran", "role": "party", "stance": "neutral", "influence": "3", "interest": "3", "native_name": "روحانی شیعه", "languages": "Persian, Arabic"})
	d.add(A, "p-us-expert", "American regional expert (demo person)", data.TLPAmber, []string{"track-two"}, "", map[string]any{
		"actor_type": "person", "sector": "university", "country": "United States", "role": "observer", "stance": "supportive", "influence": "2", "interest": "3", "languages": "English, Persian"})
	d.add(A, "p-pk-envoy", "Pakistani envoy (demo person)", data.TLPRed, []string{"back-channel"}, "May engage counterparts from Tehran and Jerusalem.", map[string]any{
		"actor_type": "person", "sector": "ministry", "country": "Pakistan", "affiliation": "pk-mofa", "role": "facilitator", "stance": "supportive", "influence": "3", "interest": "5", "native_name": "پاکستانی سفیر", "languages": "Urdu, English, Persian"})
	d.add(A, "hardliners", "Domestic hardline elements in Pakistan", data.TLPAmber, []string{"spoiler"}, "View any engagement with Israel as betrayal.", map[string]any{
		"actor_type": "organisation", "sector": "civil society", "country": "Pakistan", "role": "spoiler", "stance": "hostile", "influence": "3", "interest": "4"})
}

func (d *demo) relationships() {
	R := data.Relationship
	d.add(R, "r1", "United States – Pakistan: outreach for a peace role", data.TLPAmber, nil, "", map[string]any{
		"from_actor": "us", "to_actor": "pk", "rel_type": "partnership", "trust": "+1", "evidence": "Senior US officials approached Pakistani authorities."})
	d.add(R, "r2", "Pakistan – Iran: neighbours with cultural and economic ties", data.TLPGreen, nil, "", map[string]any{
		"from_actor": "pk", "to_actor": "ir", "rel_type": "channel", "trust": "+1", "evidence": "Shared border; ties among Baloch communities; official channels."})
	d.add(R, "r3", "Iran – Israel: adversaries", data.TLPGreen, nil, "", map[string]any{
		"from_actor": "ir", "to_actor": "il", "rel_type": "hostility", "trust": "-2"})
	d.add(R, "r4", "Pakistan – Israel: no formal relations", data.TLPGreen, nil, "", map[string]any{
		"from_actor": "pk", "to_actor": "il", "rel_type": "mistrust", "trust": "-1", "evidence": "Long-standing solidarity with the Palestinians; no formal engagement."})
	d.add(R, "r5", "Iran – Pakistan intelligence: wariness of US ties", data.TLPAmber, nil, "", map[string]any{
		"from_actor": "ir", "to_actor": "pk-intel", "rel_type": "mistrust", "trust": "-1"})
	d.add(R, "r6", "United States – Israel: allies", data.TLPGreen, nil, "", map[string]any{
		"from_actor": "us", "to_actor": "il", "rel_type": "alliance", "trust": "+2"})
	d.add(R, "r7", "United States – Pakistani intelligence: military-intelligence ties", data.TLPAmber, nil, "", map[string]any{
		"from_actor": "us", "to_actor": "pk-intel", "rel_type": "partnership", "trust": "+1", "evidence": "The ties Iran is wary of."})
	d.add(R, "r8", "US State Department – Pakistan Ministry of Foreign Affairs: the briefings", data.TLPAmber, nil, "", map[string]any{
		"from_actor": "us-state", "to_actor": "pk-mofa", "rel_type": "channel", "trust": "+1"})
	d.add(R, "r9", "Islamabad think tank – retired Iranian diplomat: the only way to reach him", data.TLPRed, []string{"track-two"}, "", map[string]any{
		"from_actor": "pk-thinktank", "to_actor": "p-ir-diplomat", "rel_type": "channel", "trust": "+2"})
	d.add(R, "r10", "Pakistani cleric – Iranian Shia cleric: dialogue between clerics", data.TLPRed, []string{"interfaith"}, "", map[string]any{
		"from_actor": "p-pk-cleric", "to_actor": "p-ir-cleric", "rel_type": "channel", "trust": "+1"})
	d.add(R, "r11", "Islamabad think tank – Jewish scholar: seminar invitations", data.TLPRed, []string{"track-two"}, "", map[string]any{
		"from_actor": "pk-thinktank", "to_actor": "p-jewish-scholar", "rel_type": "channel", "trust": "0"})
	d.add(R, "r12", "Pakistani envoy – Iran Ministry of Foreign Affairs: counterparts in Tehran", data.TLPRed, []string{"back-channel"}, "", map[string]any{
		"from_actor": "p-pk-envoy", "to_actor": "ir-mfa", "rel_type": "channel", "trust": "0"})
	d.add(R, "r13", "Hardline elements – Pakistan Ministry of Foreign Affairs: engagement as betrayal", data.TLPAmber, []string{"spoiler"}, "", map[string]any{
		"from_actor": "hardliners", "to_actor": "pk-mofa", "rel_type": "rivalry", "trust": "-1"})
	d.add(R, "r14", "Israeli naval command – Iran: watchful", data.TLPAmber, nil, "", map[string]any{
		"from_actor": "il-navy", "to_actor": "ir", "rel_type": "hostility", "trust": "-2"})
}

func (d *demo) channels() {
	C := data.Channel
	d.add(C, "c-back", "US–Pakistan back-channel", data.TLPRed, []string{"back-channel"}, "Informal conversations with Pakistani diplomats and envoys.", map[string]any{
		"track": "back-channel", "convenor": "us-state", "status": "active", "deniable": "yes",
		"sides": links("pk", "us"), "intermediaries": links("p-pk-envoy")})
	d.add(C, "c-track2", "Islamabad track-two dialogue", data.TLPAmber, []string{"track-two"}, "Retired statesmen, scholars and regional experts.", map[string]any{
		"track": "Track 2", "convenor": "pk-thinktank", "status": "active", "deniable": "yes",
		"sides": links("ir", "il", "us"), "intermediaries": links("pk-thinktank")})
	d.add(C, "c-official", "Pakistan–Iran official channel", data.TLPGreen, nil, "", map[string]any{
		"track": "Track 1", "convenor": "pk-mofa", "status": "active", "deniable": "no", "sides": links("ir")})
	d.add(C, "c-interfaith", "Interfaith track", data.TLPAmber, []string{"interfaith"}, "Clerics and theologians from Shia and Jewish traditions.", map[string]any{
		"track": "Track 2", "convenor": "p-pk-cleric", "status": "dormant", "deniable": "yes", "sides": links("ir", "il")})
}

func (d *demo) engagements() {
	E := data.Engagement
	d.add(E, "e-brief", "US officials brief Pakistani leadership", data.TLPRed, nil, "", map[string]any{
		"channel": "c-back", "eng_type": "meeting", "starts": d.at(-12, "10:00", "Asia/Karachi"), "ends": d.at(-12, "12:00", "Asia/Karachi"),
		"timezone": "Asia/Karachi", "venue": "Islamabad", "visibility": "closed", "cameo": "043 host a visit",
		"participants": roles("pk-mofa", "host", "us-state", "participant", "pk-intel", "participant"),
		"outcome":      "Leadership asked for time to test internal consensus.",
		"follow_ups": []data.FollowUp{{Action: "Summarise US asks for the Foreign Secretary", Owner: "Desk officer", Due: d.day(-5), Status: "open"},
			{Action: "Map domestic reactions", Owner: "Analyst", Due: d.day(7), Status: "open"}}})
	d.add(E, "e-call", "Call: Pakistani envoy – Iranian MFA", data.TLPRed, []string{"back-channel"}, "", map[string]any{
		"channel": "c-official", "eng_type": "call", "starts": d.at(-3, "16:00", "Asia/Tehran"), "timezone": "Asia/Tehran", "visibility": "closed",
		"cameo": "041 discuss by telephone", "participants": roles("p-pk-envoy", "host", "ir-mfa", "participant"),
		"outcome": "Tehran will monitor the overture; wary of any US-led framing."})
	d.add(E, "e-conf", "Invitation-only conference in Islamabad", data.TLPAmber, []string{"track-two"}, "The first public indication, if momentum builds.", map[string]any{
		"channel": "c-track2", "eng_type": "conference", "starts": d.at(30, "09:00", "Asia/Karachi"), "ends": d.at(31, "17:00", "Asia/Karachi"),
		"timezone": "Asia/Karachi", "venue": "Islamabad", "visibility": "invitation-only", "chatham_house": "yes", "cameo": "044 meet at a third location",
		"participants": roles("pk-thinktank", "host", "p-ir-diplomat", "participant", "p-jewish-scholar", "participant", "p-us-expert", "observer"),
		"agenda":       "1. Frameworks for durable peace\n2. Confidence-building measures\n3. Next steps",
		"follow_ups": []data.FollowUp{{Action: "Send invitations", Owner: "Programme manager", Due: d.day(10), Status: "open"},
			{Action: "Confirm venue security", Owner: "Logistics", Due: d.day(20), Status: "open"}}})
	d.add(E, "e-interfaith", "Interfaith conference in Lahore", data.TLPAmber, []string{"interfaith"}, "", map[string]any{
		"channel": "c-interfaith", "eng_type": "interfaith conference", "starts": d.at(75, "10:00", "Asia/Karachi"), "timezone": "Asia/Karachi",
		"venue": "Lahore", "visibility": "invitation-only", "chatham_house": "yes",
		"participants": roles("p-pk-cleric", "host", "p-ir-cleric", "participant", "p-jewish-scholar", "participant")})
}

func (d *demo) initiatives() {
	I := data.Initiative
	d.add(I, "i-quiet", "Quiet track diplomacy", data.TLPAmber, nil, "Discreet dialogues setting the ground for later official talks.", map[string]any{
		"model": "quiet track", "measure": "other", "lead": "pk-thinktank", "status": "under way", "start_date": d.day(-40),
		"parties": links("ir", "il", "us"), "engagements": links("e-conf"), "indicators": "Participants from both sides attend a second round."})
	d.add(I, "i-religious", "Religious soft-power engagement", data.TLPAmber, []string{"interfaith"}, "", map[string]any{
		"model": "religious soft power", "measure": "cleric dialogue", "lead": "p-pk-cleric", "status": "proposed",
		"parties": links("ir", "il"), "engagements": links("e-interfaith"), "indicators": "A joint statement or religious edict supporting coexistence."})
	d.add(I, "i-youth", "Cultural and youth exchanges", data.TLPGreen, nil, "Scholarships, arts and student programmes via a Muslim-majority country.", map[string]any{
		"model": "cultural & youth exchange", "measure": "student programme", "lead": "pk", "status": "idea", "parties": links("ir", "il")})
	d.add(I, "i-confidence", "Regional confidence channel: environment and health", data.TLPGreen, nil, "Technical or humanitarian collaboration under Pakistan's supervision.", map[string]any{
		"model": "regional confidence channel", "measure": "health collaboration", "lead": "pk", "status": "idea", "parties": links("ir")})
}

func (d *demo) commitments() {
	K := data.Commitment
	d.add(K, "k-logistics", "US logistical support for meetings", data.TLPAmberStrict, nil, "", map[string]any{
		"from_actor": "us", "to_actor": "pk", "commit_type": "logistics", "status": "floated", "review_date": d.day(21)})
	d.add(K, "k-intel", "US intelligence sharing with Pakistan", data.TLPRed, nil, "", map[string]any{
		"from_actor": "us", "to_actor": "pk-intel", "commit_type": "intelligence sharing", "status": "floated", "conditions": "Only for the security of facilitated meetings.", "review_date": d.day(21)})
	d.add(K, "k-security", "US security guarantees for facilitation", data.TLPRed, nil, "", map[string]any{
		"from_actor": "us", "to_actor": "pk", "commit_type": "security guarantee", "status": "floated", "review_date": d.day(45)})
}

func (d *demo) risks() {
	R := data.Risk
	// Each risk as it stands (likelihood, impact) and as its mitigation
	// should leave it (residual).
	add := func(key, title, cat, l, i, rl, ri, owner, mit, treat, trend string, review int) {
		d.add(R, key, title, data.TLPAmber, nil, "", map[string]any{"category": cat, "likelihood": l, "impact": i,
			"residual_likelihood": rl, "residual_impact": ri, "mitigation": mit,
			"treatment": treat, "trend": trend, "owner": owner, "status": "open", "next_review": d.day(review)})
	}
	add("rk-backlash", "Domestic backlash if word leaks of engagement with Israel", "domestic backlash", "4", "5", "2", "5", "Director", "No formal engagement with Israel; emphasise neutrality and multiple partners.", "reduce likelihood", "rising", 7)
	add("rk-retaliation", "Retaliation from conservative religious factions", "factional retaliation", "3", "4", "2", "4", "Interfaith desk", "Involve respected clerics early; keep the interfaith track deniable.", "reduce likelihood", "steady", 14)
	add("rk-allies", "Friction with allies over a perceived pro-American stance", "friction with allies", "3", "3", "3", "2", "Gulf desk", "Work with multiple partners; brief Gulf partners.", "share", "steady", 30)
	add("rk-iran", "Iranian scepticism of a US-led process", "Iranian scepticism", "4", "4", "3", "4", "Director", "Keep the US role in the background; engage Iran through official channels.", "reduce likelihood", "steady", 10)
	add("rk-israel", "Israeli rejection of Pakistani facilitation", "Israeli rejection", "3", "5", "3", "3", "Director", "Route through scholars and US coordination.", "reduce consequence", "steady", 21)
	add("rk-multi", "Interlocking conflicts (Gaza, Syria, Iraq) overshadow the initiative", "fragile multilateralism", "4", "3", "4", "3", "Director", "Keep expectations modest; incremental steps.", "retain", "rising", 30)
	add("rk-leak", "Leak of participants' names", "leak", "2", "5", "1", "5", "Security officer", "TLP:RED on person records; Chatham House Rule at every meeting.", "reduce likelihood", "steady", 7)
}

func (d *demo) signals() {
	S := data.Signal
	add := func(key, title, typ, sev string, day int, place, src, rel, cred, summary string) {
		d.add(S, key, title, data.TLPAmber, []string{"demo"}, "", map[string]any{"occurred_on": d.day(day), "signal_type": typ, "severity": sev,
			"place": place, "source": src, "reliability": rel, "credibility": cred, "summary": summary})
	}
	add("s1", "Demo: maritime incident near the Strait of Hormuz", "maritime", "+3", -50, "Strait of Hormuz", "Shipping report", "B usually reliable", "2 probably true", "Illustrative escalation of the maritime kind the article mentions.")
	add("s2", "Demo: cyber intrusion attributed to a proxy group", "cyber", "+2", -35, "", "Open-source analysis", "C fairly reliable", "3 possibly true", "Illustrative cyber escalation.")
	add("s3", "Demo: rhetoric against normalisation in Pakistan", "rhetorical", "+1", -20, "Lahore", "Press", "B usually reliable", "2 probably true", "Hardline speakers condemn any contact with Israel.")
	add("s4", "Demo: Tehran says it will study the overture", "de-escalatory move", "-2", -8, "Tehran", "Back-channel readout", "B usually reliable", "3 possibly true", "Indirect signal of openness.")
	add("s5", "Demo: proxy clash eases after mediation", "proxy", "-1", -2, "", "Wire report", "A completely reliable", "2 probably true", "Illustrative de-escalation.")
	if d.err == nil {
		r, err := d.s.Get(d.ids["s1"])
		if err == nil {
			r.Values["actors"] = []data.Link{{ID: d.ids["ir"]}, {ID: d.ids["il-navy"]}}
			d.err = d.s.Update(r)
		}
	}
}

func (d *demo) milestones() {
	M := data.Milestone
	d.add(M, "m-brief", "US officials brief Pakistani political leadership and intelligence", data.TLPAmber, nil, "", map[string]any{
		"phase": "pre-negotiation", "target_date": d.day(-12), "status": "reached", "linked": links("e-brief")})
	d.add(M, "m-consensus", "Islamabad reaches internal consensus", data.TLPAmber, nil, "", map[string]any{
		"phase": "pre-negotiation", "target_date": d.day(20), "status": "in progress", "gates": "Civil and military leadership agree; religious leaders consulted.", "depends_on": links("m-brief")})
	d.add(M, "m-conf", "First invitation-only conference in Islamabad", data.TLPAmber, nil, "", map[string]any{
		"phase": "pre-negotiation", "target_date": d.day(30), "status": "not started", "depends_on": links("m-consensus"), "linked": links("e-conf", "i-quiet")})
	d.add(M, "m-track", "Formalised peace track hosted in Pakistan or a neutral venue", data.TLPAmber, nil, "", map[string]any{
		"phase": "substantive (partial)", "target_date": d.day(365), "status": "not started", "depends_on": links("m-conf"), "gates": "Both sides accept the venue; US coordination agreed."})
	d.add(M, "m-quiet", "Quiet end: talks that never reach public release", data.TLPAmber, nil, "The alternative the article names: attitudes shaped without headlines.", map[string]any{
		"phase": "pre-negotiation", "status": "not started"})
}

// Vocabulary is the demo's lists: a new workspace's, with the article's
// own risks and models of initiative.
func Vocabulary() *data.Vocabulary {
	v := data.DefaultVocabulary()
	v.Lists[data.VocabKey(data.Risk, data.Risk.Field("category"))].Values = []string{"domestic backlash", "factional retaliation",
		"friction with allies", "Iranian scepticism", "Israeli rejection", "fragile multilateralism", "leak", "other"}
	v.Lists[data.VocabKey(data.Initiative, data.Initiative.Field("model"))].Values = []string{"quiet track", "religious soft power",
		"cultural & youth exchange", "regional confidence channel"}
	return v
}
