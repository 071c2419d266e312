package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"tiepdan/internal/api"
	"tiepdan/internal/attachment"
	"tiepdan/internal/auth"
	"tiepdan/internal/deadline"
	"tiepdan/internal/i18n"
	"tiepdan/internal/jobs"
	"tiepdan/internal/org"
	"tiepdan/internal/petition"
	"tiepdan/internal/report"
	"tiepdan/internal/sqlite"
	"tiepdan/internal/visit"
)

// handler wires the domain services over the database into the API.
func handler(db *sqlite.DB, cfg Config, cat *i18n.Catalog, bg *background, now func() time.Time, log *slog.Logger) (http.Handler, error) {
	petitions := petition.NewService(db, db, now)
	return api.New(api.Deps{
		Petitions: petitions,
		Visits:    visit.NewService(db, petitions, now),
		Deadlines: deadline.NewService(db, now),
		Org:       org.NewService(db, now),
		OrgStore:  db,
		Fields:    db,
		Citizens:  db,
		Audit:     db,
		Catalog:   cat,
		Log:       log,
		Ready:     db.Ping,
		Auth:      auth.NewService(db, now, auth.Options{}),
		Reports:   report.NewService(db, db),

		SecureCookies: cfg.SecureCookies,
		Attachments:   attachment.NewService(db, cfg.MaxUpload, now),

		Notify:    bg.notify,
		Schedule:  bg.schedule,
		Retention: bg.retention,
		JobStatus: func(ctx context.Context) ([]jobs.Status, error) { return jobs.Statuses(ctx, bg.runner.Registry(), db) },
		Now:       now,
	}), nil
}

// serve runs the HTTP server until ctx is cancelled, then lets requests in
// flight finish (up to the shutdown timeout).
func serve(ctx context.Context, db *sqlite.DB, cfg Config, env Env, log *slog.Logger) error {
	if cfg.Demo {
		isEmpty, err := empty(ctx, db)
		if err != nil {
			return err
		}
		if isEmpty {
			if err := loadDemo(ctx, db, cfg, env, log); err != nil {
				return err
			}
		} else {
			log.Info("database is not empty: demo data not loaded")
		}
	}
	if us, err := db.Users(ctx, 0); err == nil && len(us) == 0 {
		log.Warn("nobody can sign in yet: create the first administrator with " +
			"tiepdan user add --username NAME --full-name \"...\" --unit CODE --unit-name \"...\" --roles admin")
	}
	cat, err := i18n.New()
	if err != nil {
		return err
	}
	bg, err := newBackground(db, cfg, cat, env.Now, log)
	if err != nil {
		return err
	}
	h, err := handler(db, cfg, cat, bg, env.Now, log)
	if err != nil {
		return err
	}
	var sched *jobs.Scheduler
	if cfg.Jobs {
		if sched, err = jobs.NewScheduler(ctx, bg.runner, log); err != nil {
			return err
		}
		sched.Start()
		log.Info("background jobs scheduled", "jobs", bg.runner.Registry().Names())
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	log.Info("listening", "addr", ln.Addr().String(), "db", cfg.DB, "version", Version)

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		if sched != nil {
			sched.Stop(context.Background())
		}
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight", "timeout", cfg.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if sched != nil {
		if err := sched.Stop(sctx); err != nil {
			return err
		}
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}
