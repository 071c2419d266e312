package sqlite

import (
	"context"
	"fmt"
	"testing"

	"tiepdan/internal/sqlstore"
)

// prepared reports whether the writer keeps q prepared.
func prepared(db *DB, q string) bool {
	db.stmts.mu.Lock()
	defer db.stmts.mu.Unlock()
	_, ok := db.stmts.stmts[q]
	return ok
}

// Statements built for lists of every length (a reminder scan's multi-row
// inserts, IN lists) do not crowd out the writer's everyday statements: a
// statement seen after hundreds of one-off ones is still prepared for its
// next use, those in steady use stay prepared, and the cache stays bounded.
func TestTheWritersStatementCacheKeepsWhatIsInUse(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	steady := `SELECT count(*) FROM fields WHERE code = ?`
	use := func(q string, args ...any) {
		t.Helper()
		err := db.write(ctx, func(ctx context.Context, tx *writeTx) error {
			var n int
			return tx.QueryRowContext(ctx, q, args...).Scan(&n)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	use(steady, "land")
	use(steady, "land")
	for n := 1; n <= 3*maxCached; n++ {
		args := make([]any, n)
		for i := range args {
			args[i] = fmt.Sprint("f", i)
		}
		use(`SELECT count(*) FROM fields WHERE code IN (`+sqlstore.Placeholders(n)+`)`, args...)
		if n%50 == 0 {
			use(steady, "land")
		}
	}
	late := `SELECT count(*) FROM fields WHERE name_en = ?`
	use(late, "Land")
	use(late, "Land")
	if !prepared(db, late) {
		t.Error("a statement seen after the one-off ones is not prepared")
	}
	if !prepared(db, steady) {
		t.Error("a statement in steady use was dropped")
	}
	db.stmts.mu.Lock()
	size := len(db.stmts.stmts)
	db.stmts.mu.Unlock()
	if size > maxCached {
		t.Errorf("%d statements kept, at most %d wanted", size, maxCached)
	}
}
