//go:build race

package ui

// raceDetector is on: tests that fill a workspace of 100,000 records skip,
// and scripts/test runs them again without it (they take minutes under it).
const raceDetector = true
