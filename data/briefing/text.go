package briefing

import (
	"bytes"
	"strings"
	"sync"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"

	"convenor/assets/fonts"
)

// fpdf writes a font's glyphs character by character, which is right for
// Latin text and wrong for Arabic script: its letters join and change
// shape with their neighbours, and the line runs right to left. So a run
// of Arabic-script or Hebrew text is shaped by go-text/typesetting (the
// HarfBuzz algorithm, as Fyne uses) and each glyph's outline is drawn as
// a filled path: vector, exact, in the PDF's own coordinates. Latin runs
// stay text.

// pt is one typographic point in the PDF's unit, millimetres.
const pt = 25.4 / 72

var native = sync.OnceValues(func() ([2]*font.Face, error) {
	var out [2]*font.Face
	for i, b := range [][]byte{fonts.NativeRegular, fonts.NativeBold} {
		f, err := font.ParseTTF(bytes.NewReader(b))
		if err != nil {
			return out, err
		}
		out[i] = f
	}
	return out, nil
})

// isNative is a letter drawn by shaping.
func isNative(r rune) bool { return unicode.In(r, unicode.Arabic, unicode.Hebrew) }

// run is a stretch of text in one script: native runs are shaped.
type run struct {
	text   string
	native bool
}

// runsOf splits s into Latin and native runs; spaces, digits and marks
// between two native letters stay with them, so a name of two words is
// shaped as one.
func runsOf(s string) []run {
	var out []run
	rs := []rune(s)
	for i := 0; i < len(rs); {
		n := isNative(rs[i])
		j := i + 1
		for j < len(rs) {
			if isNative(rs[j]) != n && !(n && neutralBetween(rs, j)) {
				break
			}
			j++
		}
		out = append(out, run{string(rs[i:j]), n})
		i = j
	}
	return out
}

// neutralBetween: rs[j] is a space or mark with a native letter after it.
func neutralBetween(rs []rune, j int) bool {
	if isNative(rs[j]) {
		return true
	}
	if !unicode.IsSpace(rs[j]) && !unicode.Is(unicode.Mn, rs[j]) && rs[j] != '\u200c' {
		return false
	}
	for k := j + 1; k < len(rs); k++ {
		if isNative(rs[k]) {
			return true
		}
		if !unicode.IsSpace(rs[k]) {
			return false
		}
	}
	return false
}

// shaped is a native run laid out: its glyphs in visual order.
type shaped struct {
	out   shaping.Output
	face  *font.Face
	scale float64 // font units to millimetres
}

func shape(text string, size float64, bold bool) (*shaped, bool) {
	faces, err := native()
	if err != nil {
		return nil, false
	}
	face := faces[0]
	if bold {
		face = faces[1]
	}
	rs := []rune(strings.TrimSpace(text))
	script := language.Arabic
	for _, r := range rs {
		if unicode.Is(unicode.Hebrew, r) {
			script = language.Hebrew
			break
		}
	}
	upem := int(face.Upem())
	out := (&shaping.HarfbuzzShaper{}).Shape(shaping.Input{Text: rs, RunStart: 0, RunEnd: len(rs), Direction: di.DirectionRTL,
		Face: face, Size: fixed.I(upem), Script: script, Language: language.NewLanguage("fa")})
	return &shaped{out: out, face: face, scale: size * pt / float64(upem)}, true
}

// width of the run, in millimetres.
func (s *shaped) width() float64 { return float64(s.out.Advance.Round()) * s.scale }

// draw fills each glyph's outline with the current fill colour, the run's
// left edge at x and its baseline at y.
func (s *shaped) draw(pdf *fpdf.Fpdf, x, y float64) {
	pen := 0.0
	for _, g := range s.out.Glyphs {
		ox := x + (pen+float64(g.XOffset.Round()))*s.scale
		oy := y - float64(g.YOffset.Round())*s.scale
		pen += float64(g.XAdvance.Round())
		data, ok := s.face.GlyphData(g.GlyphID).(font.GlyphOutline)
		if !ok || len(data.Segments) == 0 {
			continue
		}
		at := func(p opentype.SegmentPoint) (float64, float64) {
			return ox + float64(p.X)*s.scale, oy - float64(p.Y)*s.scale
		}
		for _, seg := range data.Segments {
			switch seg.Op {
			case opentype.SegmentOpMoveTo:
				pdf.MoveTo(at(seg.Args[0]))
			case opentype.SegmentOpLineTo:
				pdf.LineTo(at(seg.Args[0]))
			case opentype.SegmentOpQuadTo:
				cx, cy := at(seg.Args[0])
				px, py := at(seg.Args[1])
				pdf.CurveTo(cx, cy, px, py)
			case opentype.SegmentOpCubeTo:
				c1x, c1y := at(seg.Args[0])
				c2x, c2y := at(seg.Args[1])
				px, py := at(seg.Args[2])
				pdf.CurveBezierCubicTo(c1x, c1y, c2x, c2y, px, py)
			}
		}
		pdf.DrawPath("F")
	}
}

// textWidth is how wide s is drawn at size points.
func textWidth(pdf *fpdf.Fpdf, s string, size float64, bold bool) float64 {
	w := 0.0
	for _, r := range runsOf(s) {
		if r.native {
			if sh, ok := shape(r.text, size, bold); ok {
				w += sh.width()
				continue
			}
		}
		setFont(pdf, size, bold)
		w += pdf.GetStringWidth(r.text)
	}
	return w
}

// write draws s on one line from x at baseline y, Latin as text in the
// current text colour, native runs shaped and filled in the same colour,
// and returns where it ends. Text wider than maxW is cut with an ellipsis.
func write(pdf *fpdf.Fpdf, s string, x, y, size float64, bold bool, maxW float64) float64 {
	s = strings.Join(strings.Fields(s), " ")
	for maxW > 0 && textWidth(pdf, s, size, bold) > maxW && len([]rune(s)) > 1 {
		rs := []rune(strings.TrimSuffix(s, "…"))
		s = strings.TrimSpace(string(rs[:len(rs)-1])) + "…"
	}
	r, g, b := pdf.GetTextColor()
	pdf.SetFillColor(r, g, b)
	for _, part := range runsOf(s) {
		if part.native {
			if sh, ok := shape(part.text, size, bold); ok {
				lead := 0.0
				if strings.HasPrefix(part.text, " ") {
					setFont(pdf, size, bold)
					lead = pdf.GetStringWidth(" ")
				}
				sh.draw(pdf, x+lead, y)
				x += lead + sh.width()
				if strings.HasSuffix(part.text, " ") {
					x += pdf.GetStringWidth(" ")
				}
				continue
			}
		}
		setFont(pdf, size, bold)
		pdf.Text(x, y, part.text)
		x += pdf.GetStringWidth(part.text)
	}
	return x
}

func setFont(pdf *fpdf.Fpdf, size float64, bold bool) {
	style := ""
	if bold {
		style = "B"
	}
	pdf.SetFont("Noto", style, size)
}
