package jobs_test

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"tiepdan/internal/jobs"
	"tiepdan/internal/postgres"
	"tiepdan/internal/sqlite"
	"tiepdan/internal/store"
	"tiepdan/internal/testdb"
)

var t0 = time.Date(2026, 7, 7, 1, 0, 0, 0, time.UTC)

func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

// second opens the fixture's database again, as another node would: its
// file, or its PostgreSQL schema through a pool of its own.
func second(t *testing.T, f *testdb.Fixture) store.DB {
	t.Helper()
	var db store.DB
	var err error
	if f.Driver == testdb.Postgres {
		db, err = postgres.Open(context.Background(), f.URL, postgres.Options{}, quiet())
	} else {
		db, err = sqlite.Open(context.Background(), f.Path, sqlite.Options{}, quiet())
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestTwoNodesNeverRunTheSameJobAtOnce(t *testing.T) {
	f := testdb.New(t)
	var running, most, runs atomic.Int32
	job := jobs.Job{Name: "reminders", Run: func(ctx context.Context) error {
		n := running.Add(1)
		defer running.Add(-1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		runs.Add(1)
		time.Sleep(20 * time.Millisecond)
		return nil
	}}
	clock := func() time.Time { return t0 }
	var runners []*jobs.Runner
	for i, db := range []store.DB{f.DB, second(t, f)} {
		reg, err := jobs.NewRegistry(job)
		if err != nil {
			t.Fatal(err)
		}
		runners = append(runners, jobs.NewRunner(reg, db, []string{"node-a", "node-b"}[i], clock, quiet()))
	}
	var wg sync.WaitGroup
	var held atomic.Int32
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := runners[i%2].Run(context.Background(), "reminders")
			if errors.Is(err, jobs.ErrHeld) {
				held.Add(1)
			} else if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if most.Load() != 1 {
		t.Errorf("%d runs of the job at once, want 1", most.Load())
	}
	if runs.Load() == 0 || held.Load() == 0 || runs.Load()+held.Load() != 20 {
		t.Errorf("%d runs and %d refusals of 20 calls; want some of each", runs.Load(), held.Load())
	}
}

func TestAnExpiredLeaseIsTakenOver(t *testing.T) {
	f := testdb.New(t)
	ctx := context.Background()
	// Node A took the lease and died without releasing it.
	if ok, err := f.DB.AcquireLease(ctx, "digest", "node-a", t0, t0.Add(time.Minute)); err != nil || !ok {
		t.Fatalf("node A: %v %v", ok, err)
	}
	ran := 0
	reg, _ := jobs.NewRegistry(jobs.Job{Name: "digest", Run: func(context.Context) error { ran++; return nil }})
	at := t0.Add(30 * time.Second)
	b := jobs.NewRunner(reg, second(t, f), "node-b", func() time.Time { return at }, quiet())
	if err := b.Run(ctx, "digest"); !errors.Is(err, jobs.ErrHeld) {
		t.Fatalf("while A's lease runs: %v, want ErrHeld", err)
	}
	at = t0.Add(61 * time.Second)
	if err := b.Run(ctx, "digest"); err != nil {
		t.Fatalf("after A's lease expired: %v", err)
	}
	if ran != 1 {
		t.Fatalf("ran %d times, want 1", ran)
	}
	st, err := f.DB.JobStatuses(ctx)
	if err != nil || len(st) != 1 || st[0].Holder != "" || st[0].FinishedAt == nil || st[0].LastError != "" {
		t.Fatalf("status after the run: %+v %v", st, err)
	}
}

func TestAFailingOrPanickingJobIsRecordedAndTheNextRunProceeds(t *testing.T) {
	f := testdb.New(t)
	calls := 0
	reg, _ := jobs.NewRegistry(jobs.Job{Name: "deliveries", Run: func(context.Context) error {
		calls++
		if calls == 1 {
			panic("boom")
		}
		return errors.New("smtp down")
	}})
	r := jobs.NewRunner(reg, f.DB, "node-a", func() time.Time { return t0 }, quiet())
	if err := r.Run(context.Background(), "deliveries"); err == nil {
		t.Fatal("a panic was not reported")
	}
	if err := r.Run(context.Background(), "deliveries"); err == nil || err.Error() != "smtp down" {
		t.Fatalf("second run: %v", err)
	}
	st, _ := f.DB.JobStatuses(context.Background())
	if len(st) != 1 || st[0].LastError != "smtp down" {
		t.Fatalf("status: %+v", st)
	}
}

func TestTheSchedulerRunsJobsAndStopsWaitingForThem(t *testing.T) {
	f := testdb.New(t)
	started := make(chan struct{}, 10)
	var stopped atomic.Bool
	reg, _ := jobs.NewRegistry(jobs.Job{Name: "tick", Spec: "@every 1s", Run: func(ctx context.Context) error {
		started <- struct{}{}
		<-ctx.Done()
		time.Sleep(10 * time.Millisecond)
		stopped.Store(true)
		return ctx.Err()
	}})
	r := jobs.NewRunner(reg, f.DB, "node-a", time.Now, quiet())
	s, err := jobs.NewScheduler(context.Background(), r, quiet())
	if err != nil {
		t.Fatal(err)
	}
	s.Start()
	select {
	case <-started:
	case <-time.After(5 * time.Second):
		t.Fatal("the job never started")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if !stopped.Load() {
		t.Fatal("Stop returned before the running job did")
	}
}

func TestABadScheduleIsRefused(t *testing.T) {
	reg, _ := jobs.NewRegistry(jobs.Job{Name: "x", Spec: "every tuesday", Run: func(context.Context) error { return nil }})
	if _, err := jobs.NewScheduler(context.Background(), jobs.NewRunner(reg, nil, "n", time.Now, quiet()), quiet()); err == nil {
		t.Fatal("accepted an unreadable schedule")
	}
}

func TestALongJobKeepsItsLeaseByRenewingIt(t *testing.T) {
	f := testdb.New(t)
	release := make(chan struct{})
	started := make(chan struct{})
	reg, _ := jobs.NewRegistry(jobs.Job{Name: "reception", Run: func(ctx context.Context) error {
		close(started)
		<-release
		return nil
	}})
	a := jobs.NewRunner(reg, f.DB, "node-a", time.Now, quiet())
	a.TTL = 300 * time.Millisecond
	done := make(chan error, 1)
	go func() { done <- a.Run(context.Background(), "reception") }()
	<-started
	b := jobs.NewRunner(reg, second(t, f), "node-b", time.Now, quiet())
	// Three lease lengths later node A still runs it: B must not start.
	deadline := time.Now().Add(3 * a.TTL)
	for time.Now().Before(deadline) {
		if err := b.Run(context.Background(), "reception"); !errors.Is(err, jobs.ErrHeld) {
			t.Fatalf("node B ran the job while A was running it: %v", err)
		}
		time.Sleep(15 * time.Millisecond)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestAJobMissedWhileEveryNodeWasDownRunsWhenTheSchedulerStarts(t *testing.T) {
	f := testdb.New(t)
	ctx := context.Background()
	// The digest last ran at 07:30 on Friday 10/7; the server was down from
	// then until 09:00 on Monday 13/7, over Monday's 07:30.
	friday := time.Date(2026, 7, 10, 0, 30, 0, 0, time.UTC)
	if ok, err := f.DB.AcquireLease(ctx, "digest", "old", friday, friday.Add(time.Minute)); err != nil || !ok {
		t.Fatal(ok, err)
	}
	if err := f.DB.ReleaseLease(ctx, "digest", "old", friday, friday.Add(time.Second), ""); err != nil {
		t.Fatal(err)
	}
	ran := make(chan struct{}, 10)
	job := func(name string) jobs.Job {
		return jobs.Job{Name: name, Spec: "30 7 * * 1-5", Run: func(context.Context) error { ran <- struct{}{}; return nil }}
	}
	for _, c := range []struct {
		now  time.Time
		runs int
	}{
		{time.Date(2026, 7, 13, 2, 0, 0, 0, time.UTC), 1}, // Monday 09:00: Monday's 07:30 was missed
		{time.Date(2026, 7, 13, 2, 0, 0, 0, time.UTC), 0}, // it has run now: nothing more
	} {
		reg, _ := jobs.NewRegistry(job("digest"), job("reception")) // reception never ran: it waits for its time
		r := jobs.NewRunner(reg, f.DB, "node-a", func() time.Time { return c.now }, quiet())
		s, err := jobs.NewScheduler(ctx, r, quiet())
		if err != nil {
			t.Fatal(err)
		}
		s.Start()
		for range c.runs {
			select {
			case <-ran:
			case <-time.After(5 * time.Second):
				t.Fatalf("at %s the missed job did not run", c.now)
			}
		}
		time.Sleep(100 * time.Millisecond) // room for a run that should not happen
		stop, cancel := context.WithTimeout(ctx, 5*time.Second)
		if err := s.Stop(stop); err != nil {
			t.Fatal(err)
		}
		cancel()
		if len(ran) != 0 {
			t.Fatalf("at %s: %d runs more than the %d expected", c.now, len(ran), c.runs)
		}
	}
}
