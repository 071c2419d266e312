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
	"tiepdan/internal/store"
	"tiepdan/internal/visit"
	"tiepdan/internal/web"
)

// Handler wires the domain services over the database into the API, under
// /api/ and the health checks, and the web pages, everywhere else.
func Handler(db store.DB, cfg Config, now func() time.Time, log *slog.Logger) (http.Handler, error) {
	cat, err := i18n.New()
	if err != nil {
		return nil, err
	}
	bg, err := newBackground(db, cfg, cat, now, log)
	if err != nil {
		return nil, err
	}
	return handler(db, cfg, cat, bg, now, log)
}

// handler is Handler with the catalog and the background services built.
func handler(db store.DB, cfg Config, cat *i18n.Catalog, bg *background, now func() time.Time, log *slog.Logger) (http.Handler, error) {
	petitions := petition.NewService(db, db, now)
	visits := visit.NewService(db, petitions, now)
	deadlines := deadline.NewService(db, now)
	orgs := org.NewService(db, now)
	accounts := auth.NewService(db, now, auth.Options{})
	reports := report.NewService(db, db)
	attachments := attachment.NewService(db, cfg.MaxUpload, now)
	jobStatus := func(ctx context.Context) ([]jobs.Status, error) {
		return jobs.Statuses(ctx, bg.runner.Registry(), bg.stores)
	}
	apiHandler := api.New(api.Deps{
		Petitions: petitions,
		Visits:    visits,
		Deadlines: deadlines,
		Org:       orgs,
		OrgStore:  db,
		Fields:    db,
		Citizens:  db,
		Audit:     db,
		Catalog:   cat,
		Log:       log,
		Ready:     db.Ping,
		Auth:      accounts,
		Reports:   reports,

		SecureCookies: cfg.SecureCookies,
		Attachments:   attachments,

		Notify:    bg.notify,
		Schedule:  bg.schedule,
		Retention: bg.retention,
		JobStatus: jobStatus,
		Now:       now,
	})
	pages, err := web.New(web.Deps{
		Petitions:     petitions,
		Visits:        visits,
		Deadlines:     deadlines,
		Org:           orgs,
		OrgStore:      db,
		Fields:        db,
		Citizens:      db,
		Audit:         db,
		Catalog:       cat,
		Log:           log,
		Auth:          accounts,
		Reports:       reports,
		Attachments:   attachments,
		Notify:        bg.notify,
		Schedule:      bg.schedule,
		Retention:     bg.retention,
		JobStatus:     jobStatus,
		Now:           now,
		SecureCookies: cfg.SecureCookies,
	})
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/api/", apiHandler)
	mux.Handle("/healthz", apiHandler)
	mux.Handle("/readyz", apiHandler)
	mux.Handle("/", pages)
	return mux, nil
}

// serve runs the HTTP server until ctx is cancelled, then lets requests in
// flight finish (up to the shutdown timeout).
func serve(ctx context.Context, db store.DB, cfg Config, env Env, log *slog.Logger) error {
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
