package postgres_test

import (
	"fmt"
	"strings"
	"testing"

	"tiepdan/internal/audit"
)

func TestTheTrailRefusesUpdatesDeletesAndTruncation(t *testing.T) {
	f := fixture(t)
	db := raw(t, f)
	for _, q := range []string{
		`UPDATE audit_log SET username = 'x' WHERE id = 2`,
		`DELETE FROM audit_log WHERE id = 2`,
		`DELETE FROM audit_log`,
		`TRUNCATE audit_log`,
		`INSERT INTO audit_log SELECT id, at, user_id, 'x', address, action, object_type, object_id, before, after, prev_hash, hash
			FROM audit_log WHERE id = 2 ON CONFLICT (id) DO UPDATE SET username = 'x'`,
		`INSERT INTO audit_log SELECT 1, at, user_id, 'x', address, action, object_type, object_id, before, after, prev_hash, hash
			FROM audit_log WHERE id = 2`,
	} {
		if _, err := db.Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v", q, err)
		}
	}
	if _, b := verify(t, f); b != nil {
		t.Errorf("the refused changes broke the chain: %v", b)
	}
}

// With the triggers disabled, an edited row and a deleted row are found
// and named.
func TestVerifyFindsRowsEditedOrDeletedAroundTheDriver(t *testing.T) {
	f := fixture(t)
	db := raw(t, f)
	r, b := verify(t, f)
	if b != nil || r.Rows < 5 {
		t.Fatalf("the fresh trail: %+v %v", r, b)
	}
	var id int64
	if err := db.QueryRow(`SELECT id FROM audit_log WHERE action = 'create_user' AND object_id = $1`, fmt.Sprint(f.Handler.ID)).Scan(&id); err != nil {
		t.Fatal(err)
	}
	exec(t, db, `ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change`)
	exec(t, db, `UPDATE audit_log SET after = replace(after, '"handler"', '"intruder"') WHERE id = $1`, id)
	if _, b = verify(t, f); b == nil || b.ID != id || b.Reason != audit.Edited {
		t.Fatalf("after editing row %d: %v", id, b)
	}
	exec(t, db, `DELETE FROM audit_log WHERE id = $1`, id)
	if _, b = verify(t, f); b == nil || b.ID != id || b.Reason != audit.Missing {
		t.Fatalf("after deleting row %d: %v", id, b)
	}
}
