package reminder_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"tiepdan/internal/demo"
	"tiepdan/internal/i18n"
	"tiepdan/internal/notify"
	"tiepdan/internal/reminder"
	"tiepdan/internal/testdb"
)

// BenchmarkScan measures the reminder scan over 10,000 generated petitions
// two years deep, once every reminder due has gone out: what the hourly
// job costs on every run but the first (BENCHMARKS.md §4 has the 1,000,000
// petition figures).
func BenchmarkScan(b *testing.B) {
	f := testdb.New(b)
	ctx := context.Background()
	at := time.Date(2026, 7, 13, 7, 0, 0, 0, time.UTC)
	if err := demo.Bulk(ctx, f.DB, f.DB, 10_000, at, 3); err != nil {
		b.Fatal(err)
	}
	cat, err := i18n.New()
	if err != nil {
		b.Fatal(err)
	}
	clock := func() time.Time { return at }
	log := slog.New(slog.DiscardHandler)
	svc, err := reminder.NewService(f.DB, notify.NewService(f.DB, cat.Render, clock, log, nil, nil),
		func(k string, p map[string]any) string { return cat.T(i18n.VI, k, p) }, reminder.Config{}, clock, log)
	if err != nil {
		b.Fatal(err)
	}
	first, err := svc.ScanStats(ctx)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		st, err := svc.ScanStats(ctx)
		if err != nil || st.Sent != 0 || st.Scanned != first.Scanned {
			b.Fatalf("repeat scan: %+v %v (first: %+v)", st, err, first)
		}
	}
	b.ReportMetric(float64(first.Scanned), "deadlines")
}
