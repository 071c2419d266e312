package postgres

import (
	"database/sql"
	"slices"
	"testing"
)

func TestRebindNumbersPlaceholdersOutsideQuotes(t *testing.T) {
	for _, tc := range []struct {
		q, want string
		args    []any
		out     []any
	}{
		{`SELECT a FROM t WHERE b = ? AND c = ?`, `SELECT a FROM t WHERE b = $1 AND c = $2`, []any{1, 2}, []any{1, 2}},
		{`UPDATE t SET a = ?2 WHERE id = ?3 AND x = ?1`, `UPDATE t SET a = $2 WHERE id = $3 AND x = $1`, []any{1, 2, 3}, []any{1, 2, 3}},
		{`SELECT '?', 'it''s ?', x::text FROM t WHERE y = ?`, `SELECT '?', 'it''s ?', x::text FROM t WHERE y = $1`, []any{true}, []any{int64(1)}},
		{`SELECT :to, :from, :to::timestamptz, ? FROM t`, `SELECT $2, $3, $2::timestamptz, $1 FROM t`,
			[]any{sql.Named("from", "f"), 7, sql.Named("to", "t")}, []any{7, "t", "f"}},
	} {
		q, out := rebind(tc.q, tc.args)
		if q != tc.want || !slices.Equal(out, tc.out) {
			t.Errorf("%s:\n got %s %v\nwant %s %v", tc.q, q, out, tc.want, tc.out)
		}
	}
}
