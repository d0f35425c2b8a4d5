package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"convenor/data"
)

// The benchmarks share one workspace of 100,000 signals, built once per
// run in a single transaction (Insert one by one would spend the time in
// fsync, not in what is measured).
const benchSignals = 100_000

var (
	benchOnce    sync.Once
	benchDirOnce sync.Once
	benchStore   *Store
	benchErr     error
	benchDir     string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if benchStore != nil {
		benchStore.Close()
	}
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

// benchTempDir is removed by TestMain when the run ends.
func benchTempDir(b *testing.B) string {
	benchDirOnce.Do(func() { benchDir, benchErr = os.MkdirTemp("", "convenor-bench") })
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchDir
}

func benchWorkspace(b *testing.B) *Store {
	b.Helper()
	benchOnce.Do(func() {
		benchStore, benchErr = Create(filepath.Join(benchTempDir(b), "signals.convenor"), "benchmark")
		if benchErr != nil {
			return
		}
		start := time.Now()
		benchErr = benchStore.write("filling the benchmark workspace", func(tx *sql.Tx) error {
			for i := 0; i < benchSignals; i++ {
				r := benchSignal(i)
				if err := data.Validate(r); err != nil {
					return err
				}
				if err := benchStore.insert(tx, r, "create"); err != nil {
					return err
				}
			}
			return nil
		})
		fmt.Fprintf(os.Stderr, "benchmark workspace: %d signals written in %s\n", benchSignals, time.Since(start).Round(time.Millisecond))
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchStore
}

// bare runs a query straight through database/sql and reads every column,
// doing what SQLite itself must do for the same answer.
func bare(b *testing.B, db *sql.DB, query string, args ...any) int {
	rows, err := db.Query(query, args...)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			b.Fatal(err)
		}
		n++
	}
	return n
}

// compare times store and bare alternately, in the same run, and reports
// both and their ratio.
func compare(b *testing.B, store func(i int), bareFn func(i int)) {
	var ts, tb time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		store(i)
		t1 := time.Now()
		bareFn(i)
		tb += time.Since(t1)
		ts += t1.Sub(t0)
	}
	b.StopTimer()
	b.ReportMetric(float64(ts.Microseconds())/float64(b.N), "store-µs/op")
	b.ReportMetric(float64(tb.Microseconds())/float64(b.N), "bare-µs/op")
	b.ReportMetric(float64(ts)/float64(tb), "ratio")
}

// BenchmarkListPage fetches one page of 100 signals, as the list does when
// a page scrolls into view: first, middle and last pages, in the list's
// default order and by date, newest first.
func BenchmarkListPage(b *testing.B) {
	s := benchWorkspace(b)
	offsets := []int{0, 500, benchSignals / 2, benchSignals - 100}
	for _, sort := range []struct {
		key  string
		desc bool
	}{{"title", false}, {"occurred_on", true}} {
		b.Run(sort.key, func(b *testing.B) {
			q := data.Query{Kind: data.Signal, Sort: sort.key, Desc: sort.desc, Limit: 100}
			compare(b, func(i int) {
				q.Offset = offsets[i%len(offsets)]
				if recs, err := s.List(context.Background(), q); err != nil || len(recs) != 100 {
					b.Fatal(len(recs), err)
				}
			}, func(i int) {
				q.Offset = offsets[i%len(offsets)]
				sqlText, args, _ := pageSQL(q)
				if n := bare(b, s.db, sqlText, args...); n != 100 {
					b.Fatal(n)
				}
			})
		})
	}
}

// BenchmarkSearchAsYouType runs the global search once per keystroke of
// "hormuz tanker", as the search box does while someone types.
func BenchmarkSearchAsYouType(b *testing.B) {
	s := benchWorkspace(b)
	typed := "hormuz tanker"
	var prefixes []string
	for i := 1; i <= len(typed); i++ {
		if typed[i-1] != ' ' {
			prefixes = append(prefixes, typed[:i])
		}
	}
	compare(b, func(i int) {
		if _, err := s.Search(context.Background(), prefixes[i%len(prefixes)], 60); err != nil {
			b.Fatal(err)
		}
	}, func(i int) {
		bare(b, s.db, searchSQL, matchExpr(prefixes[i%len(prefixes)]), `["TLP:RED","TLP:AMBER+STRICT","TLP:AMBER","TLP:GREEN","TLP:CLEAR"]`, 60)
	})
}

// BenchmarkListFilterAsYouType counts and fetches the first page of the
// signals list for each keystroke typed in its filter box.
func BenchmarkListFilterAsYouType(b *testing.B) {
	s := benchWorkspace(b)
	typed := "tanker hormuz"
	var prefixes []string
	for i := 1; i <= len(typed); i++ {
		if typed[i-1] != ' ' {
			prefixes = append(prefixes, typed[:i])
		}
	}
	compare(b, func(i int) {
		countAndPage(b, s, data.Query{Kind: data.Signal, Text: prefixes[i%len(prefixes)], Sort: "title", Limit: 100})
	}, func(i int) {
		bareCountAndPage(b, s, data.Query{Kind: data.Signal, Text: prefixes[i%len(prefixes)], Sort: "title", Limit: 100})
	})
}

// countAndPage does what a list does on each keystroke in its filter: count
// the matches and read the first page.
func countAndPage(b *testing.B, s *Store, q data.Query) {
	if _, err := s.Count(context.Background(), q); err != nil {
		b.Fatal(err)
	}
	if _, err := s.List(context.Background(), q); err != nil {
		b.Fatal(err)
	}
}

// bareCountAndPage runs the same two statements straight through SQLite.
func bareCountAndPage(b *testing.B, s *Store, q data.Query) {
	where, args, _ := where(q)
	bare(b, s.db, "SELECT count(*) FROM records r WHERE r.kind = ? AND "+where, append([]any{q.Kind.Name}, args...)...)
	sqlText, all, _ := pageSQL(q)
	bare(b, s.db, sqlText, all...)
}

// BenchmarkTagAsYouType asks for tag suggestions once per keystroke of
// "digest-41" (as the tag box does while someone types), and filters the
// signals list by one tag (count and first page).
func BenchmarkTagAsYouType(b *testing.B) {
	s := benchWorkspace(b)
	typed := "digest-41"
	q := data.Query{Kind: data.Signal, Tag: "hormuz", Sort: "title", Limit: 100}
	compare(b, func(i int) {
		if _, err := s.Tags(context.Background(), typed[:1+i%len(typed)], 8); err != nil {
			b.Fatal(err)
		}
		countAndPage(b, s, q)
	}, func(i int) {
		bare(b, s.db, `SELECT tag, count(*) AS n FROM record_tags WHERE tag LIKE ? ESCAPE '\' GROUP BY tag ORDER BY n DESC, tag LIMIT ?`, typed[:1+i%len(typed)]+"%", 8)
		bareCountAndPage(b, s, q)
	})
}

// BenchmarkAuditTrail opens the workspace's audit trail (count, TLP label)
// and reads a page of 100 entries at the top, middle and bottom, as the
// trail's list does when scrolled.
func BenchmarkAuditTrail(b *testing.B) {
	s := benchWorkspace(b)
	total, err := s.AuditCount()
	if err != nil {
		b.Fatal(err)
	}
	offsets := []int{0, total / 2, total - 100}
	compare(b, func(i int) {
		if _, err := s.AuditCount(); err != nil {
			b.Fatal(err)
		}
		if _, err := s.TrailLabel(); err != nil {
			b.Fatal(err)
		}
		if _, err := s.AuditLog(context.Background(), offsets[i%len(offsets)], 100); err != nil {
			b.Fatal(err)
		}
	}, func(i int) {
		bare(b, s.db, "SELECT count(*) FROM audit")
		bare(b, s.db, `SELECT tlp FROM records UNION SELECT t.value FROM audit, json_each(audit.changes, '$.tlp') AS t`)
		bare(b, s.db, "SELECT seq, at, user, action, kind, record_id, title, changes FROM audit ORDER BY seq DESC LIMIT ? OFFSET ?", 100, offsets[i%len(offsets)])
	})
}

// BenchmarkOpen opens a copy of the 100,000-signal workspace for writing
// (format check, writer lock, migrations, quick_check) against bare SQLite
// running the same quick_check on it.
func BenchmarkOpen(b *testing.B) {
	path := filepath.Join(benchTempDir(b), "open.convenor")
	if !fileExists(path) { // the benchmark runs more than once
		if err := benchWorkspace(b).Backup(context.Background(), path); err != nil {
			b.Fatal(err)
		}
	}
	compareOpen(b, path, func() (*Store, error) { return Open(context.Background(), path) }, "PRAGMA quick_check")
}

// compareOpen times opening (and closing) a workspace against bare SQLite
// running bareSQL on the same file.
func compareOpen(b *testing.B, path string, open func() (*Store, error), bareSQL ...string) {
	compare(b, func(int) {
		s, err := open()
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}, func(int) {
		db, err := sql.Open("sqlite3", dsn(path, "ro"))
		if err != nil {
			b.Fatal(err)
		}
		for _, q := range bareSQL {
			bare(b, db, q)
		}
		db.Close()
	})
}

// BenchmarkVerify checks the 100,000-signal workspace: the audit chain,
// then every record against the state its last entry recorded. Bare SQLite
// reads the same audit rows and every record's row, detail row, links and
// follow-ups, and hashes each with SHA-256.
func BenchmarkVerify(b *testing.B) {
	s := benchWorkspace(b)
	ctx := context.Background()
	compare(b, func(int) {
		rep, err := s.Verify(ctx)
		if err != nil || !rep.Intact {
			b.Fatalf("%s %v", rep, err)
		}
	}, func(int) {
		hashRows(b, s.db, "SELECT seq, at, user, action, kind, record_id, title, changes, state, hash FROM audit ORDER BY seq")
		hashRows(b, s.db, `SELECT r.*, d.*, (SELECT group_concat(to_id || role) FROM links WHERE from_id = r.id),
			(SELECT group_concat(action || status) FROM follow_ups WHERE engagement_id = r.id)
			FROM records r JOIN signal d ON d.id = r.id`)
	})
}

// hashRows reads every row of query and hashes its columns as text.
func hashRows(b *testing.B, db *sql.DB, query string) {
	rows, err := db.Query(query)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]sql.RawBytes, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			b.Fatal(err)
		}
		h := sha256.New()
		for _, v := range vals {
			h.Write(v)
		}
		h.Sum(nil)
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkSaveBinding is what binding records to the trail adds to one
// save in a 100,000-signal workspace: reading the saved record back in the
// save's transaction and hashing its canonical form, timed beside the whole
// save (fsync included) that carries it.
func BenchmarkSaveBinding(b *testing.B) {
	s := benchWorkspace(b)
	var save, bind time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := benchSignal(2*benchSignals + i)
		t0 := time.Now()
		if err := s.Insert(r); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		tx, err := s.db.Begin()
		if err != nil {
			b.Fatal(err)
		}
		now, err := get(tx, r.ID)
		if err != nil {
			b.Fatal(err)
		}
		_ = now.State()
		tx.Rollback()
		bind += time.Since(t1)
		save += t1.Sub(t0)
	}
	b.StopTimer()
	b.ReportMetric(float64(save.Microseconds())/float64(b.N), "save-µs/op")
	b.ReportMetric(float64(bind.Microseconds())/float64(b.N), "binding-µs/op")
	b.ReportMetric(float64(bind)/float64(save), "share")
}
