// Command fill writes a workspace of the size a busy desk reaches, for
// scripts/bench-desktop: fill [-ties N] FILE SIGNALS ACTORS [PASSPHRASE],
// with N relationships among the actors.
package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"time"

	"convenor/data"
	"convenor/data/demo"
	"convenor/data/store"
)

func main() {
	ties := flag.Int("ties", 0, "relationships among the actors")
	flag.Parse()
	args := flag.Args()
	if len(args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: fill [-ties N] FILE SIGNALS ACTORS [PASSPHRASE]")
		os.Exit(2)
	}
	signals, _ := strconv.Atoi(args[1])
	actors, _ := strconv.Atoi(args[2])
	pass := ""
	if len(args) > 3 {
		pass = args[3]
	}
	start := time.Now()
	s, err := store.CreateFilled(args[0], "Synthetic desk", pass, func(s *store.Store) error {
		var recs []*data.Record
		var ids []string
		for i := 0; i < actors; i++ {
			recs = append(recs, demo.SyntheticActor(i))
			ids = append(ids, recs[i].ID)
		}
		for i := 0; i < *ties && actors > 1; i++ {
			recs = append(recs, demo.SyntheticRelationship(i, ids))
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
	fmt.Printf("%s: %d signals, %d actors and %d relationships in %s\n", args[0], signals, actors, *ties, time.Since(start).Round(time.Millisecond))
}
