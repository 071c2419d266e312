package sqlite_test

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"tiepdan/internal/i18n"
	"tiepdan/internal/notify"
	"tiepdan/internal/reminder"
	"tiepdan/internal/sqlite"
	"tiepdan/internal/testdb"
)

// A popular task manager's reminder job fails past 32,766 overdue tasks
// (one bound parameter per task). 33,000 overdue deadlines, written here
// straight into the tables, are each reminded exactly once (the handler
// gets them a batch to a message), and a second scan sends nothing.
func TestTheScanHandlesMoreOverdueDeadlinesThanSQLiteHasParameters(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 33,000 petitions")
	}
	f := testdb.New(t)
	db, ok := f.DB.(*sqlite.DB)
	if !ok {
		t.Skip("writes SQLite's tables directly")
	}
	ctx := context.Background()
	const n = 33_000
	if err := db.ExecForTest(ctx, `WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ?)
		INSERT INTO petitions (code, year, number, unit_id, channel, type, field, competence, eligibility, summary, received_at,
			handler_id, state, created_by, created_at, updated_at)
		SELECT 'T' || i, 2026, i, ?, 'in_person', 'feedback', 'land', 'unknown', 'unknown', 'Phản ánh số ' || i,
			'2026-05-04T02:00:00.000000Z', ?, 'received', ?, '2026-05-04T02:00:00.000000Z', '2026-05-04T02:00:00.000000Z' FROM k`,
		n, f.Commune.ID, f.Handler.ID, f.Reception.ID); err != nil {
		t.Fatal(err)
	}
	// Due over sixty days, every one before the scan's day.
	if err := db.ExecForTest(ctx, `INSERT INTO deadlines (petition_id, unit_id, step, rule_set_id, rule_key, start_day, limit_n,
			count_unit, due_day, status, explanation, updated_at)
		SELECT p.id, p.unit_id, 'process', (SELECT min(id) FROM rule_sets), 'process', '2026-05-04', 10, 'working_days',
			date('2026-05-18', '+' || (p.id % 60) || ' days'), 'open', '{}', '2026-05-04T02:00:00.000000Z' FROM petitions p`); err != nil {
		t.Fatal(err)
	}
	cat, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 7, 20, 0, 30, 0, 0, time.UTC)
	clock := func() time.Time { return at }
	log := slog.New(slog.DiscardHandler)
	notes := notify.NewService(db, cat.Render, clock, log, nil, nil)
	svc, err := reminder.NewService(db, notes, func(k string, p map[string]any) string { return cat.T(i18n.VI, k, p) },
		reminder.Config{Escalate: []int{1000}}, clock, log)
	if err != nil {
		t.Fatal(err)
	}
	st, err := svc.ScanStats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// One handler, a thousand deadlines a batch: a message per batch
	// names them, and between them they name every deadline once.
	batches := (n + 999) / 1000
	if st.Scanned != n || st.Sent != batches {
		t.Fatalf("first scan: read %d, sent %d; want %d and %d", st.Scanned, st.Sent, n, batches)
	}
	told := 0
	for before := int64(0); ; {
		page, err := notes.Inbox(ctx, f.Handler.ID, "vi", false, before, 200)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range page {
			var c int
			if _, err := fmt.Sscanf(m.Subject, "Quá hạn: %d đơn", &c); err != nil {
				t.Fatalf("%q: %v", m.Subject, err)
			}
			told += c
			before = m.ID
		}
		if len(page) < 200 {
			break
		}
	}
	if told != n {
		t.Fatalf("the handler's messages name %d deadlines, want %d", told, n)
	}
	if st, err := svc.ScanStats(ctx); err != nil || st.Sent != 0 || st.Scanned != n {
		t.Fatalf("second scan: %+v %v", st, err)
	}
}
