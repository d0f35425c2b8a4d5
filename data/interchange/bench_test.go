package interchange

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"

	"convenor/data"
	"convenor/data/store"
)

const benchRows = 100_000

// benchSignalsCSV is a file of n signal rows as a desk's spreadsheet has
// them: headline, date, kind, severity, place, source, a summary.
func benchSignalsCSV(n int) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"Headline", "Date", "Kind", "Direction and severity", "Place", "Source", "Summary"})
	kinds := []string{"maritime", "cyber", "proxy", "military", "rhetorical", "diplomatic"}
	for i := 0; i < n; i++ {
		day := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%2500)
		w.Write([]string{fmt.Sprintf("Incident %d near the strait", i), day.Format(data.DateLayout), kinds[i%len(kinds)],
			strconv.Itoa(i%11 - 5), "Strait of Hormuz", "Lloyd's List", fmt.Sprintf("Vessel %d hailed and boarded;\ncrew unharmed.", i)})
	}
	w.Flush()
	return b.Bytes()
}

// BenchmarkImportSignalsCSV imports 100,000 signal rows from CSV into an
// empty workspace: read, matched, checked, written with their index rows
// and audit entries in one transaction. Bare SQLite, in the same run,
// reads the same file with encoding/csv and inserts the same rows into a
// workspace of the same schema (same indexes, the full-text index, an
// audit row each with its SHA-256 chain hash) in one transaction.
func BenchmarkImportSignalsCSV(b *testing.B) {
	file := benchSignalsCSV(benchRows)
	ctx := context.Background()
	var convenor, bare time.Duration
	for i := 0; i < b.N; i++ {
		s := benchStore(b)
		t0 := time.Now()
		tab, err := ReadTable("signals.csv", bytes.NewReader(file))
		if err != nil {
			b.Fatal(err)
		}
		p, err := Prepare(ctx, s, tab, AutoMap(data.Signal, tab.Header), nil)
		if err != nil || p.Err() != nil || len(p.Adds) != benchRows {
			b.Fatalf("%v %v", err, p.Err())
		}
		if err := p.Apply(ctx, s, nil); err != nil {
			b.Fatal(err)
		}
		convenor += time.Since(t0)
		s.Close()

		db := bareStore(b)
		t1 := time.Now()
		bareImport(b, db, file)
		bare += time.Since(t1)
		db.Close()
	}
	b.ReportMetric(convenor.Seconds()/float64(b.N), "convenor-s/op")
	b.ReportMetric(bare.Seconds()/float64(b.N), "bare-s/op")
	b.ReportMetric(float64(convenor)/float64(bare), "ratio")
}

func benchStore(b *testing.B) *store.Store {
	s, err := store.Create(filepath.Join(b.TempDir(), "ws.convenor"), "bench")
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// bareStore is an empty workspace of the same schema, opened as plain
// SQLite with the store's settings.
func bareStore(b *testing.B) *sql.DB {
	path := filepath.Join(b.TempDir(), "bare.convenor")
	s, err := store.Create(path, "bare")
	if err != nil {
		b.Fatal(err)
	}
	s.Close()
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_synchronous=NORMAL&_foreign_keys=1")
	if err != nil {
		b.Fatal(err)
	}
	return db
}

func bareImport(b *testing.B, db *sql.DB, file []byte) {
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(file))
	r.Read() // the header
	prev := ""
	now := time.Now().UTC().Format("2006-01-02T15:04:05.000Z")
	for n := 1; ; n++ {
		row, err := r.Read()
		if err == io.EOF {
			break
		}
		v7, _ := uuid.NewV7() // the ids Convenor gives, in time order
		id := v7.String()
		sev, _ := strconv.Atoi(row[3])
		res, err := tx.Exec(`INSERT INTO records(id, kind, title, sort_key, tlp, tags, notes, created_at, created_by, updated_at, updated_by)
			VALUES (?,?,?,?,?,?,?,?,?,?,?)`, id, "signal", row[0], row[0], "TLP:AMBER", "[]", "", now, "bench", now, "bench")
		if err != nil {
			b.Fatal(err)
		}
		seq, _ := res.LastInsertId()
		if _, err := tx.Exec(`INSERT INTO signal(id, occurred_on, signal_type, severity, place, source, reliability, credibility, summary) VALUES (?,?,?,?,?,?,?,?,?)`,
			id, row[1], row[2], sev, row[4], row[5], "F cannot be judged", "6 cannot be judged", row[6]); err != nil {
			b.Fatal(err)
		}
		if _, err := tx.Exec("INSERT INTO search(rowid, title, body) VALUES (?,?,?)", seq, row[0], row[4]+"\n"+row[5]+"\n"+row[6]); err != nil {
			b.Fatal(err)
		}
		changes, _ := json.Marshal(map[string][2]string{"title": {"", row[0]}, "occurred_on": {"", row[1]}, "signal_type": {"", row[2]},
			"severity": {"", row[3]}, "place": {"", row[4]}, "source": {"", row[5]}, "summary": {"", row[6]}})
		sum := sha256.Sum256([]byte(prev + now + id + string(changes)))
		prev = hex.EncodeToString(sum[:])
		if _, err := tx.Exec(`INSERT INTO audit(seq, at, user, action, kind, record_id, title, changes, state, keyed, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
			n, now, "bench", "import", "signal", id, row[0], string(changes), prev, 0, prev); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkExportSignalsCSV writes 100,000 signals as CSV; bare SQLite
// reads the same columns in one query and writes them with encoding/csv.
func BenchmarkExportSignalsCSV(b *testing.B) {
	s := benchStore(b)
	defer s.Close()
	ctx := context.Background()
	tab, _ := ReadTable("signals.csv", bytes.NewReader(benchSignalsCSV(benchRows)))
	p, err := Prepare(ctx, s, tab, AutoMap(data.Signal, tab.Header), nil)
	if err != nil {
		b.Fatal(err)
	}
	if err := p.Apply(ctx, s, nil); err != nil {
		b.Fatal(err)
	}
	path := s.Path()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var convenor, bare time.Duration
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		e := &Export{Kind: data.Signal, Format: "csv"}
		if err := Write(ctx, s, io.Discard, e); err != nil || e.Records != benchRows {
			b.Fatal(err)
		}
		convenor += time.Since(t0)
		t1 := time.Now()
		rows, err := db.Query(`SELECT r.id, r.title, r.tlp, s.occurred_on, s.signal_type, s.severity, s.place, s.latitude, s.longitude, s.source, s.event_ref,
			s.reliability, s.credibility, s.cameo, s.goldstein, s.summary, r.tags, r.notes, r.updated_at
			FROM records r JOIN signal s ON s.id = r.id ORDER BY r.sort_key`)
		if err != nil {
			b.Fatal(err)
		}
		w := csv.NewWriter(io.Discard)
		for rows.Next() {
			cells := make([]sql.NullString, 19)
			ptrs := make([]any, len(cells))
			for j := range cells {
				ptrs[j] = &cells[j]
			}
			if err := rows.Scan(ptrs...); err != nil {
				b.Fatal(err)
			}
			out := make([]string, len(cells))
			for j, c := range cells {
				out[j] = c.String
			}
			w.Write(out)
		}
		rows.Close()
		w.Flush()
		bare += time.Since(t1)
	}
	b.ReportMetric(convenor.Seconds()/float64(b.N), "convenor-s/op")
	b.ReportMetric(bare.Seconds()/float64(b.N), "bare-s/op")
	b.ReportMetric(float64(convenor)/float64(bare), "ratio")
}
