package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3" // the driver the tests tamper with the file through

	"tiepdan/internal/audit"
	"tiepdan/internal/citizen"
	"tiepdan/internal/fault"
	"tiepdan/internal/org"
	"tiepdan/internal/petition"
	"tiepdan/internal/testdb"
)

var now = time.Date(2026, 7, 7, 9, 0, 0, 0, time.FixedZone("ICT", 7*3600))

// file opens the fixture's database file beside the program, as someone
// with access to the server would.
func file(t *testing.T, f *testdb.Fixture) *sql.DB {
	t.Helper()
	if f.Driver != testdb.SQLite {
		t.Skip("tampers with the SQLite file; internal/postgres tests the same on PostgreSQL")
	}
	raw, err := sql.Open("sqlite3", "file:"+f.Path+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
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

// entryOf returns the id of the entry that created a user.
func entryOf(t *testing.T, db *sql.DB, u org.User) int64 {
	t.Helper()
	var id int64
	if err := db.QueryRow(`SELECT id FROM audit_log WHERE action = 'create_user' AND object_id = ?`, fmt.Sprint(u.ID)).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestTheTrailRefusesUpdatesAndDeletes(t *testing.T) {
	f := testdb.New(t)
	raw := file(t, f)
	for _, q := range []string{
		`UPDATE audit_log SET username = 'x' WHERE id = 2`,
		`DELETE FROM audit_log WHERE id = 2`,
		`DELETE FROM audit_log`,
		`INSERT OR REPLACE INTO audit_log SELECT id, at, user_id, 'x', address, action, object_type, object_id, before, after, prev_hash, hash
			FROM audit_log WHERE id = 2`,
		`INSERT INTO audit_log SELECT NULL, at, user_id, 'x', address, action, object_type, object_id, before, after, prev_hash, hash
			FROM audit_log WHERE id = 2`,
	} {
		if _, err := raw.Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v", q, err)
		}
	}
	if _, b := verify(t, f); b != nil {
		t.Errorf("the refused changes broke the chain: %v", b)
	}
}

// With the trigger dropped, a row edited in the file is found and named.
func TestVerifyFindsARowEditedInTheFile(t *testing.T) {
	f := testdb.New(t)
	raw := file(t, f)
	r, b := verify(t, f)
	if b != nil || r.Rows < 5 {
		t.Fatalf("the fresh trail: %+v %v", r, b)
	}
	id := entryOf(t, raw, f.Handler)
	exec(t, raw, `DROP TRIGGER audit_log_no_update`)
	exec(t, raw, `UPDATE audit_log SET after = replace(after, '"handler"', '"intruder"') WHERE id = ?`, id)
	if _, b = verify(t, f); b == nil || b.ID != id || b.Reason != audit.Edited {
		t.Fatalf("after editing row %d: %v", id, b)
	}
	// Recomputing the edited row's hash moves the break to the next row.
	var e audit.Entry
	for x, err := range f.DB.AuditTrail(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		if x.ID == id {
			e = x
		}
	}
	exec(t, raw, `UPDATE audit_log SET hash = ? WHERE id = ?`, e.Sum(), id)
	if _, b = verify(t, f); b == nil || b.ID != id+1 || b.Reason != audit.Unlinked {
		t.Errorf("after recomputing row %d's hash: %v", id, b)
	}
}

// With the trigger dropped, a row deleted from the file is found and named.
func TestVerifyFindsARowDeletedFromTheFile(t *testing.T) {
	f := testdb.New(t)
	raw := file(t, f)
	id := entryOf(t, raw, f.Leader)
	exec(t, raw, `DROP TRIGGER audit_log_no_delete`)
	exec(t, raw, `DELETE FROM audit_log WHERE id = ?`, id)
	r, b := verify(t, f)
	if b == nil || b.ID != id || b.Reason != audit.Missing {
		t.Fatalf("after deleting row %d: %v", id, b)
	}
	if r.Rows != id-1 {
		t.Errorf("%d rows reported intact before the break, want %d", r.Rows, id-1)
	}
}

// Writes that share a commit each add their entry; those that fail, and
// are rolled back to their savepoint, add none and leave the chain whole.
func TestConcurrentWritesKeepTheChain(t *testing.T) {
	f := testdb.New(t)
	svc := petition.NewService(f.DB, f.DB, func() time.Time { return now })
	ctx := audit.WithWho(context.Background(), audit.Who{UserID: f.Handler.ID, Username: "handler", Address: "192.0.2.7"})
	draft := func(unit int64) petition.Draft {
		return petition.Draft{UnitID: unit, Type: petition.TypeFeedback, Field: "land", Summary: "Phản ánh lấn chiếm đất công",
			Complainants: []citizen.Citizen{{FullName: "Nguyễn Văn An"}}}
	}
	before, _ := verify(t, f)
	const n = 40
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			unit := f.Province.ID
			if i%3 == 0 {
				unit = 999999 // refused inside the transaction
			}
			_, _, errs[i] = svc.Create(ctx, f.Handler, draft(unit), petition.Idempotency{})
		}()
	}
	wg.Wait()
	ok := 0
	for i, err := range errs {
		switch {
		case err == nil:
			ok++
		case i%3 != 0 || !fault.Is(err, fault.Invalid):
			t.Errorf("write %d: %v", i, err)
		}
	}
	after, b := verify(t, f)
	if b != nil {
		t.Fatalf("the chain broke: %v", b)
	}
	if got := after.Rows - before.Rows; got != int64(ok) {
		t.Errorf("%d writes succeeded, %d entries added", ok, got)
	}
	page, err := f.DB.AuditEntries(ctx, audit.Filter{Action: audit.CreatePetition, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range page.Items {
		if e.UserID == nil || *e.UserID != f.Handler.ID || e.Username != "handler" || e.Address != "192.0.2.7" || !e.At.Equal(testdb.AuditStart) {
			t.Errorf("entry %d: by %v %q from %q at %v", e.ID, e.UserID, e.Username, e.Address, e.At)
		}
	}
}

// A recorded read carries the person and address of its context; work no
// official asked for (the fixture's setup) carries none.
func TestRecordAuditStampsWhoAndWhen(t *testing.T) {
	f := testdb.New(t)
	at := time.Date(2026, 2, 3, 4, 5, 6, 789_123_456, time.UTC)
	f.SetAuditTime(at)
	ctx := audit.WithWho(context.Background(), audit.Who{UserID: f.Reception.ID, Username: "reception", Address: "2001:db8::5"})
	other := int64(999)
	e := audit.Entry{Action: audit.LookupCitizen, ObjectType: "citizen", ObjectID: "17", After: []byte(`{"found":true}`),
		UserID: &other, Username: "someone else"} // the context wins
	if err := f.DB.RecordAudit(ctx, e); err != nil {
		t.Fatal(err)
	}
	page, err := f.DB.AuditEntries(ctx, audit.Filter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	got := page.Items[0]
	if got.UserID == nil || *got.UserID != f.Reception.ID || got.Username != "reception" || got.Address != "2001:db8::5" ||
		!got.At.Equal(at.Truncate(time.Microsecond)) || got.ObjectID != "17" || string(got.After) != `{"found":true}` || got.Before != nil {
		t.Errorf("recorded %+v", got)
	}
	for _, e := range page.Items[1:] {
		if e.UserID != nil || e.Username != "" || e.Address != "" {
			t.Errorf("setup entry %d names %v %q %q", e.ID, e.UserID, e.Username, e.Address)
		}
	}
	if last := page.Items[len(page.Items)-1]; last.ID != 1 || last.Action != audit.SeedRules || last.PrevHash != "" {
		t.Errorf("the trail starts with %+v", last)
	}
	if _, b := verify(t, f); b != nil {
		t.Error(b)
	}
}
