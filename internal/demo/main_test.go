package demo_test

import (
	"os"
	"testing"

	"tiepdan/internal/testdb"
)

// The demo loads through the store interfaces: on SQLite, then again on
// PostgreSQL when a server is configured (see testdb.Main).
func TestMain(m *testing.M) { os.Exit(testdb.Main(m)) }
