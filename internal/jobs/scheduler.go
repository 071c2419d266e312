package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"tiepdan/internal/vntime"
)

// Scheduler runs the registry's jobs on their schedules, in Vietnam's
// time zone. A job still running when its next time comes is skipped, and
// a panic is logged instead of ending the program. A job whose time came
// while no node was running (the last run recorded in the database is
// older than its last scheduled time) runs once as the scheduler starts.
type Scheduler struct {
	cron    *cron.Cron
	runner  *Runner
	log     *slog.Logger
	ctx     context.Context
	cancel  context.CancelFunc
	entries map[string]cron.EntryID
	wg      sync.WaitGroup
}

// NewScheduler schedules every job of the runner's registry that has a
// schedule.
func NewScheduler(ctx context.Context, runner *Runner, log *slog.Logger) (*Scheduler, error) {
	logger := cronLogger{log}
	c := cron.New(cron.WithLocation(vntime.Zone), cron.WithLogger(logger),
		cron.WithChain(cron.Recover(logger), cron.SkipIfStillRunning(logger)))
	ctx, cancel := context.WithCancel(ctx)
	s := &Scheduler{cron: c, runner: runner, log: log, ctx: ctx, cancel: cancel, entries: map[string]cron.EntryID{}}
	for _, j := range runner.Registry().Jobs() {
		if j.Spec == "" {
			continue
		}
		name := j.Name
		id, err := c.AddFunc(j.Spec, func() { s.run(ctx, name) })
		if err != nil {
			cancel()
			return nil, fmt.Errorf("jobs: schedule of %s %q: %w", name, j.Spec, err)
		}
		s.entries[name] = id
	}
	return s, nil
}

// catchUp runs, once, each scheduled job whose last scheduled time since
// its last recorded run has passed: the node (or every node) was down then.
// A job that never ran waits for its time.
func (s *Scheduler) catchUp() {
	st, err := s.runner.leases.JobStatuses(s.ctx)
	if err != nil {
		s.log.Error("jobs: cannot read the last runs; nothing caught up", "err", err)
		return
	}
	now := s.runner.now()
	for _, j := range st {
		id, ok := s.entries[j.Name]
		if !ok || j.StartedAt == nil {
			continue
		}
		if next := s.cron.Entry(id).Schedule.Next(j.StartedAt.In(vntime.Zone)); !next.After(now) {
			s.log.Info("job missed while down: running it now", "job", j.Name, "due", next)
			// Through the same chain as the schedule: never twice at once.
			s.cron.Entry(id).WrappedJob.Run()
		}
	}
}

func (s *Scheduler) run(ctx context.Context, name string) {
	start := time.Now()
	err := s.runner.Run(ctx, name)
	switch {
	case errors.Is(err, ErrHeld):
		s.log.Debug("job skipped: another node runs it", "job", name)
	case err != nil:
		s.log.Error("job failed", "job", name, "err", err, "took", time.Since(start))
	default:
		s.log.Info("job done", "job", name, "took", time.Since(start))
	}
}

// Start starts the schedule and catches up what was missed.
func (s *Scheduler) Start() {
	s.cron.Start()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.catchUp()
	}()
}

// Stop stops scheduling, cancels the jobs running and waits for them to
// return, up to ctx's deadline.
func (s *Scheduler) Stop(ctx context.Context) error {
	done := s.cron.Stop()
	s.cancel()
	caught := make(chan struct{})
	go func() {
		<-done.Done()
		s.wg.Wait()
		close(caught)
	}()
	select {
	case <-caught:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("jobs: still running at shutdown: %w", ctx.Err())
	}
}

// cronLogger sends cron's log to slog.
type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, kv ...any) { l.log.Debug("cron: "+msg, kv...) }
func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, append(kv, "err", err)...)
}
