package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// ErrHeld is returned when another node holds the job's lease: it is
// running the job now.
var ErrHeld = errors.New("jobs: another node is running this job")

// Runner runs jobs under their lease.
type Runner struct {
	reg    *Registry
	leases LeaseStore
	holder string // this node, as it appears in the lease table
	now    func() time.Time
	log    *slog.Logger
	// TTL is how long a lease lasts without renewal; a running job renews
	// it every TTL/3, so a node that dies frees its jobs within TTL.
	TTL time.Duration
}

// NewRunner returns a runner for the registry's jobs; holder names this
// node (host and process), now is the clock leases are dated with.
func NewRunner(reg *Registry, leases LeaseStore, holder string, now func() time.Time, log *slog.Logger) *Runner {
	return &Runner{reg: reg, leases: leases, holder: holder, now: now, log: log, TTL: time.Minute}
}

// Registry returns the jobs the runner runs.
func (r *Runner) Registry() *Registry { return r.reg }

// Run runs the named job now, if no other node is running it. While it
// runs its lease is renewed; should a renewal find the lease taken (this
// node stalled beyond the TTL), the job's context is cancelled.
func (r *Runner) Run(ctx context.Context, name string) error {
	j, ok := r.reg.Job(name)
	if !ok {
		return fmt.Errorf("jobs: no job named %q (jobs: %v)", name, r.reg.Names())
	}
	started := r.now()
	got, err := r.leases.AcquireLease(ctx, name, r.holder, started, started.Add(r.TTL))
	if err != nil {
		return fmt.Errorf("jobs: lease %s: %w", name, err)
	}
	if !got {
		return ErrHeld
	}
	jctx, cancel := context.WithCancel(ctx)
	defer cancel()
	renewed := make(chan struct{})
	go func() {
		defer close(renewed)
		t := time.NewTicker(r.TTL / 3)
		defer t.Stop()
		for {
			select {
			case <-jctx.Done():
				return
			case <-t.C:
				if ok, err := r.leases.RenewLease(jctx, name, r.holder, r.now().Add(r.TTL)); err == nil && !ok {
					r.log.Error("job lease lost: stopping the job", "job", name)
					cancel()
					return
				}
			}
		}
	}()
	runErr := r.call(jctx, j)
	cancel()
	<-renewed
	msg := ""
	if runErr != nil {
		msg = runErr.Error()
	}
	// The run is over whatever ctx says: record it.
	if err := r.leases.ReleaseLease(context.WithoutCancel(ctx), name, r.holder, started, r.now(), msg); err != nil {
		r.log.Error("job lease not released", "job", name, "err", err)
	}
	return runErr
}

// call runs a job, turning a panic into its error.
func (r *Runner) call(ctx context.Context, j Job) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("jobs: %s panicked: %v", j.Name, p)
		}
	}()
	return j.Run(ctx)
}
