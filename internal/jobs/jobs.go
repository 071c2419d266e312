// Package jobs runs the background work: every job is a named
// func(ctx) error that the scheduler, the command line ("tiepdan jobs run")
// and tests call alike. When several nodes share one database, a lease row
// per job lets only one of them run it at a time.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"
)

// Job is one named piece of background work.
type Job struct {
	Name string
	// Spec is when the scheduler runs it: a cron expression in
	// Asia/Ho_Chi_Minh ("30 7 * * 1-5"), or "" to run it only by hand.
	Spec string
	// About says what it does, for "tiepdan jobs list".
	About string
	Run   func(ctx context.Context) error
}

// Registry is the set of jobs, by name.
type Registry struct {
	jobs map[string]Job
}

// NewRegistry returns a registry of the given jobs; two jobs may not share
// a name.
func NewRegistry(js ...Job) (*Registry, error) {
	r := &Registry{jobs: map[string]Job{}}
	for _, j := range js {
		if j.Name == "" || j.Run == nil {
			return nil, errors.New("jobs: a job needs a name and a function")
		}
		if _, dup := r.jobs[j.Name]; dup {
			return nil, fmt.Errorf("jobs: two jobs named %q", j.Name)
		}
		r.jobs[j.Name] = j
	}
	return r, nil
}

// Jobs returns the jobs in name order.
func (r *Registry) Jobs() []Job {
	out := make([]Job, 0, len(r.jobs))
	for _, j := range r.jobs {
		out = append(out, j)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Name < out[b].Name })
	return out
}

// Names returns the job names in order.
func (r *Registry) Names() []string {
	var out []string
	for _, j := range r.Jobs() {
		out = append(out, j.Name)
	}
	return slices.Clip(out)
}

// Job returns the job of that name.
func (r *Registry) Job(name string) (Job, bool) {
	j, ok := r.jobs[name]
	return j, ok
}

// SetSpec changes when a job runs (from the configuration); "off" or ""
// leaves it to be run by hand.
func (r *Registry) SetSpec(name, spec string) error {
	j, ok := r.jobs[name]
	if !ok {
		return fmt.Errorf("jobs: no job named %q (jobs: %v)", name, r.Names())
	}
	if spec == "off" {
		spec = ""
	}
	j.Spec = spec
	r.jobs[name] = j
	return nil
}

// Status is what the database knows of a job's last run.
type Status struct {
	Name       string     `json:"name"`
	Schedule   string     `json:"schedule,omitempty"` // this node's; "" when run by hand only
	Holder     string     `json:"holder,omitempty"`
	ExpiresAt  *time.Time `json:"lease_expires_at,omitempty"`
	StartedAt  *time.Time `json:"last_started_at,omitempty"`
	FinishedAt *time.Time `json:"last_finished_at,omitempty"`
	LastError  string     `json:"last_error,omitempty"`
}

// LeaseStore keeps one lease per job. The methods are small and their SQL
// portable: every driver implements them the same way.
type LeaseStore interface {
	// AcquireLease gives the job's lease to holder until until, when it is
	// free or expired at now. It reports whether holder got it.
	AcquireLease(ctx context.Context, name, holder string, now, until time.Time) (bool, error)
	// RenewLease extends holder's lease until until; false when it is no
	// longer theirs.
	RenewLease(ctx context.Context, name, holder string, until time.Time) (bool, error)
	// ReleaseLease ends holder's lease (if still theirs) and records how
	// the run that started at started ended.
	ReleaseLease(ctx context.Context, name, holder string, started, finished time.Time, runErr string) error
	// JobStatuses returns what is known of every job that ever ran.
	JobStatuses(ctx context.Context) ([]Status, error)
}

// Statuses returns every job of the registry with its schedule and what
// the store knows of its last run.
func Statuses(ctx context.Context, reg *Registry, leases LeaseStore) ([]Status, error) {
	st, err := leases.JobStatuses(ctx)
	if err != nil {
		return nil, err
	}
	known := map[string]Status{}
	for _, s := range st {
		known[s.Name] = s
	}
	out := make([]Status, 0, len(reg.jobs))
	for _, j := range reg.Jobs() {
		s := known[j.Name]
		s.Name, s.Schedule = j.Name, j.Spec
		out = append(out, s)
	}
	return out, nil
}
