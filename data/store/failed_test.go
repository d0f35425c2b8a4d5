package store

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	sqlite3 "github.com/mattn/go-sqlite3"

	"convenor/data"
)

// A write SQLite refuses part-way is named and explained in words, by the
// driver's code, with the driver's own error kept underneath; nothing of
// it stays.
func TestAFailedWriteSaysWhatAndWhyInWords(t *testing.T) {
	s := newStore(t)
	r := minimal(t, s, data.Risk, "Leak of the venue")
	if _, err := s.Delete(r.ID); err != nil {
		t.Fatal(err)
	}
	r.ID = ""
	r.Notes = strings.Repeat("A long readout that no longer fits. ", 20000)
	var pages int
	if err := s.db.QueryRow("PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec("PRAGMA max_page_count = " + strconv.Itoa(pages)); err != nil {
		t.Fatal(err)
	}
	err := s.Insert(r)
	var op *data.OpError
	var driver sqlite3.Error
	switch {
	case !errors.As(err, &op):
		t.Fatalf("got %v, want an OpError", err)
	case !errors.Is(err, data.ErrDiskFull) || !errors.As(err, &driver) || driver.Code != sqlite3.ErrFull:
		t.Errorf("reason %v, cause %v", op.Reason, op.Cause)
	case err.Error() != "Saving the new risk failed: the disk is full; nothing was changed.":
		t.Errorf("the user reads %q", err.Error())
	}
	if n, _ := s.Count(context.Background(), data.Query{Kind: data.Risk}); n != 0 {
		t.Errorf("%d risks after a failed save", n)
	}

	// The store's own refusals are sentences already and pass as they are.
	empty := data.NewRecord(data.Risk)
	if err := s.Insert(empty); errors.As(err, &op) {
		t.Errorf("a validation error was wrapped: %v", err)
	} else if _, ok := data.AsValidation(err); !ok {
		t.Errorf("want a validation error, got %v", err)
	}
}
