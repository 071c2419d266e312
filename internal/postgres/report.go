package postgres

import (
	"context"
	"database/sql"
	"strings"

	"tiepdan/internal/report"
	"tiepdan/internal/sqlstore"
)

// stateAt is a petition's state at the instant :t: its current state when
// nothing has happened to it since, else the state its history reached.
const stateAt = `CASE WHEN p.updated_at < :t THEN p.state ELSE COALESCE((SELECT h.to_state FROM petition_history h
	WHERE h.petition_id = p.id AND h.at < :t ORDER BY h.id DESC LIMIT 1), 'received') END`

// ReportCounts counts, per unit, the visits of the period and the
// petitions handled in it (received in it, or received before and still
// open at its start), grouped by everything the report breaks them down
// by, with where each stood at the period's end. The petitions are read
// from the narrow report index, one unit at a time.
func (db *DB) ReportCounts(ctx context.Context, q report.Query) ([]report.Counts, error) {
	ids, err := db.reportUnits(ctx, q)
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	from, to := sqlstore.TS(q.From), sqlstore.TS(q.To)
	byUnit := map[int64]*report.Counts{}
	get := func(id int64) *report.Counts {
		c := byUnit[id]
		if c == nil {
			c = &report.Counts{UnitID: id}
			byUnit[id] = c
		}
		return c
	}

	rows, err := db.r.QueryContext(ctx, `SELECT unit_id, count(*), count(*) FILTER (WHERE kind = 'regular'),
		count(*) FILTER (WHERE kind = 'periodic'), count(*) FILTER (WHERE kind = 'ad_hoc'),
		count(*) FILTER (WHERE kind = 'online'), count(*) FILTER (WHERE head_count < 5),
		count(*) FILTER (WHERE head_count >= 5), sum(head_count),
		count(DISTINCT CASE WHEN kind = 'periodic' THEN `+vnDay("visited_at")+` END)
		FROM visits WHERE visited_at >= ? AND visited_at < ? AND unit_id IN (`+sqlstore.Placeholders(len(ids))+`) GROUP BY unit_id`,
		append([]any{from, to}, sqlstore.IDArgs(ids)...)...)
	if err != nil {
		return nil, translate(err)
	}
	for rows.Next() {
		var id int64
		var v report.Visits
		if err := rows.Scan(&id, &v.Total, &v.Regular, &v.ByHead, &v.AdHoc, &v.Online, &v.Individual, &v.Groups, &v.People, &v.HeadSessions); err != nil {
			rows.Close()
			return nil, translate(err)
		}
		get(id).Visits = v
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, translate(err)
	}

	endState := strings.ReplaceAll(stateAt, ":t", ":to")
	startState := strings.ReplaceAll(stateAt, ":t", ":from")
	// Each subquery is a materialized CTE so the planner does not fold it
	// into the outer query, which would work a petition's state and outcome
	// out once per use.
	q2 := `WITH x AS MATERIALIZED (
			SELECT p.id, p.type, p.field, p.channel, p.competence, p.received_at >= :from AS is_new,
				CASE WHEN p.received_at < :from THEN ` + startState + ` END AS at_start,
				` + endState + ` AS at_end
			FROM petitions p WHERE p.unit_id = :unit AND p.received_at < :to
		), y AS MATERIALIZED (
		SELECT is_new, type, field, channel, competence,
			CASE at_end
				WHEN 'resolved' THEN CASE WHEN EXISTS (SELECT 1 FROM deadlines d WHERE d.petition_id = x.id AND d.step = 'resolve'
					AND d.status = 'missed') THEN 'resolved_late' ELSE 'resolved_on_time' END
				WHEN 'suspended' THEN 'accepted'
				WHEN 'received' THEN 'in_progress'
				ELSE at_end END AS outcome,
			at_end = 'forwarded' AND EXISTS (SELECT 1 FROM deadlines d WHERE d.petition_id = x.id AND d.step = 'forward_reply'
				AND (d.status IN ('open', 'suspended') OR d.done_day >= ` + vnDay(":to::timestamptz") + `)) AS awaiting
		FROM x WHERE is_new OR at_start IN ('received', 'accepted', 'suspended')
	) SELECT is_new, type, field, channel, competence, outcome, awaiting, count(*) FROM y GROUP BY 1, 2, 3, 4, 5, 6, 7`
	// One unit at a time: each sorts only its own petitions, which the
	// index hands over in one range.
	for _, id := range ids {
		if err := db.countUnitPetitions(ctx, q2, id, from, to, get); err != nil {
			return nil, err
		}
	}
	out := make([]report.Counts, 0, len(byUnit))
	for _, c := range byUnit {
		out = append(out, *c)
	}
	return out, nil
}

// vnDay is the calendar day ('YYYY-MM-DD', as days are stored) of an
// instant in Vietnam, which keeps UTC+7 all year.
func vnDay(instant string) string {
	return `to_char(` + instant + ` AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD')`
}

func named(name string, v any) sql.NamedArg { return sql.Named(name, v) }

// reportUnits lists the units a report query covers.
func (db *DB) reportUnits(ctx context.Context, q report.Query) ([]int64, error) {
	if !q.Subtree {
		return []int64{q.UnitID}, nil
	}
	ids, err := int64s(ctx, db.r, `SELECT id FROM units WHERE `+sqlstore.Subtree("id")+` ORDER BY id`, q.UnitID)
	return ids, translate(err)
}

// countUnitPetitions adds one unit's petitions, grouped, to its counts.
func (db *DB) countUnitPetitions(ctx context.Context, q string, unitID int64, from, to string, get func(int64) *report.Counts) error {
	rows, err := db.r.QueryContext(ctx, q, named("from", from), named("to", to), named("unit", unitID))
	if err != nil {
		return translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var isNew, awaiting bool
		var typ, field, channel, competence string
		var outcome report.Outcome
		var n int
		if err := rows.Scan(&isNew, &typ, &field, &channel, &competence, &outcome, &awaiting, &n); err != nil {
			return translate(err)
		}
		p := &get(unitID).Petitions
		if p.ByType == nil {
			p.ByType, p.ByChannel, p.ByCompetence, p.ByField = map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
			p.Outcomes = map[report.Outcome]int{}
		}
		if isNew {
			p.Received += n
		} else {
			p.CarriedOver += n
		}
		p.Handled += n
		p.ByType[typ] += n
		p.ByField[field] += n
		p.ByChannel[channel] += n
		p.ByCompetence[competence] += n
		p.Outcomes[outcome] += n
		if awaiting {
			p.AwaitingReply += n
		}
	}
	return translate(rows.Err())
}
