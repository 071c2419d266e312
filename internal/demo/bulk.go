package demo

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"tiepdan/internal/deadline"
	"tiepdan/internal/org"
	"tiepdan/internal/petition"
)

// BulkStore writes generated petitions fast, bypassing per-petition
// transactions.
type BulkStore interface {
	BulkInsertPetitions(ctx context.Context, rows []petition.BulkRow) error
}

// bulkBatch rows go in one transaction: large enough that commits cost
// nothing, small enough that a batch stays a few tens of megabytes.
const bulkBatch = 10_000

// Bulk adds n petitions received over the two years up to now, for
// benchmarks: spread over working hours, more in communes than
// elsewhere, old ones mostly closed and recent ones mostly open. It needs
// units and users; on a database without units it first runs Load with
// the same seed, so one call gives a complete demo database. It works on
// any deployment's units, not only the demo's.
//
// Rows skip what only the services can make consistently: visits,
// forwarded copies inside the deployment (forwards go to outside bodies),
// duplicates and second rounds. Memory stays bounded: one batch is
// generated while the previous one is written.
func Bulk(ctx context.Context, st Store, bulk BulkStore, n int, now time.Time, seed int64) error {
	if n <= 0 {
		return nil
	}
	units, err := st.Units(ctx)
	if err != nil {
		return fmt.Errorf("demo: list units: %w", err)
	}
	if len(units) == 0 {
		if _, err := Load(ctx, st, now, seed); err != nil {
			return err
		}
		if units, err = st.Units(ctx); err != nil {
			return fmt.Errorf("demo: list units: %w", err)
		}
	}
	users, err := st.Users(ctx, 0)
	if err != nil {
		return fmt.Errorf("demo: list users: %w", err)
	}
	fields, err := activeFields(ctx, st)
	if err != nil {
		return err
	}
	b, err := newBulkGen(newGen(seed, now, false), units, users, fields)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if b.planner, err = petition.NewService(st, st, func() time.Time { return now }).Planner(ctx); err != nil {
		return fmt.Errorf("demo: deadline rules: %w", err)
	}

	// Generate on one goroutine while the store writes on this one: the
	// writes are the slower part, and the text then costs no wall time.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []petition.BulkRow, 1)
	generated := make(chan error, 1)
	go func() {
		defer close(batches)
		generated <- b.generate(ctx, n, batches)
	}()
	written := 0
	var writeErr error
	for rows := range batches {
		if writeErr != nil {
			continue // drain, so the generator can finish
		}
		if writeErr = bulk.BulkInsertPetitions(ctx, rows); writeErr != nil {
			cancel()
			continue
		}
		written += len(rows)
	}
	if writeErr != nil {
		return fmt.Errorf("demo: bulk insert after %d rows: %w", written, writeErr)
	}
	if err := <-generated; err != nil {
		return fmt.Errorf("demo: generate petitions: %w", err)
	}
	if written != n {
		return fmt.Errorf("demo: wrote %d petitions of %d", written, n)
	}
	return nil
}

// bulkUnit is a unit of the deployment with who acts for it.
type bulkUnit struct {
	org.Unit
	place  unitSpec
	suffix string
	// fields a demo department deals with, weighted; nil for any.
	fields                     []weighted
	reception, handler, leader int64
	weight                     int
}

type bulkGen struct {
	g        *gen
	units    []bulkUnit
	total    int // of the units' weights
	communes []unitSpec
	fields   []weighted
	topics   map[string][]*topic
	planner  *deadline.Planner
}

func newBulkGen(g *gen, units []org.Unit, users []org.User, fields []weighted) (*bulkGen, error) {
	b := &bulkGen{g: g, fields: fields, topics: topicsByField()}
	byID := map[int64]org.Unit{}
	for _, u := range units {
		byID[u.ID] = u
	}
	// Who acts for a unit: its own official with the role, else the
	// nearest one above it, else anyone.
	holder := func(u org.Unit, r org.Role) int64 {
		for at, ok := u, true; ok; at, ok = parent(byID, at) {
			for _, x := range users {
				if x.UnitID == at.ID && x.Has(r) && x.Active {
					return x.ID
				}
			}
		}
		return 0
	}
	var places []unitSpec
	for _, u := range units {
		if u.Level == org.LevelCommune {
			places = append(places, placeOf(u))
		}
	}
	if len(places) == 0 {
		places = []unitSpec{communeSpecs[0]}
	}
	for _, u := range units {
		bu := bulkUnit{Unit: u, suffix: "UBND", weight: bulkWeight(u)}
		if s, ok := demoSpec(u.Code); ok {
			bu.suffix = s.suffix
			for _, w := range fields {
				if slices.Contains(s.fields, w.name) {
					bu.fields = append(bu.fields, w)
				}
			}
		}
		bu.reception, bu.handler, bu.leader = holder(u, org.RoleReception), holder(u, org.RoleHandler), holder(u, org.RoleLeader)
		if bu.reception == 0 || bu.handler == 0 {
			if len(users) == 0 {
				return nil, fmt.Errorf("bulk petitions need users; the database has none")
			}
			bu.reception, bu.handler = orID(bu.reception, users[0].ID), orID(bu.handler, users[0].ID)
		}
		bu.leader = orID(bu.leader, bu.handler)
		if u.Level == org.LevelCommune {
			bu.place = placeOf(u) // elsewhere drawn per petition from the communes
		}
		b.units = append(b.units, bu)
		b.total += bu.weight
	}
	if b.total == 0 {
		return nil, fmt.Errorf("bulk petitions need units")
	}
	b.communes = places
	return b, nil
}

// orID is id, or fallback for none.
func orID(v, fallback int64) int64 {
	if v != 0 {
		return v
	}
	return fallback
}

func parent(byID map[int64]org.Unit, u org.Unit) (org.Unit, bool) {
	if u.ParentID == nil {
		return org.Unit{}, false
	}
	p, ok := byID[*u.ParentID]
	return p, ok
}

// placeOf is the demo's description of a commune, or one made from the
// unit's name for communes the demo did not create.
func placeOf(u org.Unit) unitSpec {
	if s, ok := demoSpec(u.Code); ok && s.level == org.LevelCommune {
		return s
	}
	return unitSpec{code: u.Code, place: lowerFirst(u.Name), ward: strings.HasPrefix(u.Name, "Phường"), hamlets: genericHamlets}
}

func demoSpec(code string) (unitSpec, bool) {
	all := append(append([]unitSpec{provinceSpec}, departmentSpecs...), communeSpecs...)
	i := slices.IndexFunc(all, func(s unitSpec) bool { return s.code == code })
	if i < 0 {
		return unitSpec{}, false
	}
	return all[i], true
}

// bulkWeight is a unit's share of petitions: communes get most, as they
// do since the 2025 reform put most matters at the commune.
func bulkWeight(u org.Unit) int {
	switch u.Level {
	case org.LevelProvince:
		return 25
	case org.LevelDepartment:
		return 6
	case org.LevelCommune:
		if u.RemoteArea {
			return 5
		}
		return 10
	}
	return 3
}
