package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"convenor/assets"
)

// Theme is Fyne's own theme with the bundled native-script font put first.
// That font has no Latin letters, so Fyne falls through to its Noto Sans for
// them, glyph by glyph; Persian, Urdu, Arabic and Hebrew come from ours.
func Theme() fyne.Theme { return convenorTheme{theme.DefaultTheme()} }

type convenorTheme struct{ fyne.Theme }

func (t convenorTheme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Monospace || s.Symbol || s.Italic {
		return t.Theme.Font(s)
	}
	if s.Bold {
		return assets.NativeScriptsBold
	}
	return assets.NativeScripts
}
