package data

import (
	_ "embed"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// cameoTable is GDELT's CAMEO lookup (codes, descriptions, Goldstein
// values), attributed in its header.
//
//go:embed cameo.tsv
var cameoTable string

// CameoCode is one CAMEO event code: "043", "Host a visit", +2.8.
type CameoCode struct {
	Code        string
	Description string
	Goldstein   float64 // -10 (most conflictual) to +10 (most cooperative)
}

// Cameo lists every CAMEO code GDELT publishes, in its order, and the
// codes the desk's own words add (176, a cyber attack, came later).
var Cameo = readCameo()

var cameoIndex = func() map[string]CameoCode {
	m := make(map[string]CameoCode, len(Cameo))
	for _, c := range Cameo {
		m[c.Code] = c
	}
	return m
}()

// deskCameo are the words the desk has long used for the codes it logs
// most; the choice keeps them, so records made before the whole table
// came still hold a valid value.
var deskCameo = map[string]string{
	"041": "041 discuss by telephone", "042": "042 make a visit", "043": "043 host a visit",
	"044": "044 meet at a third location", "045": "045 mediate", "046": "046 engage in negotiation",
	"057": "057 sign formal agreement", "125": "125 reject proposal to meet", "126": "126 reject mediation",
	"127": "127 reject plan or agreement", "176": "176 cyber attack",
}

func readCameo() []CameoCode {
	var out []CameoCode
	for _, line := range strings.Split(cameoTable, "\n") {
		parts := strings.Split(line, "\t")
		if strings.HasPrefix(line, "#") || len(parts) != 3 {
			continue
		}
		g, _ := strconv.ParseFloat(parts[2], 64)
		out = append(out, CameoCode{Code: parts[0], Description: parts[1], Goldstein: g})
	}
	return append(out, CameoCode{Code: "176", Description: "Attack cybernetically", Goldstein: -10})
}

// CameoByCode finds a code ("043", or " 043 " as files write it).
func CameoByCode(code string) (CameoCode, bool) {
	c, ok := cameoIndex[strings.TrimSpace(code)]
	return c, ok
}

// CameoChoice is the choice a CAMEO event field holds for a code: the
// desk's words where it has them, else the code and GDELT's description.
func CameoChoice(c CameoCode) string {
	if w, ok := deskCameo[c.Code]; ok {
		return w
	}
	d := c.Description
	if strings.ToUpper(d) == d { // a root code's heading, in capitals
		d = strings.ToLower(d)
	} else if r, n := utf8.DecodeRuneInString(d); n > 0 {
		d = string(unicode.ToLower(r)) + d[n:]
	}
	return c.Code + " " + d
}

func cameoChoices() []string {
	out := make([]string, len(Cameo))
	for i, c := range Cameo {
		out[i] = CameoChoice(c)
	}
	return out
}
