// Package fonts holds the bytes of the fonts Convenor bundles, for the
// window (through assets) and for what is drawn without it (the briefing
// PDF), so neither needs the other. See LICENSE-OFL.txt.
package fonts

import _ "embed"

// NativeRegular and NativeBold cover Arabic script (Persian, Urdu,
// Arabic) and Hebrew: Noto Sans Arabic and Noto Sans Hebrew merged.
var (
	//go:embed NativeScripts-Regular.ttf
	NativeRegular []byte
	//go:embed NativeScripts-Bold.ttf
	NativeBold []byte
)

// Regular and Bold are Noto Sans, for Latin text drawn without Fyne.
var (
	//go:embed NotoSans-Regular.ttf
	Regular []byte
	//go:embed NotoSans-Bold.ttf
	Bold []byte
)
