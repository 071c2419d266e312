// Package demo fills a database with a believable province, so the
// product can be shown, tried and measured without real citizens' data:
// Load writes two years of a fictional province's reception work through
// the domain services, and Bulk adds any number of petitions fast for
// benchmarks.
package demo

import (
	"context"
	"fmt"
	"time"

	"tiepdan/internal/org"
	"tiepdan/internal/petition"
	"tiepdan/internal/visit"
)

// Store is everything demo data goes through.
type Store interface {
	org.Store
	visit.Store
	petition.Store
	petition.Rules
	petition.FieldStore
}

// Summary counts what Load wrote.
type Summary struct {
	Units, Users, Visits, Petitions int
}

// years is how far back the demo's history goes.
const years = 2

// Load fills an empty database (it fails, writing nothing, if any unit
// exists) with the province of Sơn Hà: its units and officials, and two
// years up to now of visits and petitions, each moved through the state
// machine by the services as an official would, at plausible past times.
// The same seed gives the same data, apart from the random tracking codes.
func Load(ctx context.Context, st Store, now time.Time, seed int64) (Summary, error) {
	existing, err := st.Units(ctx)
	if err != nil {
		return Summary{}, fmt.Errorf("demo: list units: %w", err)
	}
	if len(existing) > 0 {
		return Summary{}, fmt.Errorf("demo: the database already has %d units; demo data loads only into an empty database", len(existing))
	}
	fields, err := activeFields(ctx, st)
	if err != nil {
		return Summary{}, err
	}
	g := newGen(seed, now, true)
	start := now.AddDate(-years, 0, 0)
	units, users, err := createProvince(ctx, st, g, start.AddDate(0, -1, 0))
	if err != nil {
		return Summary{}, fmt.Errorf("demo: %w", err)
	}
	s := newSim(ctx, st, g, units, fields, now)
	s.scheduleIntake(start)
	if err := s.run(); err != nil {
		return Summary{}, fmt.Errorf("demo: %w", err)
	}

	sum := Summary{Units: len(units), Users: users}
	vp, err := st.Visits(ctx, visit.Filter{Limit: 1})
	if err != nil {
		return sum, fmt.Errorf("demo: count visits: %w", err)
	}
	pp, err := st.Petitions(ctx, petition.Filter{Limit: 1})
	if err != nil {
		return sum, fmt.Errorf("demo: count petitions: %w", err)
	}
	sum.Visits, sum.Petitions = vp.Total, pp.Total
	return sum, nil
}

// activeFields returns the weights of the fields the database offers; an
// admin may have retired some, and petitions must not use those.
func activeFields(ctx context.Context, st petition.FieldStore) ([]weighted, error) {
	list, err := st.Fields(ctx)
	if err != nil {
		return nil, fmt.Errorf("demo: list fields: %w", err)
	}
	active := map[string]bool{}
	for _, f := range list {
		active[f.Code] = f.Active
	}
	var out []weighted
	for _, w := range fieldWeights {
		if active[w.name] {
			out = append(out, w)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("demo: none of the fields the demo writes about is active")
	}
	return out, nil
}
