package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/robfig/cron/v3"

	"tiepdan/internal/vntime"
)

// Scheduler runs the registry's jobs on their schedules, in Vietnam's
// time zone. A job still running when its next time comes is skipped, and
// a panic is logged instead of ending the program.
type Scheduler struct {
	cron   *cron.Cron
	runner *Runner
	log    *slog.Logger
	cancel context.CancelFunc
}

// NewScheduler schedules every job of the runner's registry that has a
// schedule.
func NewScheduler(ctx context.Context, runner *Runner, log *slog.Logger) (*Scheduler, error) {
	logger := cronLogger{log}
	c := cron.New(cron.WithLocation(vntime.Zone), cron.WithLogger(logger),
		cron.WithChain(cron.Recover(logger), cron.SkipIfStillRunning(logger)))
	ctx, cancel := context.WithCancel(ctx)
	s := &Scheduler{cron: c, runner: runner, log: log, cancel: cancel}
	for _, j := range runner.Registry().Jobs() {
		if j.Spec == "" {
			continue
		}
		name := j.Name
		if _, err := c.AddFunc(j.Spec, func() { s.run(ctx, name) }); err != nil {
			cancel()
			return nil, fmt.Errorf("jobs: schedule of %s %q: %w", name, j.Spec, err)
		}
	}
	return s, nil
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

// Start starts the schedule.
func (s *Scheduler) Start() { s.cron.Start() }

// Stop stops scheduling, cancels the jobs running and waits for them to
// return, up to ctx's deadline.
func (s *Scheduler) Stop(ctx context.Context) error {
	done := s.cron.Stop()
	s.cancel()
	select {
	case <-done.Done():
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
