package store_test

import (
	"os"
	"testing"

	"tiepdan/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.Main(m)) }
