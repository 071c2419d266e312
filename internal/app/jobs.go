package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"text/tabwriter"
	"time"

	"tiepdan/internal/i18n"
	"tiepdan/internal/jobs"
	"tiepdan/internal/notify"
	"tiepdan/internal/reminder"
	"tiepdan/internal/retention"
	"tiepdan/internal/schedule"
	"tiepdan/internal/store"
	"tiepdan/internal/vntime"
)

// background is the work done outside requests and the services it
// shares with the API.
type background struct {
	notify    *notify.Service
	reminders *reminder.Service
	schedule  *schedule.Service
	retention *retention.Service
	runner    *jobs.Runner
	stores    store.DB
}

// newBackground builds the notification, reminder and schedule services
// and the registry of jobs over them.
func newBackground(db store.DB, cfg Config, cat *i18n.Catalog, now func() time.Time, log *slog.Logger) (*background, error) {
	mailer, err := notify.NewMailer(notify.SMTP{Host: cfg.SMTP.Host, Port: cfg.SMTP.Port, Username: cfg.SMTP.Username,
		Password: cfg.SMTP.Password, From: cfg.SMTP.From, TLS: cfg.SMTP.TLS})
	if err != nil {
		return nil, err
	}
	hook, err := notify.NewWebhookSender(cfg.WebhookURL, cfg.WebhookSecret, now)
	if err != nil {
		return nil, err
	}
	b := &background{stores: db, notify: notify.NewService(db, cat.Render, now, log, mailer, hook)}
	text := func(k string, p map[string]any) string { return cat.T(i18n.VI, k, p) }
	rc := reminder.DefaultConfig()
	if cfg.ReminderWindows != nil {
		rc.Windows = cfg.ReminderWindows
	}
	if cfg.EscalateAfter != nil {
		rc.Escalate = cfg.EscalateAfter
	}
	if b.reminders, err = reminder.NewService(db, b.notify, text, rc, now, log); err != nil {
		return nil, err
	}
	b.schedule = schedule.NewService(db, b.notify, text, schedule.Config{}, now, log)
	b.retention = retention.NewService(db, now)

	reg, err := jobs.NewRegistry(
		jobs.Job{Name: "reminders", About: "deadline reminders in their windows and escalation of overdue ones", Run: func(ctx context.Context) error {
			start := time.Now()
			st, err := b.reminders.ScanStats(ctx)
			log.Info("reminders scanned", "deadlines", st.Scanned, "sent", st.Sent, "took", time.Since(start))
			return err
		}},
		jobs.Job{Name: "digest", About: "the working-day digest to each leader and handler", Run: func(ctx context.Context) error {
			n, err := b.reminders.DigestStats(ctx)
			log.Info("digests sent", "sent", n)
			return err
		}},
		jobs.Job{Name: "deliveries", About: "sends queued emails and webhook calls, retrying failures", Run: b.notify.Dispatch},
		jobs.Job{Name: "reception", About: "reception-day sessions eight weeks ahead, eve reminders, legal-minimum warnings", Run: b.schedule.Run},
	)
	if err != nil {
		return nil, err
	}
	for name, spec := range cfg.Schedules {
		if err := reg.SetSpec(name, spec); err != nil {
			return nil, err
		}
	}
	host, _ := os.Hostname()
	b.runner = jobs.NewRunner(reg, db, fmt.Sprintf("%s:%d", host, os.Getpid()), now, log)
	if cfg.JobLease > 0 {
		b.runner.TTL = cfg.JobLease
	}
	return b, nil
}

// jobsCommand is "tiepdan jobs list" and "tiepdan jobs run NAME".
func jobsCommand(ctx context.Context, db store.DB, cfg Config, env Env, log *slog.Logger) error {
	cat, err := i18n.New()
	if err != nil {
		return err
	}
	now := env.Now
	if cfg.Now != nil {
		fixed := *cfg.Now
		now = func() time.Time { return fixed }
	}
	b, err := newBackground(db, cfg, cat, now, log)
	if err != nil {
		return err
	}
	if cfg.Verb == "run" {
		return b.runner.Run(ctx, cfg.JobName)
	}
	return listJobs(ctx, b.runner.Registry(), b.stores, env.Stdout)
}

func listJobs(ctx context.Context, reg *jobs.Registry, db jobs.LeaseStore, out io.Writer) error {
	st, err := jobs.Statuses(ctx, reg, db)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "JOB\tSCHEDULE\tLAST RUN\tRESULT\tWHAT IT DOES")
	for _, s := range st {
		j, _ := reg.Job(s.Name)
		spec := s.Schedule
		if spec == "" {
			spec = "off"
		}
		when, result := "never", ""
		if s.FinishedAt != nil {
			when, result = s.FinishedAt.In(vntime.Zone).Format(time.DateTime), "ok"
			if s.LastError != "" {
				result = s.LastError
			}
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", s.Name, spec, when, result, j.About)
	}
	return w.Flush()
}
