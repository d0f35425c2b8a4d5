package share

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"convenor/data"
)

// The layout: one stream per workspace, replicated on three hubs; one
// subject per record under its clearance level,
//
//	cv.<workspace>.<level>.r.<record id>
//
// (level: red, amber-strict, amber, green, clear), so a member's
// permissions can be cut at a level, and "the last version of this
// record" is the last message on its subject.

// Replicas is how many hubs hold every message: one can be lost (or be
// down for maintenance) and the stream still takes writes.
const Replicas = 3

// StreamName is the workspace's stream.
func StreamName(workspace string) string { return "CV_" + token(workspace) }

// Subject is a record's subject at a clearance level.
func Subject(workspace string, level data.TLP, recordID string) string {
	return "cv." + token(workspace) + "." + levelToken(level) + ".r." + token(recordID)
}

func levelToken(l data.TLP) string {
	return strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(string(l), "TLP:"), "+", "-"))
}

// token keeps what NATS allows in a subject token and a stream name.
func token(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			return r
		}
		return '_'
	}, s)
}

// EnsureStream finds or makes the workspace's stream. Duplicates are
// recognised by message id for ten minutes: longer than any retry.
func EnsureStream(ctx context.Context, js jetstream.JetStream, workspace string, replicas int) (jetstream.Stream, error) {
	return js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:       StreamName(workspace),
		Subjects:   []string{"cv." + token(workspace) + ".>"},
		Replicas:   replicas,
		Storage:    jetstream.FileStorage,
		Duplicates: 10 * time.Minute,
		// Members read a record's last version by direct get, whose
		// subject names the record, so permissions can stop it per level.
		AllowDirect: true,
	})
}

// ErrConflict says the record changed in the stream since the version an
// edit was based on: the edit is not stored, and both versions are the
// user's to reconcile.
var ErrConflict = errors.New("the record was changed by someone else since this edit was made")

// Publish stores one version of a record on its subject, only if the last
// version there is still based (0: there is none yet). msgID makes a
// retry after a time-out a no-op: it is stored once. It returns the new
// version's sequence in the stream.
func Publish(ctx context.Context, js jetstream.JetStream, subject string, blob []byte, based uint64, msgID string) (uint64, error) {
	return PublishOver(ctx, js, subject, blob, nil, "", based, msgID)
}

// PublishOver is Publish for a version whose last one is on another
// subject (previous): a record relabelled moves to its new level's
// subject only if nothing came in on the old one since.
func PublishOver(ctx context.Context, js jetstream.JetStream, subject string, blob []byte, header nats.Header, previous string, based uint64, msgID string) (uint64, error) {
	expect := jetstream.WithExpectLastSequencePerSubject(based)
	if previous != "" && previous != subject {
		expect = jetstream.WithExpectLastSequenceForSubject(based, previous)
	}
	// A hub just elected, or a desk just reconnected, can leave the stream
	// without a responder for a moment: wait for one rather than fail.
	ack, err := js.PublishMsg(ctx, &nats.Msg{Subject: subject, Data: blob, Header: header}, expect, jetstream.WithMsgID(msgID),
		jetstream.WithRetryAttempts(100), jetstream.WithRetryWait(50*time.Millisecond))
	if err == nil {
		return ack.Sequence, nil
	}
	var apiErr *jetstream.APIError
	if errors.As(err, &apiErr) {
		switch apiErr.ErrorCode {
		case jetstream.JSErrCodeStreamWrongLastSequence, errWrongLastSequenceConstant:
			return 0, fmt.Errorf("%w (%s)", ErrConflict, apiErr.Description)
		case errDuplicateInProcess:
			// The first copy is being stored: ask the stream for it.
			return stored(ctx, js, subject, msgID)
		}
	}
	return 0, err
}

// Error codes nats.go has no names for (nats-server's errors.json).
const (
	errWrongLastSequenceConstant jetstream.ErrorCode = 10164
	errDuplicateInProcess        jetstream.ErrorCode = 10158
)

// stored finds the sequence of the message msgID published on subject,
// once the stream has it.
func stored(ctx context.Context, js jetstream.JetStream, subject, msgID string) (uint64, error) {
	for {
		m, err := lastOn(ctx, js, subject, 0)
		if err == nil && m.MsgID == msgID {
			return m.Seq, nil
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// storedMsg is the last message on a subject, as a direct get gives it.
type storedMsg struct {
	Seq    uint64
	MsgID  string
	Data   []byte
	Header nats.Header
}

// lastOn reads the last message on a record's subject with a direct get,
// which a member's permissions allow per level (a plain message get names
// its subject in its body, where permissions cannot see it). Any replica
// may answer; one behind the leader is asked again until it has the
// sequence atLeast.
func lastOn(ctx context.Context, js jetstream.JetStream, subject string, atLeast uint64) (*storedMsg, error) {
	parts := strings.SplitN(subject, ".", 3)
	if len(parts) < 3 {
		return nil, fmt.Errorf("%s is not a record's subject", subject)
	}
	api := "$JS.API.DIRECT.GET." + StreamName(parts[1]) + "." + subject
	for {
		msg, err := js.Conn().RequestWithContext(ctx, api, nil)
		if err == nil && msg.Header.Get("Status") == "" {
			seq, _ := strconv.ParseUint(msg.Header.Get(jetstream.SequenceHeader), 10, 64)
			if seq >= atLeast && seq > 0 {
				return &storedMsg{Seq: seq, MsgID: msg.Header.Get(jetstream.MsgIDHeader), Data: msg.Data, Header: msg.Header}, nil
			}
		}
		if err != nil && !errors.Is(err, nats.ErrNoResponders) && !errors.Is(err, nats.ErrTimeout) {
			return nil, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// lastSequence is the sequence a refused publish says the subject is at.
func lastSequence(refused error) uint64 {
	msg := refused.Error()
	i := strings.LastIndex(msg, "sequence: ")
	if i < 0 {
		return 0
	}
	var seq uint64
	fmt.Sscan(strings.TrimRight(msg[i+len("sequence: "):], ")"), &seq)
	return seq
}
