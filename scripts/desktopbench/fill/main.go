// Command fill writes a workspace of the size a busy desk reaches, for
// scripts/bench-desktop: fill FILE SIGNALS ACTORS [PASSPHRASE].
package main

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"convenor/data"
	"convenor/data/demo"
	"convenor/data/store"
)

func main() {
	if len(os.Args) < 4 {
		fmt.Fprintln(os.Stderr, "usage: fill FILE SIGNALS ACTORS [PASSPHRASE]")
		os.Exit(2)
	}
	signals, _ := strconv.Atoi(os.Args[2])
	actors, _ := strconv.Atoi(os.Args[3])
	pass := ""
	if len(os.Args) > 4 {
		pass = os.Args[4]
	}
	start := time.Now()
	s, err := store.CreateFilled(os.Args[1], "Synthetic desk", pass, func(s *store.Store) error {
		var recs []*data.Record
		for i := 0; i < actors; i++ {
			recs = append(recs, demo.SyntheticActor(i))
		}
		for i := 0; i < signals; i++ {
			recs = append(recs, demo.SyntheticSignal(i))
		}
		return s.InsertAll(recs)
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	s.Close()
	fmt.Printf("%s: %d signals and %d actors in %s\n", os.Args[1], signals, actors, time.Since(start).Round(time.Millisecond))
}
