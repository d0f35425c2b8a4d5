package share

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/nats-io/nats.go/jetstream"

	"convenor/data"
	"convenor/data/store"
)

// Attached files do not fit in a record's message (capped at 1 MiB) and
// need not travel again with every edit: their bytes go into JetStream's
// object store, one bucket per level, sealed under the level's key, each
// once, before the version that lists them. A desk taking the version in
// fetches the files it lacks and writes them in the same transaction as
// the record. The buckets are per level so a member's permissions reach
// only those of the levels it is cleared for.

// Bucket is a level's object store.
func Bucket(workspace string, level data.TLP) string {
	return "cv_" + token(workspace) + "_" + token(levelToken(level))
}

func bucketOf(workspace, level string) string {
	return "cv_" + token(workspace) + "_" + token(level)
}

// ensureBuckets makes every level's object store, replicated as the
// stream is (the administering desk's first round).
func ensureBuckets(ctx context.Context, js jetstream.JetStream, workspace string, replicas int) error {
	for _, l := range data.TLPLabels {
		if _, err := js.CreateOrUpdateObjectStore(ctx, jetstream.ObjectStoreConfig{
			Bucket: Bucket(workspace, l), Replicas: replicas, Storage: jetstream.FileStorage,
		}); err != nil {
			return fmt.Errorf("the hubs' store of %s files: %w", l, err)
		}
	}
	return nil
}

func fileName(a data.Attachment) string { return "file:" + a.ID }

// sendFiles puts into the level's bucket the files it lacks.
func (d *Desk) sendFiles(ctx context.Context, ws, level string, atts []data.Attachment) error {
	if len(atts) == 0 {
		return nil
	}
	obs, err := d.JS.ObjectStore(ctx, bucketOf(ws, level))
	if err != nil {
		return err
	}
	for _, a := range atts {
		if _, err := obs.GetInfo(ctx, a.ID); err == nil {
			continue
		} else if !errors.Is(err, jetstream.ErrObjectNotFound) {
			return err
		}
		var b bytes.Buffer
		if err := d.Replica.AttachmentBytes(ctx, a, &b); err != nil {
			return fmt.Errorf("“%s”: %w", a.Name, err)
		}
		sealed, err := d.Team.Keys.seal(level, fileName(a), b.Bytes())
		if err != nil {
			return err
		}
		if _, err := obs.PutBytes(ctx, a.ID, sealed); err != nil {
			return fmt.Errorf("sending “%s”: %w", a.Name, err)
		}
	}
	return nil
}

// fetchFiles fetches the files of a version this desk lacks, checked
// against the digest the record gives.
func (d *Desk) fetchFiles(ctx context.Context, ws, level string, version []byte) (map[string][]byte, error) {
	missing, err := d.Replica.MissingFiles(ctx, store.FilesOf(version))
	if err != nil || len(missing) == 0 {
		return nil, err
	}
	obs, err := d.JS.ObjectStore(ctx, bucketOf(ws, level))
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for _, a := range missing {
		sealed, err := obs.GetBytes(ctx, a.ID)
		if err != nil {
			return nil, fmt.Errorf("fetching “%s”: %w", a.Name, err)
		}
		b, err := d.Team.Keys.open(level, fileName(a), sealed)
		if err != nil {
			return nil, err
		}
		if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != a.SHA256 {
			return nil, fmt.Errorf("“%s” arrived other than it was attached", a.Name)
		}
		out[a.ID] = b
	}
	return out, nil
}
