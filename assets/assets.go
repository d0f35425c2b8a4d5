// Package assets holds the files bundled into the binary.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"

	"convenor/assets/fonts"
)

//go:embed icon.png
var iconPNG []byte

// Icon is the application icon.
var Icon = fyne.NewStaticResource("icon.png", iconPNG)

// NativeScripts and NativeScriptsBold cover Arabic script (Persian, Urdu,
// Arabic) and Hebrew, so actors' names in their own script are legible on
// machines without such fonts. See fonts/LICENSE-OFL.txt.
var (
	NativeScripts     = fyne.NewStaticResource("NativeScripts-Regular.ttf", fonts.NativeRegular)
	NativeScriptsBold = fyne.NewStaticResource("NativeScripts-Bold.ttf", fonts.NativeBold)
)
