package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"tiepdan/internal/auth"
	"tiepdan/internal/demo"
	"tiepdan/internal/store"
)

// loadDemo loads the demo province into an empty database and, with
// --petitions N, N more petitions in bulk.
func loadDemo(ctx context.Context, db store.DB, cfg Config, env Env, log *slog.Logger) error {
	isEmpty, err := empty(ctx, db)
	if err != nil {
		return err
	}
	if isEmpty {
		start := time.Now()
		sum, err := demo.Load(ctx, db, env.Now(), 1)
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		if err := demoPasswords(ctx, db, env); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		log.Info("demo data loaded", "units", sum.Units, "users", sum.Users, "visits", sum.Visits, "petitions", sum.Petitions, "took", time.Since(start).Round(time.Millisecond))
	}
	if cfg.Petitions > 0 {
		start := time.Now()
		if err := demo.Bulk(ctx, db, db, cfg.Petitions, env.Now(), 2); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		if err := db.OptimizeSearch(ctx); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		log.Info("demo petitions generated", "petitions", cfg.Petitions, "took", time.Since(start).Round(time.Millisecond))
	}
	fmt.Fprintf(env.Stdout, "Demo users: admin, reception, handler, leader, auditor (and the officials of each unit); password: %s\n", DemoPassword)
	return nil
}

// DemoPassword is every demo user's password. Only demo data has a
// password nobody chose; the rules for new passwords do not apply to it.
const DemoPassword = "demo"

func demoPasswords(ctx context.Context, db store.DB, env Env) error {
	hash, err := auth.HashPassword(DemoPassword, auth.DefaultCost)
	if err != nil {
		return err
	}
	users, err := db.Users(ctx, 0)
	if err != nil {
		return err
	}
	for _, u := range users {
		if err := db.SetPassword(ctx, u.ID, hash, env.Now(), ""); err != nil {
			return err
		}
	}
	return nil
}
