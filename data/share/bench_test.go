package share

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"convenor/data"
)

// BenchmarkSync10000 synchronises 10,000 new records desk → hubs → desk
// (one desk's round sends them, the other's takes them in, written,
// audited and sealed), against raw JetStream publishing the same sealed
// payloads one by one (each acknowledged, as a desk's are) and consuming
// them back with an ordered consumer, in the same run, on the same
// three-hub cluster.
func BenchmarkSync10000(b *testing.B) {
	const edits = 10_000
	var desk, raw time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		c := benchCluster(b)
		sender, receiver := desks(b, c, nil)
		recs := make([]*data.Record, edits)
		for n := range recs {
			r := data.NewRecord(data.Actor)
			r.Title, r.Values["actor_type"], r.Values["country"] = fmt.Sprintf("Contact %05d", n), "person", "PK"
			recs[n] = r
		}
		if err := storeOf(sender).InsertAll(recs); err != nil {
			b.Fatal(err)
		}
		out, err := storeOf(sender).Outbox(context.Background())
		if err != nil || len(out) != edits {
			b.Fatalf("%d in the outbox: %v", len(out), err)
		}
		// the same payloads as the desk sends: each version sealed
		var blobs []struct {
			id     string
			sealed []byte
		}
		for _, o := range out {
			plain, _, err := sender.Team.sign(o.RecordID, o.Version)
			if err != nil {
				b.Fatal(err)
			}
			sealed, err := sender.Team.Keys.seal(levelToken(o.TLP), o.RecordID, plain)
			if err != nil {
				b.Fatal(err)
			}
			blobs = append(blobs, struct {
				id     string
				sealed []byte
			}{o.RecordID, sealed})
		}
		b.StartTimer()

		t0 := time.Now()
		ctx := context.Background()
		if rep, err := sender.Sync(ctx); err != nil || rep.Sent != edits {
			b.Fatalf("%+v %v", rep, err)
		}
		if rep, err := receiver.Sync(ctx); err != nil || rep.Received != edits {
			b.Fatalf("%+v %v", rep, err)
		}
		desk += time.Since(t0)

		t1 := time.Now()
		js := sender.JS
		if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "RAW", Subjects: []string{"raw.>"}, Replicas: Replicas}); err != nil {
			b.Fatal(err)
		}
		for _, blob := range blobs {
			if _, err := js.Publish(ctx, "raw."+blob.id, blob.sealed); err != nil {
				b.Fatal(err)
			}
		}
		consumeAll(b, js, "RAW", edits)
		raw += time.Since(t1)
		b.StopTimer()
		c.Shutdown()
		b.StartTimer()
	}
	reportAgainstRaw(b, desk, raw)
}

// BenchmarkNewDeskLoads100000 measures what a desk joining a team
// workspace of 100,000 records waits for: taking them all in from the
// stream (written, audited and sealed here), against raw JetStream
// consuming the same 100,000 messages, in the same run.
func BenchmarkNewDeskLoads100000(b *testing.B) {
	const records = 100_000
	var desk, raw time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		c := benchCluster(b)
		first, joining := desks(b, c, nil)
		recs := make([]*data.Record, records)
		for n := range recs {
			r := data.NewRecord(data.Signal)
			r.Title = fmt.Sprintf("Incident %06d near the strait", n)
			r.Values["occurred_on"], r.Values["signal_type"], r.Values["severity"] = "2026-01-01", "maritime", int64(n%11-5)
			recs[n] = r
		}
		if err := storeOf(first).InsertAll(recs); err != nil {
			b.Fatal(err)
		}
		ctx := context.Background()
		if rep, err := first.Sync(ctx); err != nil || rep.Sent != records {
			b.Fatalf("%+v %v", rep, err)
		}
		b.StartTimer()

		t0 := time.Now()
		if rep, err := joining.Sync(ctx); err != nil || rep.Received != records {
			b.Fatalf("%+v %v", rep, err)
		}
		desk += time.Since(t0)

		t1 := time.Now()
		consumeAll(b, first.JS, StreamName("ws1"), records)
		raw += time.Since(t1)
		b.StopTimer()
		c.Shutdown()
		b.StartTimer()
	}
	reportAgainstRaw(b, desk, raw)
}

// consumeAll reads n messages of a stream from its start, as raw
// JetStream does: the baseline of the benchmarks above.
func consumeAll(b *testing.B, js jetstream.JetStream, stream string, n int) {
	ctx := context.Background()
	s, err := js.Stream(ctx, stream)
	if err != nil {
		b.Fatal(err)
	}
	cons, err := s.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{})
	if err != nil {
		b.Fatal(err)
	}
	for got := 0; got < n; {
		batch, err := cons.FetchNoWait(500)
		if err != nil {
			b.Fatal(err)
		}
		for range batch.Messages() {
			got++
		}
	}
}

// benchCluster starts the three hubs one round of a benchmark runs on.
func benchCluster(b *testing.B) *hubs { return cluster(b) }

// reportAgainstRaw gives the desk's time, raw JetStream's and their ratio.
func reportAgainstRaw(b *testing.B, desk, raw time.Duration) {
	b.ReportMetric(desk.Seconds()/float64(b.N), "desk-s/op")
	b.ReportMetric(raw.Seconds()/float64(b.N), "raw-s/op")
	b.ReportMetric(float64(desk)/float64(raw), "ratio")
}
