package postgres_test

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"tiepdan/internal/audit"
	"tiepdan/internal/citizen"
	"tiepdan/internal/petition"
	"tiepdan/internal/postgres"
)

// Two app nodes, each with its own pool on one database, record petitions
// in one unit at once: every register number is given once, with no gap,
// and the audit trail they write together stays one chain.
func TestTwoNodesNumberOneRegister(t *testing.T) {
	f := fixture(t)
	other, err := postgres.Open(context.Background(), f.URL, postgres.Options{Conns: 8}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	at := time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC)
	clock := func() time.Time { return at }
	nodes := []*petition.Service{petition.NewService(f.DB, f.DB, clock), petition.NewService(other, other, clock)}
	ctx := audit.WithWho(context.Background(), audit.Who{UserID: f.Reception.ID, Username: "reception"})
	const n = 40
	numbers := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			rec, _, err := nodes[i%2].Create(ctx, f.Reception, petition.Draft{UnitID: f.Commune.ID, Type: petition.TypeFeedback, Field: "land",
				Summary: "Phản ánh lấn chiếm hành lang đường", Complainants: []citizen.Citizen{{FullName: "Trần Văn Bình"}}}, petition.Idempotency{})
			if err != nil {
				t.Errorf("node %d: %v", i%2, err)
				return
			}
			numbers[i] = rec.Number
		})
	}
	wg.Wait()
	seen := map[string]bool{}
	for _, num := range numbers {
		if seen[num] {
			t.Errorf("register number %s given twice", num)
		}
		seen[num] = true
	}
	for i := 1; i <= n; i++ {
		if num := fmt.Sprintf("%d/2026", i); !seen[num] {
			t.Errorf("register number %s missing", num)
		}
	}
	if _, b := verify(t, f); b != nil {
		t.Errorf("the chain broke: %v", b)
	}
}
