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
		c, err := StartLocalCluster(b.TempDir(), "bench", 3)
		if err != nil {
			b.Fatal(err)
		}
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
		for _, o := range out {
			if _, err := js.Publish(ctx, "raw."+o.RecordID, o.Blob); err != nil {
				b.Fatal(err)
			}
		}
		s, _ := js.Stream(ctx, "RAW")
		cons, err := s.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{})
		if err != nil {
			b.Fatal(err)
		}
		for got := 0; got < edits; {
			batch, err := cons.FetchNoWait(500)
			if err != nil {
				b.Fatal(err)
			}
			for range batch.Messages() {
				got++
			}
		}
		raw += time.Since(t1)
		b.StopTimer()
		c.Shutdown()
		b.StartTimer()
	}
	b.ReportMetric(desk.Seconds()/float64(b.N), "desk-s/op")
	b.ReportMetric(raw.Seconds()/float64(b.N), "raw-s/op")
	b.ReportMetric(float64(desk)/float64(raw), "ratio")
}
