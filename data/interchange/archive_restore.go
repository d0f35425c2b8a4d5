package interchange

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/google/uuid"

	"convenor/data"
)

// ArchiveTarget is the workspace an archive is restored into.
type ArchiveTarget interface {
	Counts(ctx context.Context) (map[string]int, error)
	Get(id string) (*data.Record, error)
	Vocabulary() *data.Vocabulary
	StatesOf(ctx context.Context, ids []string) (map[string][]string, error)
	RestoreArchive(ctx context.Context, r *data.ArchiveRestore) error
}

// ConflictTag marks the archive's version of a record both sides changed,
// added beside the workspace's own for a person to compare and resolve.
const ConflictTag = "archive conflict"

// RestoreReport says what a restore did.
type RestoreReport struct {
	Added, Updated, Unchanged int
	// Older are records the workspace has a later version of: kept.
	Older int
	// Conflicts are records both sides changed since they parted: the
	// workspace's version kept, the archive's added as a copy tagged
	// ConflictTag, each pair named here.
	Conflicts []Conflict
	// History is how many of the archive's audit entries were kept.
	History int
}

// Conflict names a record both sides changed and the copy of the
// archive's version.
type Conflict struct {
	Kind      *data.Kind
	ID, Title string
	CopyID    string
	CopyTitle string
}

// RestoreArchive brings an archive into a workspace. Into an empty one it
// reproduces every record under its own id and keeps the archive's trail
// as history, after a provenance entry naming the file and its head. Into
// one with records it merges by id: a record only the archive has is
// added; one the workspace has an older version of (its state is in the
// archive's trail) is updated; one the archive has an older version of is
// left; one both changed is a conflict. Nothing is silently overwritten.
func RestoreArchive(ctx context.Context, dst ArchiveTarget, a *Archive, file string) (*RestoreReport, error) {
	counts, err := dst.Counts(ctx)
	if err != nil {
		return nil, err
	}
	empty := true
	for _, n := range counts {
		empty = empty && n == 0
	}
	rs := &data.ArchiveRestore{File: file, Head: a.Head, Written: a.Header.Written, Parts: map[string][]byte{}}
	rep := &RestoreReport{}
	if empty {
		rs.Vocabulary, rs.Trail, rs.Adds, rs.Parts = a.Vocabulary, a.Trail, a.Records, a.Files
		rep.Added, rep.History = len(a.Records), len(a.Trail)
	} else if err := merge(ctx, dst, a, rs, rep); err != nil {
		return nil, err
	}
	order, cycle := inOrder(rs.Adds)
	if cycle != nil {
		return nil, fmt.Errorf("%s “%s” points, through other records of the archive, back to itself", cycle.Kind.Label, cycle.Title)
	}
	rs.Adds = order
	if err := dst.RestoreArchive(ctx, rs); err != nil {
		return nil, err
	}
	return rep, nil
}

func merge(ctx context.Context, dst ArchiveTarget, a *Archive, rs *data.ArchiveRestore, rep *RestoreReport) error {
	ids := make([]string, len(a.Records))
	for i, r := range a.Records {
		ids[i] = r.ID
	}
	ours, err := dst.StatesOf(ctx, ids)
	if err != nil {
		return err
	}
	theirs := map[string][]string{}
	for _, e := range a.Trail {
		if e.State != "" {
			theirs[e.RecordID] = append(theirs[e.RecordID], e.State)
		}
	}
	rs.Vocabulary = dst.Vocabulary().WithValuesOf(a.Vocabulary)
	for _, r := range a.Records {
		local, err := dst.Get(r.ID)
		if errors.Is(err, data.ErrNotFound) {
			rs.Adds = append(rs.Adds, r)
			rep.Added++
			for _, at := range r.Attachments {
				rs.Parts[at.ID] = a.Files[at.ID]
			}
			continue
		}
		if err != nil {
			return err
		}
		if local.Kind != r.Kind {
			return fmt.Errorf("the archive's %s “%s” has the id of this workspace's %s “%s”", r.Kind.Label, r.Title, local.Kind.Label, local.Title)
		}
		mine, their := local.State(), r.State()
		switch {
		case mine == their:
			rep.Unchanged++
		case slices.Contains(ours[r.ID], their):
			rep.Older++ // the archive's version is one this workspace moved on from
		case slices.Contains(theirs[r.ID], mine):
			up := r.Clone()
			for _, at := range up.Attachments {
				rs.Parts[at.ID] = a.Files[at.ID]
			}
			rs.Updates = append(rs.Updates, up)
			rep.Updated++
		default:
			c := conflictCopy(r, a.Files, rs.Parts)
			rs.Conflicts = append(rs.Conflicts, c)
			rep.Conflicts = append(rep.Conflicts, Conflict{Kind: r.Kind, ID: r.ID, Title: local.Title, CopyID: c.ID, CopyTitle: c.Title})
		}
	}
	return nil
}

// conflictCopy is the archive's version of r under a new id (its files
// under new ids too), tagged so the pair can be found and resolved.
func conflictCopy(r *data.Record, files, parts map[string][]byte) *data.Record {
	c := r.Clone()
	id, _ := uuid.NewV7()
	c.ID = id.String()
	c.Tags = append(c.Tags, ConflictTag)
	for i := range c.Attachments {
		fileID := uuid.NewString()
		parts[fileID] = files[c.Attachments[i].ID]
		c.Attachments[i].ID = fileID
	}
	c.Notes = fmt.Sprintf("The archive's version of %s (%s): this workspace's version was changed too. Compare the two, keep what is right in one, delete the other.\n\n%s", r.Title, r.ID, r.Notes)
	return c
}
