package store

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"convenor/data"
)

// tagsOf lists the suggestions for prefix as "tag:count".
func tagsOf(t *testing.T, s *Store, prefix string) []string {
	t.Helper()
	uses, err := s.Tags(context.Background(), prefix, 10)
	if err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for _, u := range uses {
		out = append(out, fmt.Sprintf("%s:%d", u.Tag, u.Records))
	}
	return out
}

func tagged(t *testing.T, s *Store, title string, tags ...string) *data.Record {
	t.Helper()
	r := minimal(t, s, data.Actor, title)
	r.Tags = tags
	if err := s.Update(r); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestTagSuggestionsFollowEveryWrite(t *testing.T) {
	s := newStore(t)
	tagged(t, s, "Pakistan", "convener", "Gulf")
	iran := tagged(t, s, "Iran", "gulf", "nuclear")
	tagged(t, s, "Oman", "gulf", "convener", "100%_sure")

	if got, want := tagsOf(t, s, ""), []string{"Gulf:3", "convener:2", "100%_sure:1", "nuclear:1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("all tags: %v, want %v", got, want)
	}
	if got, want := tagsOf(t, s, "GU"), []string{"Gulf:3"}; !reflect.DeepEqual(got, want) {
		t.Errorf("prefix GU: %v, want %v", got, want)
	}
	// % and _ are letters here, not wildcards.
	if got := tagsOf(t, s, "1%"); len(got) != 0 {
		t.Errorf("prefix 1%%: %v", got)
	}
	if got, want := tagsOf(t, s, "100%_"), []string{"100%_sure:1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("prefix 100%%_: %v, want %v", got, want)
	}

	iran.Tags = []string{"nuclear", "hormuz"}
	if err := s.Update(iran); err != nil {
		t.Fatal(err)
	}
	if got, want := tagsOf(t, s, "g"), []string{"Gulf:2"}; !reflect.DeepEqual(got, want) {
		t.Errorf("after an edit: %v, want %v", got, want)
	}
	if n, _ := s.Count(context.Background(), data.Query{Kind: data.Actor, Tag: "HORMUZ"}); n != 1 {
		t.Errorf("filter by a tag added in an edit: %d", n)
	}
	e, err := s.Delete(iran.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := tagsOf(t, s, "h"); len(got) != 0 {
		t.Errorf("a deleted record's tags are still suggested: %v", got)
	}
	if err := s.Undo(e); err != nil {
		t.Fatal(err)
	}
	if got, want := tagsOf(t, s, "h"), []string{"hormuz:1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("after undoing the delete: %v, want %v", got, want)
	}
}

func TestTagsOfAnOlderFileAreFilledInOnUpgrade(t *testing.T) {
	s := newStore(t)
	tagged(t, s, "Pakistan", "convener", "gulf")
	tagged(t, s, "Oman", "gulf")
	path := s.Path()
	// As a format-6 file had it: no tag table, no unlock image.
	downgrade(t, s, 6)
	s.Close()
	r, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if got, want := tagsOf(t, r, ""), []string{"gulf:2", "convener:1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("after the upgrade: %v, want %v", got, want)
	}
}

func TestTagsOfASealedWorkspaceAreThereAfterUnlocking(t *testing.T) {
	path := filepath.Join(t.TempDir(), "desk.convenor")
	s, err := CreateSealed(path, "Desk", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	tagged(t, s, "Pakistan", "convener", "gulf")
	s.Close()
	r, err := OpenSealed(context.Background(), path, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if got, want := tagsOf(t, r, ""), []string{"convener:1", "gulf:1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("after unlocking: %v, want %v", got, want)
	}
}
