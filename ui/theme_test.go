package ui

import (
	"bytes"
	"testing"

	"fyne.io/fyne/v2"
	"github.com/go-text/typesetting/font"

	"convenor/assets"
)

// The bundled font must carry every letter of the scripts actors' names
// are written in, so they are legible on a machine with no such fonts; and
// no Latin letters, so Latin text keeps Fyne's own font.
func TestBundledFontCoversNativeScripts(t *testing.T) {
	names := []string{
		"سید عباس عراقچی", "وزارت امور خارجه", // Persian
		"وزارت خارجہ", "پاکستانی سفیر", "ٹریک ٹو ڈائیلاگ", // Urdu
		"ישראל", "חיל הים", "חוקר יהודי", // Hebrew
		"وزارة الخارجية", "مسقط", // Arabic
	}
	for _, res := range []interface{ Content() []byte }{assets.NativeScripts, assets.NativeScriptsBold} {
		face, err := font.ParseTTF(bytes.NewReader(res.Content()))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range names {
			for _, r := range name {
				if r == ' ' {
					continue
				}
				if _, ok := face.NominalGlyph(r); !ok {
					t.Errorf("no glyph for %q (U+%04X) in %q", r, r, name)
				}
			}
		}
		if _, ok := face.NominalGlyph('A'); ok {
			t.Error("the bundled font has Latin letters; Latin text would not use Fyne's font")
		}
	}
	th := Theme()
	if th.Font(fyne.TextStyle{}) != assets.NativeScripts {
		t.Error("theme does not use the bundled font")
	}
}
