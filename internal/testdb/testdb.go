// Package testdb gives tests a fresh database with a small unit tree and
// one official per role, on the driver the package's run is for (see Main):
// the same tests run against SQLite and PostgreSQL.
package testdb

import (
	"context"
	"log/slog"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"tiepdan/internal/org"
	"tiepdan/internal/postgres"
	"tiepdan/internal/sqlite"
	"tiepdan/internal/store"
)

// Fixture is a fresh database with a province, a department and two
// communes (one remote), and one user per role in the province.
type Fixture struct {
	DB                                   store.DB
	Driver                               string // SQLite or Postgres
	Path                                 string // the SQLite database file
	URL                                  string // the PostgreSQL database, its search_path the fixture's own schema
	Province, Department, Commune, Other org.Unit
	Reception, Handler, Leader, Admin    org.User
	Auditor                              org.User

	auditAt atomic.Int64 // the database's clock, in Unix microseconds
}

// AuditStart is the database's clock when the fixture opens it; the clock
// stands still unless a test moves it (SetAuditTime).
var AuditStart = time.Date(2026, 1, 5, 2, 0, 0, 0, time.UTC)

// SetAuditTime sets the time the database stamps audit entries with.
func (f *Fixture) SetAuditTime(t time.Time) { f.auditAt.Store(t.UnixMicro()) }

// Empty opens a fresh database on the run's driver with nothing in it but
// what the driver seeds (rule sets, holidays): no unit, no user.
func Empty(t testing.TB) store.DB {
	t.Helper()
	db, _, _ := open(t, driver, time.Now)
	return db
}

// open opens a fresh database on driver, closed when the test ends, and
// returns it with its file (SQLite) or URL (PostgreSQL).
func open(t testing.TB, driver string, clock func() time.Time) (store.DB, string, string) {
	t.Helper()
	ctx := context.Background()
	log := slog.New(slog.DiscardHandler)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("driver: %s", driver)
		}
	})
	if driver == Postgres {
		url, err := freshSchema(ctx, t)
		if err != nil {
			t.Fatalf("postgres: %v", err)
		}
		db, err := postgres.Open(ctx, url, postgres.Options{Conns: 8, Now: clock}, log)
		if err != nil {
			t.Fatalf("open database: %v", err)
		}
		t.Cleanup(func() { db.Close() })
		return db, "", url
	}
	path := filepath.Join(t.TempDir(), "test.db")
	db, err := sqlite.Open(ctx, path, sqlite.Options{Now: clock}, log)
	if err != nil {
		t.Fatalf("open database: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path, ""
}

// New opens a fresh database and seeds it: a SQLite file in t.TempDir(),
// or, in the PostgreSQL run, a schema of its own in the run's database,
// dropped when the test ends.
func New(t testing.TB) *Fixture {
	t.Helper()
	return NewOn(t, driver)
}

// NewOn is New on a driver named: a test that compares the drivers opens
// one of each (PostgreSQL only in the PostgreSQL run).
func NewOn(t testing.TB, driver string) *Fixture {
	t.Helper()
	ctx := context.Background()
	f := &Fixture{Driver: driver}
	f.SetAuditTime(AuditStart)
	clock := func() time.Time { return time.UnixMicro(f.auditAt.Load()).UTC() }
	f.DB, f.Path, f.URL = open(t, driver, clock)
	svc := org.NewService(f.DB, func() time.Time { return time.Date(2026, 1, 5, 1, 0, 0, 0, time.UTC) })
	unit := func(code, name string, parent *org.Unit, level org.Level, remote bool) org.Unit {
		u := org.Unit{Code: code, Name: name, Level: level, RemoteArea: remote}
		if parent != nil {
			u.ParentID = &parent.ID
		}
		out, err := svc.CreateUnit(ctx, u)
		if err != nil {
			t.Fatalf("create unit %s: %v", code, err)
		}
		return *out
	}
	f.Province = unit("SH", "UBND tỉnh Sơn Hà", nil, org.LevelProvince, false)
	f.Department = unit("SH-TTR", "Thanh tra tỉnh", &f.Province, org.LevelDepartment, false)
	f.Commune = unit("SH-XA", "UBND xã Tân An", &f.Province, org.LevelCommune, true)
	f.Other = unit("SH-PB", "UBND phường Bắc Sơn", &f.Province, org.LevelCommune, false)
	user := func(name string, role org.Role) org.User {
		u, err := svc.CreateUser(ctx, org.User{Username: name, FullName: "Cán bộ " + name, UnitID: f.Province.ID, Roles: []org.Role{role}})
		if err != nil {
			t.Fatalf("create user %s: %v", name, err)
		}
		return *u
	}
	f.Reception = user("reception", org.RoleReception)
	f.Handler = user("handler", org.RoleHandler)
	f.Leader = user("leader", org.RoleLeader)
	f.Admin = user("admin", org.RoleAdmin)
	f.Auditor = user("auditor", org.RoleAuditor)
	return f
}
