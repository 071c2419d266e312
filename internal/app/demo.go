package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"tiepdan/internal/auth"
	"tiepdan/internal/demo"
	"tiepdan/internal/notify"
	"tiepdan/internal/org"
	"tiepdan/internal/schedule"
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
		if err := DemoSchedules(ctx, db, env.Now, log); err != nil {
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

// DemoSchedules gives every demo leader a reception day: the province's
// chairman the 15th of each month, each department's head the first
// Tuesday, each commune's chairman every Thursday morning, except the last
// commune's, who receives only on the 10th and the 25th and so shows the
// warning of a schedule below the legal minimum.
func DemoSchedules(ctx context.Context, db store.DB, now func() time.Time, log *slog.Logger) error {
	svc := schedule.NewService(db, notify.NewService(db, func(string, string, map[string]any) string { return "" }, now, log, nil, nil),
		func(string, map[string]any) string { return "" },
		schedule.Config{}, now, log)
	units, err := db.Units(ctx)
	if err != nil {
		return err
	}
	users, err := db.Users(ctx, 0)
	if err != nil {
		return err
	}
	var lastCommune int64
	for _, u := range units {
		if u.Level == org.LevelCommune {
			lastCommune = u.ID
		}
	}
	for _, u := range units {
		var leader *org.User
		for i := range users {
			if users[i].UnitID == u.ID && users[i].Has(org.RoleLeader) {
				leader = &users[i]
				break
			}
		}
		if leader == nil {
			continue
		}
		base := schedule.Rule{UnitID: u.ID, LeaderID: leader.ID, Start: "08:00", End: "11:00", Place: "Trụ sở tiếp công dân, " + u.Name}
		var rules []schedule.Rule
		switch {
		case u.ParentID == nil:
			rules = []schedule.Rule{{Kind: schedule.MonthlyDay, MonthDay: 15}}
		case u.ID == lastCommune:
			rules = []schedule.Rule{{Kind: schedule.MonthlyDay, MonthDay: 10}, {Kind: schedule.MonthlyDay, MonthDay: 25}}
		case u.Level == org.LevelCommune:
			rules = []schedule.Rule{{Kind: schedule.Weekly, Weekday: time.Thursday}}
		default:
			rules = []schedule.Rule{{Kind: schedule.MonthlyNth, Weekday: time.Tuesday, Nth: 1}}
		}
		for _, r := range rules {
			r.UnitID, r.LeaderID, r.Start, r.End, r.Place = base.UnitID, base.LeaderID, base.Start, base.End, base.Place
			if _, err := svc.CreateRule(ctx, r); err != nil {
				return err
			}
		}
	}
	return nil
}
