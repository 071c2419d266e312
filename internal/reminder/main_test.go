package reminder_test

import (
	"os"
	"testing"

	"tiepdan/internal/testdb"
)

// The suite runs on SQLite, then again on PostgreSQL when a server is
// configured (see testdb.Main).
func TestMain(m *testing.M) { os.Exit(testdb.Main(m)) }
