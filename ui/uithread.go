package ui

import "fyne.io/fyne/v2"

// onUI hands f to the UI goroutine from work running in the background.
// It is a variable only for the tests: Fyne's test driver runs fyne.Do at
// once on the calling goroutine, where it would race the test itself, so
// the tests queue f and run it on their own goroutine (uiqueue_test.go).
var onUI = fyne.Do
