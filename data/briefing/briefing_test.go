package briefing

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"convenor/data"
	"convenor/data/demo"
	"convenor/data/store"
)

var now = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

func demoStore(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.CreateFilled(filepath.Join(t.TempDir(), "demo.convenor"), demo.Name, "", func(s *store.Store) error { return demo.Fill(s, now) })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// pdfText is the text of each page, by poppler's pdftotext.
func pdfText(t *testing.T, path string) []string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(out), "\f"), "\f")
}

func writeBriefing(t *testing.T, s *store.Store, upTo data.TLP) (*Briefing, string) {
	t.Helper()
	b, err := Gather(context.Background(), s, now, upTo)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := b.WritePDF(&out); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(out.Bytes(), []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	path := filepath.Join(t.TempDir(), "briefing.pdf")
	if keep := os.Getenv("BRIEFING_PDF"); keep != "" { // to look at it closer
		path = keep
	}
	os.WriteFile(path, out.Bytes(), 0o600)
	return b, path
}

// TestBriefingOfTheDemo: one to three pages, each with the label in its
// header and footer; the sections with what the demo holds; rendered to
// docs/screenshots for a person to look at (native names included).
func TestBriefingOfTheDemo(t *testing.T) {
	s := demoStore(t)
	b, path := writeBriefing(t, s, data.TLPRed)
	if b.Label != data.TLPRed {
		t.Errorf("labelled %s", b.Label)
	}
	pages := pdfText(t, path)
	if len(pages) < 1 || len(pages) > 3 {
		t.Fatalf("%d pages", len(pages))
	}
	for i, p := range pages {
		if strings.Count(p, "TLP:RED") < 2 || !strings.Contains(p, "Page "+string(rune('1'+i))+" of") {
			t.Errorf("page %d lacks its label in header and footer:\n%s", i+1, p)
		}
	}
	all := strings.Join(pages, "\n")
	for _, want := range []string{"Where the process stands", "What could derail it", "Domestic backlash", "escalation index",
		"Coming up", "Open commitments", "Overdue follow-up actions", "likelihood"} {
		if !strings.Contains(all, want) {
			t.Errorf("the briefing does not say %q", want)
		}
	}
	if exec.Command("pdftoppm", "-v").Run() == nil {
		out := filepath.Join("..", "..", "docs", "screenshots", "briefing")
		if err := exec.Command("pdftoppm", "-r", "70", "-png", path, out).Run(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBriefingLeavesOutWhatIsAboveTheCap: up to TLP:GREEN, no record
// labelled above it is named, and the pages say TLP:GREEN at most.
func TestBriefingLeavesOutWhatIsAboveTheCap(t *testing.T) {
	s := demoStore(t)
	b, path := writeBriefing(t, s, data.TLPGreen)
	if b.Label.Rank() < data.TLPGreen.Rank() {
		t.Fatalf("labelled %s under a GREEN cap", b.Label)
	}
	all := strings.Join(pdfText(t, path), "\n")
	for _, k := range []*data.Kind{data.Risk, data.Engagement, data.Commitment, data.Milestone} {
		recs, err := s.List(context.Background(), data.Query{Kind: k, TLP: []data.TLP{data.TLPRed, data.TLPAmberStrict, data.TLPAmber}, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			if strings.Contains(all, r.Title) {
				t.Errorf("%s “%s” (%s) is in a GREEN briefing", k.Label, r.Title, r.TLP)
			}
		}
	}
	if strings.Contains(all, "TLP:RED") || strings.Contains(all, "TLP:AMBER") {
		t.Error("a label above the cap is printed")
	}
}
