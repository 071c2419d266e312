package web_test

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"tiepdan/internal/app"
	"tiepdan/internal/auth"
	"tiepdan/internal/demo"
	"tiepdan/internal/sqlite"
)

// The demo province (15 units, some 2,000 petitions) takes a while to
// load, so its screenshots are taken only when asked for with
// TIEPDAN_SCREENSHOTS: they show the pages with a realistic amount of data.
func TestBrowserScreenshotsOfTheDemoProvince(t *testing.T) {
	if os.Getenv("TIEPDAN_SCREENSHOTS") == "" {
		t.Skip("set TIEPDAN_SCREENSHOTS to a directory to take screenshots of the demo province")
	}
	ctx := tab(t)
	ctxDB := context.Background()
	db, err := sqlite.Open(ctxDB, filepath.Join(t.TempDir(), "demo.db"), sqlite.Options{}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := demo.Load(ctxDB, db, time.Now(), 1); err != nil {
		t.Fatal(err)
	}
	hash, _ := auth.HashPassword(password, 4)
	users, err := db.Users(ctxDB, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if err := db.SetPassword(ctxDB, u.ID, hash, time.Now(), ""); err != nil {
			t.Fatal(err)
		}
	}
	if err := app.DemoSchedules(ctxDB, db, time.Now, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	h, err := app.Handler(db, app.Config{}, time.Now, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	s := &site{srv: srv}
	communeCode := ""
	units, err := db.Units(ctxDB)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		if u.Level == "commune" {
			communeCode = u.Code
			break
		}
	}

	s.login(t, ctx, "leader")
	for _, p := range []struct{ name, path, sel string }{
		{"demo-dashboard", "/dashboard", "#unit-tree"},
		{"demo-schedule-public", "/schedule?unit=" + communeCode, "#public-sessions"},
		{"demo-petitions", "/petitions", "#petitions-table"},
		{"demo-petitions-search", "/petitions?q=dat+dai", "#petitions-table"},
		{"demo-petitions-overdue", "/petitions?overdue=1", "#overdue-table"},
		{"demo-reports", "/reports", "#report-table"},
		{"demo-logbook", "/reception/logbook?from=01/01/2026&to=31/12/2026", "#logbook"},
	} {
		run(t, ctx, chromedp.Navigate(srv.URL+p.path), chromedp.WaitVisible(p.sel, chromedp.ByQuery))
		shoot(t, ctx, p.name)
	}
	run(t, ctx, chromedp.Navigate(srv.URL+"/petitions?overdue=1"), chromedp.WaitVisible("#overdue-table", chromedp.ByQuery),
		chromedp.Click("#overdue-table tbody a", chromedp.ByQuery), chromedp.WaitVisible("ul.deadlines", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll("ul.deadlines details").forEach(d => d.open = true)`, nil))
	shoot(t, ctx, "demo-petition-deadlines")
	run(t, ctx, chromedp.Navigate(srv.URL+"/reception?id_number="), chromedp.WaitVisible("#visit-form", chromedp.ByQuery))
	// The admin reviews the filed petitions kept past their retention.
	run(t, ctx, chromedp.Click(`form[action="/logout"] button`, chromedp.ByQuery), chromedp.WaitVisible(`#username`, chromedp.ByQuery))
	s.login(t, ctx, "admin")
	run(t, ctx, chromedp.Navigate(srv.URL+"/admin/retention"), chromedp.WaitVisible("#retention-table", chromedp.ByQuery))
	shoot(t, ctx, "demo-retention")
}
