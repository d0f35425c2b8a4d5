package interchange

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"convenor/data"
)

// A whole-workspace archive is JSON Lines: a header (format, version,
// workspace, label), the vocabulary, every record (links, follow-ups,
// contact points, attachments' descriptions) each followed by its files'
// bytes, every audit entry, and an end line with the counts and the head
// of the trail, so a file cut short is told from a whole one. From a
// sealed workspace it is sealed as exports are.

const (
	archiveFormat = "convenor-archive"
	// ArchiveVersion is the archive format this build writes and the
	// newest it reads.
	ArchiveVersion = 1
)

// ArchiveHeader is an archive's first line.
type ArchiveHeader struct {
	Format    string    `json:"format"`
	Version   int       `json:"version"`
	Workspace string    `json:"workspace"` // its id
	Name      string    `json:"name"`
	Written   time.Time `json:"written"`
	TLP       data.TLP  `json:"tlp"` // the most restrictive label any record has had
	Notice    string    `json:"notice"`
}

// ArchiveEnd is its last line: what it holds.
type ArchiveEnd struct {
	Records int    `json:"records"`
	Files   int    `json:"files"`
	Entries int    `json:"entries"`
	Head    string `json:"head"` // "seq N, hash H" of the last entry
}

func (e *ArchiveEnd) String() string {
	return fmt.Sprintf("%d records, %d files, %d audit entries (the trail's head: %s)", e.Records, e.Files, e.Entries, e.Head)
}

type archivedFile struct {
	ID    string `json:"id"`
	Bytes []byte `json:"bytes"`
}

// archiveLine is one line: exactly one of its parts is set.
type archiveLine struct {
	Header     *ArchiveHeader   `json:"header,omitempty"`
	Vocabulary *data.Vocabulary `json:"vocabulary,omitempty"`
	Record     *archivedRecord  `json:"record,omitempty"`
	File       *archivedFile    `json:"file,omitempty"`
	Entry      *data.TrailEntry `json:"entry,omitempty"`
	End        *ArchiveEnd      `json:"end,omitempty"`
}

// ArchiveSource is the open workspace an archive is written from.
type ArchiveSource interface {
	Source
	ID() string
	Meta(key string) string
	Vocabulary() *data.Vocabulary
	TrailLabel() (data.TLP, error)
	Trail(ctx context.Context, fn func(data.TrailEntry) error) error
	AttachmentBytes(ctx context.Context, a data.Attachment, w io.Writer) error
}

// WriteArchive writes every record, file and audit entry of s to w.
func WriteArchive(ctx context.Context, s ArchiveSource, w io.Writer) (*ArchiveEnd, error) {
	label, err := s.TrailLabel()
	if err != nil {
		return nil, err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	h := &ArchiveHeader{Format: archiveFormat, Version: ArchiveVersion, Workspace: s.ID(), Name: s.Meta("name"),
		Written: time.Now().UTC(), TLP: label,
		Notice: fmt.Sprintf("%s — %s. The whole of a Convenor workspace: every record, file and audit entry.", label, data.TLPMeaning[label])}
	if err := enc.Encode(archiveLine{Header: h}); err != nil {
		return nil, err
	}
	if err := enc.Encode(archiveLine{Vocabulary: s.Vocabulary()}); err != nil {
		return nil, err
	}
	end := &ArchiveEnd{}
	for _, k := range data.Kinds {
		for off := 0; ; off += 500 {
			page, err := s.ListWithLinks(ctx, data.Query{Kind: k, Sort: "created_at", Limit: 500, Offset: off})
			if err != nil {
				return nil, err
			}
			for _, r := range page {
				if err := writeArchived(ctx, s, enc, r, end); err != nil {
					return nil, err
				}
			}
			if len(page) < 500 {
				break
			}
		}
	}
	err = s.Trail(ctx, func(e data.TrailEntry) error {
		end.Entries++
		end.Head = fmt.Sprintf("seq %d, hash %s", e.Seq, e.Hash)
		return enc.Encode(archiveLine{Entry: &e})
	})
	if err != nil {
		return nil, err
	}
	if err := enc.Encode(archiveLine{End: end}); err != nil {
		return nil, err
	}
	return end, bw.Flush()
}

func writeArchived(ctx context.Context, s ArchiveSource, enc *json.Encoder, r *data.Record, end *ArchiveEnd) error {
	a, err := archiveRecord(r)
	if err != nil {
		return err
	}
	if err := enc.Encode(archiveLine{Record: a}); err != nil {
		return err
	}
	end.Records++
	for _, at := range r.Attachments {
		var b bytes.Buffer
		if err := s.AttachmentBytes(ctx, at, &b); err != nil {
			return fmt.Errorf("“%s” of %s “%s”: %w", at.Name, r.Kind.Label, r.Title, err)
		}
		if err := enc.Encode(archiveLine{File: &archivedFile{ID: at.ID, Bytes: b.Bytes()}}); err != nil {
			return err
		}
		end.Files++
	}
	return nil
}

// WriteArchiveSealed writes the archive sealed under passphrase.
func WriteArchiveSealed(ctx context.Context, s ArchiveSource, w io.Writer, passphrase string) (end *ArchiveEnd, err error) {
	err = sealed(w, "archive", passphrase, func(plain io.Writer) error {
		end, err = WriteArchive(ctx, s, plain)
		return err
	})
	return end, err
}

// Archive is an archive read back whole and checked.
type Archive struct {
	Header     ArchiveHeader
	Vocabulary *data.Vocabulary
	Records    []*data.Record
	Files      map[string][]byte // by attachment id
	Trail      []data.TrailEntry
	Head       string
}

// maxArchiveLine bounds one line: a 25 MB file in base64, and room.
const maxArchiveLine = 40 << 20

// ReadArchive reads an archive (sealed ones with passphrase) and checks
// it: its format and version, every line, every record against its kind,
// every file against its hash, and that it ends where it says it does.
// Any fault is named with its line; nothing is half-read.
func ReadArchive(r io.Reader, passphrase string) (*Archive, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	if peek, _ := br.Peek(len(sealedExportMagic)); string(peek) == sealedExportMagic {
		if passphrase == "" {
			return nil, errors.New("this archive is sealed: give its passphrase")
		}
		plain, err := OpenSealed(br, passphrase)
		if err != nil {
			return nil, err
		}
		br = bufio.NewReader(bytes.NewReader(plain))
	}
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 0, 1<<16), maxArchiveLine)
	a := &Archive{Files: map[string][]byte{}}
	var end *ArchiveEnd
	for n := 1; sc.Scan(); n++ {
		var l archiveLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			if n == 1 {
				return nil, errors.New("this is not a Convenor archive")
			}
			return nil, fmt.Errorf("line %d of the archive cannot be read: %v", n, err)
		}
		if n == 1 {
			if l.Header == nil || l.Header.Format != archiveFormat {
				return nil, errors.New("this is not a Convenor archive")
			}
			if l.Header.Version > ArchiveVersion {
				return nil, fmt.Errorf("this archive was written by a newer version of Convenor (archive format %d; this version reads up to %d)", l.Header.Version, ArchiveVersion)
			}
			a.Header = *l.Header
			continue
		}
		if end != nil {
			return nil, fmt.Errorf("line %d: the archive goes on after its end", n)
		}
		switch {
		case l.Vocabulary != nil:
			if err := l.Vocabulary.Check(); err != nil {
				return nil, fmt.Errorf("line %d: %v", n, err)
			}
			l.Vocabulary.Complete()
			a.Vocabulary = l.Vocabulary
		case l.Record != nil:
			rec, err := l.Record.record()
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", n, err)
			}
			a.Records = append(a.Records, rec)
		case l.File != nil:
			a.Files[l.File.ID] = l.File.Bytes
		case l.Entry != nil:
			a.Trail = append(a.Trail, *l.Entry)
		case l.End != nil:
			end = l.End
		default:
			return nil, fmt.Errorf("line %d of the archive holds nothing Convenor knows", n)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("the archive cannot be read: %v", err)
	}
	if a.Header.Format == "" {
		return nil, errors.New("this is not a Convenor archive")
	}
	if end == nil || end.Records != len(a.Records) || end.Files != len(a.Files) || end.Entries != len(a.Trail) {
		return nil, errors.New("the archive is cut short: it does not end as a whole one does")
	}
	a.Head = end.Head
	return a, a.check()
}

// check makes sure every record is valid against the archive's own lists
// and every file it names is there, whole.
func (a *Archive) check() error {
	voc := a.Vocabulary
	if voc == nil {
		voc = data.DefaultVocabulary()
	}
	for _, r := range a.Records {
		if err := data.ValidateIn(r, voc); err != nil {
			return fmt.Errorf("%s “%s” (%s) in the archive is not valid: %v", r.Kind.Label, r.Title, r.ID, err)
		}
		for _, at := range r.Attachments {
			b, ok := a.Files[at.ID]
			sum := sha256.Sum256(b)
			if !ok || hex.EncodeToString(sum[:]) != at.SHA256 || int64(len(b)) != at.Size {
				return fmt.Errorf("the file “%s” of %s “%s” is missing from the archive or damaged", at.Name, r.Kind.Label, r.Title)
			}
		}
	}
	return nil
}
