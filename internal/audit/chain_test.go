package audit_test

import (
	"encoding/json"
	"errors"
	"iter"
	"slices"
	"testing"
	"time"

	"tiepdan/internal/audit"
)

var at = time.Date(2026, 3, 2, 1, 30, 0, 0, time.UTC)

// chain returns n linked entries, as the store writes them.
func chain(n int) []audit.Entry {
	var out []audit.Entry
	var head audit.Head
	for i := range n {
		uid := int64(7)
		e := audit.Entry{At: at.Add(time.Duration(i) * time.Second), UserID: &uid, Username: "handler", Address: "192.0.2.10",
			Action: audit.PetitionEvent, ObjectType: "petition", ObjectID: "42",
			Before: json.RawMessage(`{"state":"received","version":1}`), After: json.RawMessage(`{"state":"accepted","version":2}`)}
		if i == 0 {
			e.UserID, e.Username, e.Address, e.Action, e.Before = nil, "", "", audit.SeedRules, nil
		}
		e.Link(head)
		head = audit.Head{ID: e.ID, Hash: e.Hash}
		out = append(out, e)
	}
	return out
}

func rows(es []audit.Entry) iter.Seq2[audit.Entry, error] {
	return func(yield func(audit.Entry, error) bool) {
		for _, e := range es {
			if !yield(e, nil) {
				return
			}
		}
	}
}

func TestAnIntactChainVerifiesAndReportsItsHead(t *testing.T) {
	es := chain(5)
	r, err := audit.Verify(rows(es))
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	if r.Rows != 5 || r.Head.ID != 5 || r.Head.Hash != es[4].Hash {
		t.Errorf("report %+v, want 5 rows and head 5 %s", r, es[4].Hash)
	}
	if es[0].PrevHash != "" || es[1].PrevHash != es[0].Hash || len(es[0].Hash) != 64 {
		t.Errorf("links: %q, %q, %q", es[0].PrevHash, es[1].PrevHash, es[0].Hash)
	}
	if r, err := audit.Verify(rows(nil)); err != nil || r.Rows != 0 || r.Head != (audit.Head{}) {
		t.Errorf("empty trail: %+v %v", r, err)
	}
}

func TestVerifyNamesTheFirstBrokenRow(t *testing.T) {
	for _, tc := range []struct {
		name   string
		tamper func([]audit.Entry) []audit.Entry
		id     int64
		reason audit.Reason
	}{
		{"a field edited", func(es []audit.Entry) []audit.Entry { es[2].Username = "leader"; return es }, 3, audit.Edited},
		{"the address edited", func(es []audit.Entry) []audit.Entry { es[3].Address = "198.51.100.1"; return es }, 4, audit.Edited},
		{"after edited", func(es []audit.Entry) []audit.Entry {
			es[2].After = json.RawMessage(`{"state":"filed","version":2}`)
			return es
		}, 3, audit.Edited},
		{"the time edited", func(es []audit.Entry) []audit.Entry { es[1].At = es[1].At.Add(-time.Hour); return es }, 2, audit.Edited},
		{"the user removed", func(es []audit.Entry) []audit.Entry { es[4].UserID = nil; return es }, 5, audit.Edited},
		{"the first row's link set", func(es []audit.Entry) []audit.Entry { es[0].PrevHash = es[4].Hash; return es }, 1, audit.Edited},
		{"a row deleted", func(es []audit.Entry) []audit.Entry { return slices.Delete(es, 2, 3) }, 3, audit.Missing},
		{"two rows deleted", func(es []audit.Entry) []audit.Entry { return slices.Delete(es, 1, 3) }, 2, audit.Missing},
		{"the first row deleted", func(es []audit.Entry) []audit.Entry { return es[1:] }, 1, audit.Missing},
		{"a row rewritten with its hash recomputed", func(es []audit.Entry) []audit.Entry {
			es[1].Username = "leader"
			es[1].Hash = es[1].Sum()
			return es
		}, 3, audit.Unlinked},
		{"a row deleted and the next relinked", func(es []audit.Entry) []audit.Entry {
			es[3].PrevHash = es[1].Hash
			es[3].Hash = es[3].Sum()
			return slices.Delete(es, 2, 3)
		}, 3, audit.Missing},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := audit.Verify(rows(tc.tamper(chain(6))))
			var b *audit.Broken
			if !errors.As(err, &b) {
				t.Fatalf("verify: %v, want a broken row", err)
			}
			if b.ID != tc.id || b.Reason != tc.reason {
				t.Errorf("broken at %d (%s), want %d (%s): %v", b.ID, b.Reason, tc.id, tc.reason, b)
			}
		})
	}
}

// Rows deleted from the end leave a whole, shorter chain: only the head
// recorded earlier shows it.
func TestTruncationShowsOnlyAgainstAnEarlierHead(t *testing.T) {
	es := chain(6)
	before, err := audit.Verify(rows(es))
	if err != nil {
		t.Fatal(err)
	}
	after, err := audit.Verify(rows(es[:4]))
	if err != nil {
		t.Fatalf("a truncated chain is still whole: %v", err)
	}
	if after.Head == before.Head {
		t.Error("the head did not change when rows were deleted from the end")
	}
}

func TestAReadErrorIsNotABrokenRow(t *testing.T) {
	es := chain(3)
	failing := func(yield func(audit.Entry, error) bool) {
		if yield(es[0], nil) {
			yield(audit.Entry{}, errors.New("disk I/O error"))
		}
	}
	r, err := audit.Verify(failing)
	var b *audit.Broken
	if err == nil || errors.As(err, &b) || r.Rows != 1 {
		t.Errorf("verify: %+v %v, want a read error after one row", r, err)
	}
}

// Moving bytes from one field to the next, or telling system work from
// user 0, gives another hash: the encoding is unambiguous.
func TestTheHashCoversEveryFieldUnambiguously(t *testing.T) {
	base := audit.Entry{ID: 1, At: at, Username: "ab", Address: "c", Action: audit.CreateUnit, ObjectType: "unit", ObjectID: "1"}
	zero := int64(0)
	variants := []func(*audit.Entry){
		func(e *audit.Entry) { e.Username, e.Address = "a", "bc" },
		func(e *audit.Entry) { e.UserID = &zero },
		func(e *audit.Entry) { e.ObjectType, e.ObjectID = "unit1", "" },
		func(e *audit.Entry) { e.Before = json.RawMessage(`{}`) },
		func(e *audit.Entry) { e.After = json.RawMessage(`{}`) },
		func(e *audit.Entry) { e.ID = 2 },
		func(e *audit.Entry) { e.PrevHash = "x" },
		func(e *audit.Entry) { e.At = e.At.Add(time.Microsecond) },
		func(e *audit.Entry) { e.Action = audit.CreateUser },
	}
	seen := map[string]int{base.Sum(): -1}
	for i, change := range variants {
		e := base
		change(&e)
		h := e.Sum()
		if j, dup := seen[h]; dup {
			t.Errorf("variant %d hashes like %d", i, j)
		}
		seen[h] = i
	}
	if e := base; e.Sum() != base.Sum() {
		t.Error("the hash is not stable")
	}
}
