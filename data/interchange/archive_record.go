package interchange

import (
	"encoding/json"
	"fmt"
	"time"

	"convenor/data"
)

// archivedRecord is a record as an archive keeps it: every field in a
// form that reads back to the same value, to the nanosecond and the last
// bit of a float, so the record's state (the hash its audit entries hold)
// is the same in the workspace it is restored into.
type archivedRecord struct {
	ID          string                     `json:"id"`
	Kind        string                     `json:"kind"`
	Title       string                     `json:"title"`
	TLP         data.TLP                   `json:"tlp"`
	Tags        []string                   `json:"tags,omitempty"`
	Notes       string                     `json:"notes,omitempty"`
	CreatedAt   time.Time                  `json:"created_at"`
	CreatedBy   string                     `json:"created_by"`
	UpdatedAt   time.Time                  `json:"updated_at"`
	UpdatedBy   string                     `json:"updated_by"`
	Attachments []archivedAttachment       `json:"attachments,omitempty"`
	Values      map[string]json.RawMessage `json:"values"`
}

type archivedAttachment struct {
	ID      string    `json:"id"`
	Name    string    `json:"name"`
	Type    string    `json:"type"`
	Size    int64     `json:"size"`
	SHA256  string    `json:"sha256"`
	AddedAt time.Time `json:"added_at"`
	AddedBy string    `json:"added_by"`
}

type archivedLink struct {
	ID   string `json:"id"`
	Role string `json:"role,omitempty"`
}

func archiveRecord(r *data.Record) (*archivedRecord, error) {
	a := &archivedRecord{ID: r.ID, Kind: r.Kind.Name, Title: r.Title, TLP: r.TLP, Tags: r.Tags, Notes: r.Notes,
		CreatedAt: r.CreatedAt, CreatedBy: r.CreatedBy, UpdatedAt: r.UpdatedAt, UpdatedBy: r.UpdatedBy, Values: map[string]json.RawMessage{}}
	for _, at := range r.Attachments {
		a.Attachments = append(a.Attachments, archivedAttachment{at.ID, at.Name, at.Type, at.Size, at.SHA256, at.AddedAt, at.AddedBy})
	}
	for key, v := range r.Values {
		if v == nil {
			continue
		}
		var out any = v
		if links, ok := v.([]data.Link); ok { // the titles a read fills in are not the record's
			ls := make([]archivedLink, len(links))
			for i, l := range links {
				ls[i] = archivedLink{l.ID, l.Role}
			}
			out = ls
		}
		b, err := json.Marshal(out)
		if err != nil {
			return nil, err
		}
		a.Values[key] = b
	}
	return a, nil
}

// record reads an archived record back by its kind's description.
func (a *archivedRecord) record() (*data.Record, error) {
	k := data.KindByName(a.Kind)
	if k == nil || k.Name != a.Kind {
		return nil, fmt.Errorf("record %s is of a kind this version does not know (%q)", a.ID, a.Kind)
	}
	r := &data.Record{ID: a.ID, Kind: k, Title: a.Title, TLP: a.TLP, Tags: a.Tags, Notes: a.Notes,
		CreatedAt: a.CreatedAt.UTC(), CreatedBy: a.CreatedBy, UpdatedAt: a.UpdatedAt.UTC(), UpdatedBy: a.UpdatedBy, Values: map[string]any{}}
	for _, at := range a.Attachments {
		r.Attachments = append(r.Attachments, data.Attachment{ID: at.ID, Name: at.Name, Type: at.Type, Size: at.Size, SHA256: at.SHA256, AddedAt: at.AddedAt.UTC(), AddedBy: at.AddedBy})
	}
	for key, raw := range a.Values {
		f := k.Field(key)
		if f == nil {
			return nil, fmt.Errorf("record %s: %s has no field %q", a.ID, k.Label, key)
		}
		v, err := decodeValue(f, raw)
		if err != nil {
			return nil, fmt.Errorf("record %s, %s: %v", a.ID, f.Label, err)
		}
		r.Values[key] = v
	}
	return r, nil
}

func decodeValue(f *data.Field, raw json.RawMessage) (any, error) {
	var err error
	switch f.Type {
	case data.Int, data.Computed:
		var n int64
		err = json.Unmarshal(raw, &n)
		return n, err
	case data.Float:
		var x float64
		err = json.Unmarshal(raw, &x)
		return x, err
	case data.Bool:
		var b bool
		err = json.Unmarshal(raw, &b)
		return b, err
	case data.DateTime:
		var t time.Time
		err = json.Unmarshal(raw, &t)
		return t.UTC(), err
	case data.Links:
		var ls []archivedLink
		err = json.Unmarshal(raw, &ls)
		out := make([]data.Link, len(ls))
		for i, l := range ls {
			out[i] = data.Link{ID: l.ID, Role: l.Role}
		}
		return out, err
	case data.FollowUps:
		var out []data.FollowUp
		err = json.Unmarshal(raw, &out)
		return out, err
	case data.Contacts:
		var out []data.ContactPoint
		err = json.Unmarshal(raw, &out)
		return out, err
	}
	var s string
	err = json.Unmarshal(raw, &s)
	return s, err
}
