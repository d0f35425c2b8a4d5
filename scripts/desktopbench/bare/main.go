// Command bare is the yardstick scripts/bench-desktop measures Convenor
// against: a Fyne window with one focused entry, whose cursor blinks.
package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.NewWithID("io.convenor.bench-bare")
	w := a.NewWindow("bare Fyne window")
	e := widget.NewEntry()
	w.SetContent(e)
	w.Resize(fyne.NewSize(1280, 800))
	w.Canvas().Focus(e)
	w.ShowAndRun()
}
