// Package transfer moves a whole database from one driver to the other
// (tiepdan copy): every table, row for row with its ids, so the audit
// trail's chain and every reference hold on the other side; then checks
// each table's row count and checksum on both sides.
package transfer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"time"
)

// Table is a table as the copy reads it: rows in key order.
type Table struct {
	Name string
	Key  string // ORDER BY: the rows' order on both sides
	// Where, when set, limits the rows copied and checked (the search
	// mark is the target's own: its index is written again there).
	Where string
}

// Tables are the tables copied, parents before the tables that refer to
// them. petition_search is not copied: the target indexes its petitions
// again. A table of the source missing here stops the copy.
var Tables = []Table{
	{Name: "units", Key: "id"},
	{Name: "users", Key: "id"},
	{Name: "user_roles", Key: "user_id, role"},
	{Name: "fields", Key: "code"},
	{Name: "citizens", Key: "id"},
	// Before visits, which name the session they were logged at.
	{Name: "reception_rules", Key: "id"},
	{Name: "reception_sessions", Key: "id"},
	{Name: "visits", Key: "id"},
	{Name: "visit_representatives", Key: "visit_id, position"},
	{Name: "petitions", Key: "id"},
	{Name: "petition_complainants", Key: "petition_id, position"},
	{Name: "petition_history", Key: "id"},
	{Name: "idempotency_keys", Key: "actor_id, key"},
	{Name: "holidays", Key: "id"},
	{Name: "rule_sets", Key: "id"},
	{Name: "rule_values", Key: "rule_set_id, key"},
	{Name: "rule_changes", Key: "id"},
	{Name: "revisions", Key: "name", Where: "name <> 'search'"},
	{Name: "deadlines", Key: "id"},
	{Name: "sessions", Key: "id"},
	{Name: "api_tokens", Key: "id"},
	{Name: "audit_log", Key: "id"},
	{Name: "attachments", Key: "id"},
	{Name: "protected_parties", Key: "petition_id, position"},
	{Name: "petition_access", Key: "petition_id, user_id"},
	{Name: "job_leases", Key: "name"},
	{Name: "notifications", Key: "id"},
	{Name: "deliveries", Key: "id"},
	{Name: "sent_reminders", Key: "topic, object_id, step, user_id"},
}

// NotCopied are tables a source may hold that are not copied.
var NotCopied = []string{"petition_search", "goose_db_version"}

// Source is a database read table by table.
type Source interface {
	// TableNames lists the source's tables (not the driver's internals).
	TableNames(ctx context.Context) ([]string, error)
	// Rows yields a table's rows in key order, columns as named.
	Rows(ctx context.Context, t Table, columns []string) iter.Seq2[[]any, error]
}

// Target is an empty, migrated database loaded in one transaction.
type Target interface {
	Source
	// Columns lists a table's columns as the target stores them.
	Columns(ctx context.Context, table string) ([]string, error)
	// Load writes every table from src in one transaction.
	Load(ctx context.Context, tables []Table, columns map[string][]string, src Source) error
}

// Check is one table's count and checksum on each side.
type Check struct {
	Table                string
	SourceRows           int64
	TargetRows           int64
	SourceSum, TargetSum string
}

// OK reports whether both sides hold the same rows.
func (c Check) OK() bool { return c.SourceRows == c.TargetRows && c.SourceSum == c.TargetSum }

// Copy moves every table from src into the empty dst, then checks them.
func Copy(ctx context.Context, src Source, dst Target) ([]Check, error) {
	names, err := src.TableNames(ctx)
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		known := slices.Contains(NotCopied, n) || slices.ContainsFunc(Tables, func(t Table) bool { return t.Name == n })
		if !known {
			return nil, fmt.Errorf("transfer: the source has a table %q this program does not know how to copy", n)
		}
	}
	columns := map[string][]string{}
	for _, t := range Tables {
		if columns[t.Name], err = dst.Columns(ctx, t.Name); err != nil {
			return nil, err
		}
	}
	if err := dst.Load(ctx, Tables, columns, src); err != nil {
		return nil, err
	}
	return Verify(ctx, src, dst, columns)
}

// Verify counts and checksums every table on both sides.
func Verify(ctx context.Context, src, dst Source, columns map[string][]string) ([]Check, error) {
	var out []Check
	for _, t := range Tables {
		c := Check{Table: t.Name}
		var err error
		if c.SourceRows, c.SourceSum, err = Sum(ctx, src, t, columns[t.Name]); err != nil {
			return out, err
		}
		if c.TargetRows, c.TargetSum, err = Sum(ctx, dst, t, columns[t.Name]); err != nil {
			return out, err
		}
		out = append(out, c)
	}
	return out, nil
}

// Sum counts a table's rows and hashes them, each value in a form both
// drivers give alike (instants in UTC to the microsecond, integers in
// decimal, bytes in hex).
func Sum(ctx context.Context, s Source, t Table, columns []string) (int64, string, error) {
	h := sha256.New()
	var n int64
	for row, err := range s.Rows(ctx, t, columns) {
		if err != nil {
			return 0, "", fmt.Errorf("transfer: %s: %w", t.Name, err)
		}
		for _, v := range row {
			h.Write([]byte(canonical(v)))
			h.Write([]byte{0})
		}
		h.Write([]byte{'\n'})
		n++
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}

func canonical(v any) string {
	switch x := v.(type) {
	case nil:
		return "\x01NULL"
	case time.Time:
		return x.UTC().Truncate(time.Microsecond).Format("2006-01-02T15:04:05.000000Z")
	case int64:
		return strconv.FormatInt(x, 10)
	case int32:
		return strconv.FormatInt(int64(x), 10)
	case int:
		return strconv.Itoa(x)
	case bool:
		if x {
			return "1"
		}
		return "0"
	case []byte:
		return hex.EncodeToString(x)
	case string:
		return x
	}
	return fmt.Sprintf("%T:%v", v, v)
}
