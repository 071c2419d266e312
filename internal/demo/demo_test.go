package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"tiepdan/internal/audit"
	"tiepdan/internal/calendar"
	"tiepdan/internal/citizen"
	"tiepdan/internal/demo"
	"tiepdan/internal/org"
	"tiepdan/internal/petition"
	"tiepdan/internal/report"
	"tiepdan/internal/store"
	"tiepdan/internal/testdb"
	"tiepdan/internal/visit"
	"tiepdan/internal/vntime"
)

// now is a Friday morning in Vietnam, after the 2026 rule changes.
var now = time.Date(2026, 11, 20, 10, 0, 0, 0, vntime.Zone)

func open(t testing.TB) store.DB {
	t.Helper()
	return testdb.Empty(t)
}

// counts is how much a database holds.
type counts struct{ units, users, visits, petitions int }

func count(t *testing.T, db store.DB) counts {
	t.Helper()
	ctx := context.Background()
	units, err := db.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	users, err := db.Users(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	vp, err := db.Visits(ctx, visit.Filter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	pp, err := db.Petitions(ctx, petition.Filter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	return counts{len(units), len(users), vp.Total, pp.Total}
}

// Load is slow enough (a few thousand commits) that the checks share one
// loaded database; they run in order and only the last ones write.
func TestLoad(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	start := time.Now()
	sum, err := demo.Load(ctx, db, now, 1)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	t.Logf("loaded %+v in %v", sum, time.Since(start).Round(time.Millisecond))

	t.Run("summary matches the database and the sizes asked for", func(t *testing.T) {
		c := count(t, db)
		if sum.Units != c.units || sum.Users != c.users || sum.Visits != c.visits || sum.Petitions != c.petitions {
			t.Errorf("summary %+v, database has %+v", sum, c)
		}
		if sum.Units < 15 || sum.Petitions < 1500 || sum.Petitions > 3000 || sum.Visits < 800 {
			t.Errorf("summary %+v: want ≥15 units, 1,500–3,000 petitions, ≥800 visits", sum)
		}
	})

	t.Run("the README's users exist with their roles", func(t *testing.T) {
		for _, r := range []org.Role{org.RoleAdmin, org.RoleReception, org.RoleHandler, org.RoleLeader} {
			u, err := db.UserByUsername(ctx, string(r))
			if err != nil {
				t.Fatalf("user %s: %v", r, err)
			}
			if !u.Has(r) || !u.Active {
				t.Errorf("user %s has roles %v, active %v", r, u.Roles, u.Active)
			}
		}
	})

	t.Run("every state appears", func(t *testing.T) {
		for _, s := range petition.States {
			p, err := db.Petitions(ctx, petition.Filter{States: []petition.State{s}, Limit: 1})
			if err != nil {
				t.Fatal(err)
			}
			if p.Total == 0 {
				t.Errorf("no petition is %s", s)
			}
		}
	})

	t.Run("a forward inside the deployment links both petitions", func(t *testing.T) {
		page, err := db.Petitions(ctx, petition.Filter{States: []petition.State{petition.StateForwarded}, Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		linked := 0
		for _, p := range page.Items {
			if p.Outcome.ForwardedPetition == nil {
				continue
			}
			linked++
			c, err := db.Petition(ctx, *p.Outcome.ForwardedPetition)
			if err != nil {
				t.Fatalf("copy of %d: %v", p.ID, err)
			}
			if c.SourceID == nil || *c.SourceID != p.ID {
				t.Errorf("copy %d of petition %d points back to %v", c.ID, p.ID, c.SourceID)
			}
			if p.Outcome.ForwardedToUnit == nil || c.UnitID != *p.Outcome.ForwardedToUnit {
				t.Errorf("copy %d is at unit %d, petition %d was forwarded to %v", c.ID, c.UnitID, p.ID, p.Outcome.ForwardedToUnit)
			}
		}
		if linked == 0 {
			t.Error("no forwarded petition has a copy in another unit")
		}
	})

	t.Run("visits are believable and carry valid CCCDs", func(t *testing.T) {
		kinds := map[visit.Kind]int{}
		groups, refused := 0, 0
		for off := 0; ; off += 500 {
			page, err := db.Visits(ctx, visit.Filter{Limit: 500, Offset: off})
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range page.Items {
				kinds[v.Kind]++
				if v.IsGroup() {
					groups++
					if lo, hi := visit.RepresentativeLimits(v.HeadCount); len(v.Representatives) < lo || len(v.Representatives) > hi {
						t.Errorf("visit %d: %d people, %d representatives", v.ID, v.HeadCount, len(v.Representatives))
					}
				}
				if v.Refused {
					refused++
				}
				checkWorkingHours(t, "visit", v.ID, v.VisitedAt)
				for _, c := range append([]citizen.Citizen{v.Citizen}, v.Representatives...) {
					checkCitizen(t, c)
				}
			}
			if len(page.Items) < 500 {
				break
			}
		}
		for _, k := range visit.Kinds {
			if kinds[k] == 0 {
				t.Errorf("no %s visit", k)
			}
		}
		if groups == 0 || refused == 0 {
			t.Errorf("%d group visits, %d refused: want some of each", groups, refused)
		}
	})

	t.Run("petitions have consistent histories and valid CCCDs", func(t *testing.T) {
		stats := checkPetitions(t, db)
		for _, e := range []petition.Event{petition.EventExtend, petition.EventResume, petition.EventWithdraw} {
			if stats.events[e] == 0 {
				t.Errorf("no %s event in any history", e)
			}
		}
		if stats.secondRound == 0 {
			t.Error("no second-round complaint")
		}
		if stats.fields["land"] <= stats.fields["construction"] || stats.fields["land"] <= stats.fields["policy"] {
			t.Errorf("land does not dominate: %v", stats.fields)
		}
	})

	// Two years of generated work: every report, for any period, counts
	// each petition handled in exactly one outcome or as in progress, and
	// its rows add up to its total.
	t.Run("reports reconcile", func(t *testing.T) {
		svc := report.NewService(db, db)
		units, _ := db.Units(ctx)
		for _, period := range []string{"2025", "2026-Q1", "2026-H1", "2025-9M", "2026-03"} {
			p, err := report.ParsePeriod(period, "", "")
			if err != nil {
				t.Fatal(err)
			}
			r, err := svc.Build(ctx, units[0].ID, true, p)
			if err != nil {
				t.Fatal(err)
			}
			if r.Total.Petitions.Handled == 0 || r.Total.Visits.Total == 0 {
				t.Errorf("%s: an empty report %+v", period, r.Total)
			}
			var sumRows report.Row
			sumRows.Petitions.Outcomes = map[report.Outcome]int{}
			for _, row := range append(r.Rows, r.Total) {
				pt := row.Petitions
				if pt.CarriedOver+pt.Received != pt.Handled {
					t.Errorf("%s %s: %d carried over + %d received ≠ %d", period, row.UnitName, pt.CarriedOver, pt.Received, pt.Handled)
				}
				for name, m := range map[string]map[string]int{"type": pt.ByType, "field": pt.ByField, "channel": pt.ByChannel, "competence": pt.ByCompetence} {
					if n := total(m); n != pt.Handled {
						t.Errorf("%s %s: by %s %d ≠ %d handled", period, row.UnitName, name, n, pt.Handled)
					}
				}
				outcomes := 0
				for _, o := range report.Outcomes {
					outcomes += pt.Outcomes[o]
				}
				if outcomes != pt.Handled || pt.AwaitingReply > pt.Outcomes[report.Forwarded] {
					t.Errorf("%s %s: outcomes %v (%d) ≠ %d handled, awaiting %d", period, row.UnitName, pt.Outcomes, outcomes, pt.Handled, pt.AwaitingReply)
				}
			}
			for _, row := range r.Rows {
				sumRows.Petitions.Handled += row.Petitions.Handled
				sumRows.Visits.Total += row.Visits.Total
			}
			if sumRows.Petitions.Handled != r.Total.Petitions.Handled || sumRows.Visits.Total != r.Total.Visits.Total {
				t.Errorf("%s: rows add up to %d petitions and %d visits, total says %d and %d", period,
					sumRows.Petitions.Handled, sumRows.Visits.Total, r.Total.Petitions.Handled, r.Total.Visits.Total)
			}
			// The next period carries over what this one left open.
			if period == "2025" {
				next, _ := report.ParsePeriod("2026-Q1", "", "")
				n, err := svc.Build(ctx, units[0].ID, true, next)
				if err != nil {
					t.Fatal(err)
				}
				open := r.Total.Petitions.Outcomes[report.Accepted] + r.Total.Petitions.Outcomes[report.InProgress]
				if n.Total.Petitions.CarriedOver != open {
					t.Errorf("2026 Q1 carries over %d, 2025 left %d open", n.Total.Petitions.CarriedOver, open)
				}
			}
		}
	})

	t.Run("a second load fails and writes nothing", func(t *testing.T) {
		before := count(t, db)
		if _, err := demo.Load(ctx, db, now, 2); err == nil {
			t.Fatal("second load succeeded")
		}
		if after := count(t, db); after != before {
			t.Errorf("second load changed the database: %+v → %+v", before, after)
		}
	})

	t.Run("bulk adds exactly n searchable petitions with consistent histories", func(t *testing.T) {
		before := count(t, db)
		start := time.Now()
		if err := demo.Bulk(ctx, db, db, 5000, now, 3); err != nil {
			t.Fatalf("bulk: %v", err)
		}
		t.Logf("bulk of 5,000 in %v", time.Since(start).Round(time.Millisecond))
		after := count(t, db)
		if after.petitions != before.petitions+5000 {
			t.Errorf("petitions %d → %d, want +5,000", before.petitions, after.petitions)
		}
		if after.units != before.units || after.users != before.users || after.visits != before.visits {
			t.Errorf("bulk changed more than petitions: %+v → %+v", before, after)
		}
		found, err := db.Petitions(ctx, petition.Filter{Query: "dat dai", Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if found.Total == 0 {
			t.Error(`search for "dat dai" finds nothing`)
		}
		checkPetitions(t, db)
	})
}

// BenchmarkLoad times Load into a fresh database:
//
//	go test -run '^$' -bench BenchmarkLoad -benchtime 3x ./internal/demo/
func BenchmarkLoad(b *testing.B) {
	ctx := context.Background()
	for i := range b.N {
		b.StopTimer()
		db := open(b)
		b.StartTimer()
		if _, err := demo.Load(ctx, db, now, int64(i+1)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBulk times Bulk on a loaded province; ns/op is the cost of one
// petition. The database lives in the temporary directory, so the figure
// includes SQLite's real writes:
//
//	go test -run '^$' -bench BenchmarkBulk -benchtime 1000000x ./internal/demo/
func BenchmarkBulk(b *testing.B) {
	ctx := context.Background()
	db := open(b)
	if _, err := demo.Load(ctx, db, now, 1); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	if err := demo.Bulk(ctx, db, db, b.N, now, 2); err != nil {
		b.Fatal(err)
	}
}

func TestBulkLoadsTheProvinceIntoAnEmptyDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a province")
	}
	ctx := context.Background()
	db := open(t)
	if err := demo.Bulk(ctx, db, db, 100, now, 1); err != nil {
		t.Fatalf("bulk: %v", err)
	}
	c := count(t, db)
	if c.units == 0 || c.users == 0 || c.visits == 0 {
		t.Fatalf("bulk into an empty database left %+v", c)
	}
	if _, err := db.UserByUsername(ctx, "leader"); err != nil {
		t.Errorf("leader: %v", err)
	}
	// The generated batch is one audit entry; the province loaded through
	// the services is one entry per write, and the chain is whole.
	page, err := db.AuditEntries(ctx, audit.Filter{Action: audit.BulkLoadPetitions, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 1 || !strings.HasPrefix(string(page.Items[0].After), `{"count":100,`) {
		t.Errorf("bulk audit entries: %+v", page)
	}
	if r, err := audit.Verify(db.AuditTrail(ctx)); err != nil || r.Rows < int64(c.units+c.users+c.visits) {
		t.Errorf("verify: %+v %v", r, err)
	}
}

type petitionStats struct {
	events      map[petition.Event]int
	fields      map[string]int
	secondRound int
}

// checkPetitions reads every petition and its history: the history must
// run from "receive" through allowed steps to the petition's state, one
// row per version, at plausible times; complainants' CCCDs must be valid.
func checkPetitions(t *testing.T, db store.DB) petitionStats {
	t.Helper()
	ctx := context.Background()
	stats := petitionStats{events: map[petition.Event]int{}, fields: map[string]int{}}
	for off := 0; ; off += 200 {
		page, err := db.Petitions(ctx, petition.Filter{Limit: 200, Offset: off, Sort: "received_at"})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range page.Items {
			stats.fields[p.Field]++
			if p.Round == 2 {
				stats.secondRound++
			}
			checkWorkingHours(t, "petition", p.ID, p.ReceivedAt)
			for _, c := range p.Complainant {
				checkCitizen(t, c)
			}
			hist, err := db.History(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(hist) != p.Version {
				t.Errorf("petition %d: version %d, %d history rows", p.ID, p.Version, len(hist))
				continue
			}
			state := petition.State("")
			last := p.ReceivedAt
			for i, h := range hist {
				stats.events[h.Event]++
				switch {
				case h.Version != i+1:
					t.Errorf("petition %d: history row %d has version %d", p.ID, i, h.Version)
				case i == 0 && (h.Event != petition.EventReceive || h.To != petition.StateReceived):
					t.Errorf("petition %d: history starts with %s to %s", p.ID, h.Event, h.To)
				case i > 0 && h.From != state:
					t.Errorf("petition %d: %s from %s, the petition was %s", p.ID, h.Event, h.From, state)
				case i > 0 && !allowed(h.From, h.Event):
					t.Errorf("petition %d: %s is not allowed in %s", p.ID, h.Event, h.From)
				case h.At.Before(last) || h.At.After(now):
					t.Errorf("petition %d: %s at %v, after %v and before %v expected", p.ID, h.Event, h.At, last, now)
				}
				state, last = h.To, h.At
			}
			if state != p.State {
				t.Errorf("petition %d: history ends in %s, petition is %s", p.ID, state, p.State)
			}
			if o := p.Outcome; o.DecisionDate != "" && o.AcceptedAt != nil {
				d, err := calendar.ParseDate(o.DecisionDate)
				if err != nil || d.Before(calendar.Of(*o.AcceptedAt)) || d.After(calendar.Of(now)) {
					t.Errorf("petition %d: decision date %s, accepted %v", p.ID, o.DecisionDate, o.AcceptedAt)
				}
			}
		}
		if len(page.Items) < 200 {
			break
		}
	}
	return stats
}

func allowed(s petition.State, e petition.Event) bool {
	for _, a := range petition.Allowed(s) {
		if a == e {
			return true
		}
	}
	return false
}

func checkCitizen(t *testing.T, c citizen.Citizen) {
	t.Helper()
	if c.FullName == "" {
		t.Errorf("citizen %d has no name", c.ID)
	}
	if c.IDKind == citizen.IDCCCD {
		if _, key := citizen.ParseCCCD(c.IDNumber, now); key != "" {
			t.Errorf("citizen %d: CCCD %s: %s", c.ID, c.IDNumber, key)
		}
	}
}

var shipped = calendar.New(calendar.DefaultEntries(2020, 2040))

// checkWorkingHours wants t on a working day of the shipped calendar
// (make-up Saturdays included, holidays not) between 07:30 and 17:00 in
// Vietnam (a moment at "now" itself is allowed).
func checkWorkingHours(t *testing.T, what string, id int64, at time.Time) {
	t.Helper()
	l := at.In(vntime.Zone)
	min := l.Hour()*60 + l.Minute()
	if !shipped.IsWorkingDay(calendar.Of(at)) || min < 7*60+30 || min > 17*60+30 {
		t.Errorf("%s %d at %s, outside working hours", what, id, l.Format("Mon 02/01/2006 15:04"))
	}
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
