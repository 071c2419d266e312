package testdb

import (
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"testing"
	"time"

	"tiepdan/internal/postgres"
)

// The drivers a package's tests run against.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// PostgresEnv names the variable holding a PostgreSQL server's URL
// (postgres://user@host:port/db): set, every package whose TestMain calls
// Main runs its tests a second time against PostgreSQL.
const PostgresEnv = "TIEPDAN_TEST_POSTGRES"

// driver is the driver New opens; Main sets it before each run, while no
// test is running.
var driver = SQLite

// runURL is the PostgreSQL run's database, created for this test binary.
var runURL string

// Main runs a package's tests once on SQLite and, when PostgresEnv names a
// server, once more on PostgreSQL, in a database created for the run and
// dropped after it; each test's fixture gets a schema of its own in it
// (creating a schema and migrating it takes a few tens of milliseconds,
// where creating and dropping a database takes over a second). Call it
// from TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(testdb.Main(m)) }
func Main(m *testing.M) int {
	code := m.Run()
	server := os.Getenv(PostgresEnv)
	if server == "" {
		fmt.Printf("testdb: %s is not set: the PostgreSQL run is skipped\n", PostgresEnv)
		return code
	}
	ctx := context.Background()
	name := "tiepdan_test_" + randomName()
	url, err := postgres.CreateDatabase(ctx, server, name)
	if err != nil {
		fmt.Fprintf(os.Stderr, "testdb: %s: %v\n", PostgresEnv, err)
		return 1
	}
	defer func() {
		dctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := postgres.DropDatabase(dctx, server, name); err != nil {
			fmt.Fprintf(os.Stderr, "testdb: %v\n", err)
		}
	}()
	fmt.Printf("testdb: running the tests again on PostgreSQL (database %s)\n", name)
	driver, runURL = Postgres, url
	defer func() { driver, runURL = SQLite, "" }()
	return max(code, m.Run())
}

// Driver is the driver this run of the tests is for.
func Driver() string { return driver }

// freshSchema creates a schema for one test in the run's database and
// drops it when the test ends.
func freshSchema(ctx context.Context, t testing.TB) (string, error) {
	if runURL == "" {
		return "", fmt.Errorf("no database for the run: call testdb.Main from TestMain")
	}
	name := "t_" + randomName()
	url, err := postgres.CreateSchema(ctx, runURL, name)
	if err != nil {
		return "", err
	}
	t.Cleanup(func() {
		if err := postgres.DropSchema(context.Background(), runURL, name); err != nil {
			t.Logf("drop schema: %v", err)
		}
	})
	return url, nil
}

// ServerURL returns a PostgreSQL server for tests that need a database of
// their own, or skips the test when none is configured.
func ServerURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(PostgresEnv)
	if u == "" {
		t.Skipf("%s is not set: no PostgreSQL server to test against", PostgresEnv)
	}
	return u
}

func randomName() string {
	b := make([]byte, 6)
	rand.Read(b)
	return fmt.Sprintf("%x", b)
}
