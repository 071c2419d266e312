package postgres_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"testing"

	"tiepdan/internal/audit"
	"tiepdan/internal/postgres"
	"tiepdan/internal/testdb"
)

// The driver's own tests run in the PostgreSQL run only (see testdb.Main);
// the shared suites in internal/sqlite, internal/petition and internal/api
// test its behaviour against SQLite's.
func TestMain(m *testing.M) { os.Exit(testdb.Main(m)) }

// fixture is a fresh PostgreSQL fixture, or a skip in the SQLite run.
func fixture(t *testing.T) *testdb.Fixture {
	t.Helper()
	if testdb.Driver() != testdb.Postgres {
		t.Skip("PostgreSQL only")
	}
	return testdb.New(t)
}

// raw connects to the fixture's schema as someone with access to the
// server would, around the driver.
func raw(t *testing.T, f *testdb.Fixture) *sql.DB {
	t.Helper()
	db, err := postgres.Raw(f.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func exec(t *testing.T, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func verify(t *testing.T, f *testdb.Fixture) (audit.Report, *audit.Broken) {
	t.Helper()
	r, err := audit.Verify(f.DB.AuditTrail(context.Background()))
	var b *audit.Broken
	if err != nil && !errors.As(err, &b) {
		t.Fatalf("verify: %v", err)
	}
	return r, b
}
