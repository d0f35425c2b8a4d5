package data

import (
	"encoding/json"
	"time"
)

// AsMap is r in plain JSON-ready form, keyed as the kind describes it:
// the common fields, then each field by its key (empty ones left out).
// Scripts read this from `convenor show --json`.
func (r *Record) AsMap() map[string]any {
	m := map[string]any{
		"id": r.ID, "kind": r.Kind.Name, "title": r.Title, "tlp": string(r.TLP),
		"tags": append([]string{}, r.Tags...), "notes": r.Notes,
		"created_at": r.CreatedAt.Format(time.RFC3339), "created_by": r.CreatedBy,
		"updated_at": r.UpdatedAt.Format(time.RFC3339), "updated_by": r.UpdatedBy,
	}
	if len(r.Attachments) > 0 { // what each file is; its bytes stay in the workspace
		files := make([]map[string]any, len(r.Attachments))
		for j, a := range r.Attachments {
			files[j] = map[string]any{"id": a.ID, "name": a.Name, "type": a.Type, "size": a.Size, "sha256": a.SHA256,
				"added_at": a.AddedAt.Format(time.RFC3339), "added_by": a.AddedBy}
		}
		m[FieldAttachments] = files
	}
	for i := range r.Kind.Fields {
		f := &r.Kind.Fields[i]
		v, ok := r.Values[f.Key]
		if !ok || v == nil {
			continue
		}
		switch x := v.(type) {
		case []Link:
			links := make([]map[string]string, len(x))
			for j, l := range x {
				links[j] = map[string]string{"id": l.ID, "title": l.Title, "kind": l.Kind, "role": l.Role}
			}
			m[f.Key] = links
		case []ContactPoint:
			points := make([]map[string]string, len(x))
			for j, c := range x {
				points[j] = map[string]string{"id": c.ID, "kind": c.Kind, "value": c.Value, "label": c.Label, "tlp": string(c.TLP)}
			}
			m[f.Key] = points
		case []FollowUp:
			acts := make([]map[string]string, len(x))
			for j, a := range x {
				acts[j] = map[string]string{"id": a.ID, "action": a.Action, "owner": a.Owner, "due": a.Due, "status": a.Status}
			}
			m[f.Key] = acts
		case time.Time:
			m[f.Key] = x.UTC().Format(time.RFC3339)
		default:
			m[f.Key] = x
		}
	}
	return m
}

// MarshalJSON writes a record as AsMap does.
func (r *Record) MarshalJSON() ([]byte, error) { return json.Marshal(r.AsMap()) }
