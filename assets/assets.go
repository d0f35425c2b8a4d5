// Package assets holds the files bundled into the binary.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon is the application icon.
var Icon = fyne.NewStaticResource("icon.png", iconPNG)

//go:embed fonts/NativeScripts-Regular.ttf
var nativeRegular []byte

//go:embed fonts/NativeScripts-Bold.ttf
var nativeBold []byte

// NativeScripts and NativeScriptsBold cover Arabic script (Persian, Urdu,
// Arabic) and Hebrew, so actors' names in their own script are legible on
// machines without such fonts. See fonts/LICENSE-OFL.txt.
var (
	NativeScripts     = fyne.NewStaticResource("NativeScripts-Regular.ttf", nativeRegular)
	NativeScriptsBold = fyne.NewStaticResource("NativeScripts-Bold.ttf", nativeBold)
)
