// Package testdb gives tests a fresh database with a small unit tree and
// one official per role.
package testdb

import (
	"context"
	"log/slog"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"tiepdan/internal/org"
	"tiepdan/internal/sqlite"
)

// Fixture is a fresh database with a province, a department and two
// communes (one remote), and one user per role in the province.
type Fixture struct {
	DB                                   *sqlite.DB
	Path                                 string // the database file
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

// New opens a fresh SQLite database in t.TempDir() and seeds it.
func New(t testing.TB) *Fixture {
	t.Helper()
	ctx := context.Background()
	f := &Fixture{Path: filepath.Join(t.TempDir(), "test.db")}
	f.SetAuditTime(AuditStart)
	opts := sqlite.Options{Now: func() time.Time { return time.UnixMicro(f.auditAt.Load()).UTC() }}
	db, err := sqlite.Open(ctx, f.Path, opts, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("open database: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	f.DB = db
	svc := org.NewService(db, func() time.Time { return time.Date(2026, 1, 5, 1, 0, 0, 0, time.UTC) })
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
