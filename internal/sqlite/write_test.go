package sqlite

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"tiepdan/internal/deadline"
	"tiepdan/internal/petition"
	"tiepdan/internal/sqlstore"
)

func openTest(t *testing.T) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "t.db"), Options{}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func fieldCount(t *testing.T, db *DB) int {
	t.Helper()
	var n int
	if err := db.r.QueryRow(`SELECT count(*) FROM fields`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// insertField is a write adding a field of petitions.
func insertField(code string) func(context.Context, *writeTx) error {
	return func(ctx context.Context, tx *writeTx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO fields (code, name_vi, name_en) VALUES (?, ?, ?)`, code, code, code)
		return err
	}
}

// A write that panics fails alone: it is rolled back and reported as an
// error, the writes batched with it commit, and the writer goes on.
func TestPanickingWriteFailsAlone(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	before := fieldCount(t, db)
	// Run the three writes in one batch directly.
	reqs := []*writeReq{
		{ctx: ctx, fn: insertField("a"), done: make(chan error, 1)},
		{ctx: ctx, fn: func(ctx context.Context, tx *writeTx) error {
			if err := insertField("b")(ctx, tx); err != nil {
				return err
			}
			panic("boom")
		}, done: make(chan error, 1)},
		{ctx: ctx, fn: insertField("c"), done: make(chan error, 1)},
	}
	db.commit(reqs)
	errs := []error{<-reqs[0].done, <-reqs[1].done, <-reqs[2].done}
	if errs[0] != nil || errs[1] == nil || errs[2] != nil {
		t.Fatalf("results %v: want only the panicking write to fail", errs)
	}
	if got := fieldCount(t, db); got != before+2 {
		t.Errorf("%d fields, want %d: the panicking write must leave nothing", got, before+2)
	}
	if err := db.write(ctx, insertField("d")); err != nil {
		t.Errorf("the writer stopped after a panic: %v", err)
	}
}

// Writes that queue while one commits are committed together, each with
// its own outcome, and a caller that gives up while its write waits in the
// queue writes nothing.
func TestQueuedWrites(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	before := fieldCount(t, db)
	// The first write holds the lead until released.
	release, holding := make(chan struct{}), make(chan struct{})
	first := make(chan error, 1)
	go func() {
		first <- db.write(ctx, func(ctx context.Context, tx *writeTx) error {
			close(holding)
			<-release
			return insertField("first")(ctx, tx)
		})
	}()
	<-holding
	queued := func() int {
		db.writer.mu.Lock()
		defer db.writer.mu.Unlock()
		return len(db.writer.queue)
	}
	// Ten writes queue behind it, one of which fails on a duplicate.
	var wg sync.WaitGroup
	errs := make([]error, 10)
	for i := range errs {
		code := fmt.Sprint("q", i)
		if i == 9 {
			code = "q0"
		}
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = db.write(ctx, insertField(code)) }()
		for queued() < i+1 {
			time.Sleep(time.Millisecond)
		}
	}
	// One more gives up while queued.
	gaveUp, cancel := context.WithCancel(ctx)
	abandoned := make(chan error, 1)
	go func() { abandoned <- db.write(gaveUp, insertField("abandoned")) }()
	for queued() < 11 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-abandoned; !errors.Is(err, context.Canceled) {
		t.Fatalf("abandoned write: %v, want context.Canceled", err)
	}
	close(release)
	wg.Wait()
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	for i, err := range errs[:9] {
		if err != nil {
			t.Errorf("queued write %d: %v", i, err)
		}
	}
	if errs[9] == nil {
		t.Error("the duplicate write succeeded")
	}
	if got := fieldCount(t, db); got != before+10 {
		t.Errorf("%d fields, want %d", got, before+10)
	}
	var n int
	db.r.QueryRow(`SELECT count(*) FROM fields WHERE code = 'abandoned'`).Scan(&n)
	if n != 0 {
		t.Error("a write whose caller gave up was committed")
	}
	db.writer.mu.Lock()
	leading := db.writer.leading
	db.writer.mu.Unlock()
	if leading {
		t.Error("the lead was not given up with nothing queued")
	}
}

// A deadline saved from a stale read is refused, so the writer plans again
// instead of overwriting a newer state.
func TestStaleDeadlineUpdateIsRefused(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	at := time.Date(2026, 7, 7, 2, 0, 0, 0, time.UTC)
	var id int64
	err := db.write(ctx, func(ctx context.Context, tx *writeTx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO units (code, name, level, path, created_at) VALUES ('U', 'U', 'province', '/1/', ?)`, sqlstore.TS(at)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO users (username, full_name, unit_id, created_at) VALUES ('u', 'U', 1, ?)`, sqlstore.TS(at)); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO petitions (code, year, number, unit_id, channel, type, field, competence, eligibility,
			summary, received_at, state, created_by, created_at, updated_at) VALUES ('C', 2026, 1, 1, 'post', 'feedback', 'land',
			'unknown', 'unknown', 's', ?, 'forwarded', 1, ?, ?)`, sqlstore.TS(at), sqlstore.TS(at), sqlstore.TS(at))
		if err != nil {
			return err
		}
		pid, _ := res.LastInsertId()
		res, err = tx.ExecContext(ctx, `INSERT INTO deadlines (petition_id, unit_id, step, rule_set_id, rule_key, start_day, limit_n,
			count_unit, due_day, status, explanation, updated_at) VALUES (?, 1, 'forward_reply', 1, 'forward_reply', '2026-07-07', 10,
			'working_days', '2026-07-21', 'open', '{}', ?)`, pid, sqlstore.TS(at))
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	ds, err := db.LiveDeadlines(ctx, 1)
	if err != nil || len(ds) != 1 || ds[0].ID != id {
		t.Fatalf("live deadlines %v %v", ds, err)
	}
	first, stale := ds[0], ds[0]
	first.Status = "met"
	if err := db.write(ctx, func(ctx context.Context, tx *writeTx) error {
		return sqlstore.SaveDeadlines(ctx, tx, []deadline.Deadline{first}, 0, at.Add(time.Hour))
	}); err != nil {
		t.Fatalf("first update: %v", err)
	}
	stale.Status = "missed"
	err = db.write(ctx, func(ctx context.Context, tx *writeTx) error {
		return sqlstore.SaveDeadlines(ctx, tx, []deadline.Deadline{stale}, 0, at.Add(2*time.Hour))
	})
	if !errors.Is(err, petition.ErrStalePlan) {
		t.Fatalf("a stale update: %v, want refused", err)
	}
	after, _ := db.PetitionDeadlines(ctx, 1)
	if after[0].Status != "met" {
		t.Errorf("the stale update overwrote the deadline: %s", after[0].Status)
	}
}

// A commit that fails leaves nothing behind and the writer usable: a
// foreign key checked only at commit fails it, the write reports the
// failure, and the next write begins, commits and is the only one there.
func TestAWriteWhoseCommitFailsLeavesTheWriterUsable(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	before := fieldCount(t, db)
	err := db.write(ctx, func(ctx context.Context, tx *writeTx) error {
		if _, err := tx.ExecContext(ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
			return err
		}
		if err := insertField("doomed")(ctx, tx); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO units (code, name, parent_id, level, path, created_at) VALUES ('X', 'X', 999999, 'commune', '/x/', '2026-01-05')`)
		return err
	})
	if err == nil {
		t.Fatal("a commit with a dangling reference succeeded")
	}
	if !strings.Contains(err.Error(), "FOREIGN KEY") {
		t.Fatalf("the write failed before its commit: %v", err)
	}
	if err := db.write(ctx, insertField("after")); err != nil {
		t.Fatalf("the next write: %v", err)
	}
	if n := fieldCount(t, db); n != before+1 {
		t.Errorf("%d fields after one failed and one good write, want %d", n, before+1)
	}
	var doomed int
	if err := db.r.QueryRow(`SELECT count(*) FROM fields WHERE code = 'doomed'`).Scan(&doomed); err != nil || doomed != 0 {
		t.Errorf("the failed write's field is there: %d (%v)", doomed, err)
	}
}

// Row sets a write leaves open are closed when its transaction ends, as a
// *sql.Tx closed them: later writes commit, and the database closes (twice,
// the second time saying what the first said) instead of waiting forever
// for the connection.
func TestRowsAWriteLeavesOpenDoNotHoldTheWriter(t *testing.T) {
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "t.db"), Options{}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	err = db.write(ctx, func(ctx context.Context, tx *writeTx) error {
		rows, err := tx.QueryContext(ctx, `SELECT code FROM fields`)
		if err != nil {
			return err
		}
		if !rows.Next() {
			return errors.New("no fields")
		}
		return insertField("left-open")(ctx, tx)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.write(ctx, insertField("after")); err != nil {
		t.Fatalf("the next write: %v", err)
	}
	closed := make(chan error, 1)
	go func() { closed <- db.Close() }()
	select {
	case err := <-closed:
		if err != nil {
			t.Fatalf("close: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the database did not close within 10 s")
	}
	if err := db.Close(); err != nil {
		t.Errorf("closing again: %v", err)
	}
}

// A transaction left open on the writer connection (as a ROLLBACK that
// failed would leave it) is rolled back by the next write, which then
// commits, instead of every write failing from then on.
func TestATransactionLeftOpenDoesNotStopTheWriter(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	if _, err := db.wc.ExecContext(ctx, `BEGIN`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.wc.ExecContext(ctx, `INSERT INTO fields (code, name_vi, name_en) VALUES ('stray', 'stray', 'stray')`); err != nil {
		t.Fatal(err)
	}
	if err := db.write(ctx, insertField("next")); err != nil {
		t.Fatalf("the next write: %v", err)
	}
	var stray, next int
	if err := db.r.QueryRow(`SELECT count(*) FILTER (WHERE code = 'stray'), count(*) FILTER (WHERE code = 'next') FROM fields`).Scan(&stray, &next); err != nil {
		t.Fatal(err)
	}
	if stray != 0 || next != 1 {
		t.Errorf("stray %d, next %d: want the open transaction rolled back and the write committed", stray, next)
	}
}
