package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"tiepdan/internal/report"
)

// stateAt is a petition's state at the instant ?t: its current state when
// nothing has happened to it since, else the state its history reached.
const stateAt = `CASE WHEN p.updated_at < :t THEN p.state ELSE COALESCE((SELECT h.to_state FROM petition_history h
	WHERE h.petition_id = p.id AND h.at < :t ORDER BY h.id DESC LIMIT 1), 'received') END`

// ReportCounts counts, per unit, the visits of the period and the
// petitions handled in it (received in it, or received before and still
// open at its start), grouped by everything the report breaks them down
// by, with where each stood at the period's end. One pass over the
// petitions received before the period's end.
func (db *DB) ReportCounts(ctx context.Context, q report.Query) ([]report.Counts, error) {
	units := ` = :unit`
	if q.Subtree {
		units = ` IN (SELECT id FROM units WHERE path LIKE (SELECT path FROM units WHERE id = :unit) || '%')`
	}
	from, to := ts(q.From), ts(q.To)
	byUnit := map[int64]*report.Counts{}
	get := func(id int64) *report.Counts {
		c := byUnit[id]
		if c == nil {
			c = &report.Counts{UnitID: id}
			byUnit[id] = c
		}
		return c
	}

	rows, err := db.r.QueryContext(ctx, `SELECT unit_id, count(*), sum(kind = 'regular'), sum(kind = 'periodic'), sum(kind = 'ad_hoc'),
		sum(kind = 'online'), sum(head_count < 5), sum(head_count >= 5), sum(head_count),
		count(DISTINCT CASE WHEN kind = 'periodic' THEN date(visited_at, '+7 hours') END)
		FROM visits WHERE visited_at >= :from AND visited_at < :to AND unit_id`+units+` GROUP BY unit_id`,
		named("from", from), named("to", to), named("unit", q.UnitID))
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
	rows, err = db.r.QueryContext(ctx, `SELECT unit_id, is_new, type, field, channel, competence, outcome, awaiting, count(*) FROM (
		SELECT unit_id, is_new, type, field, channel, competence,
			CASE at_end
				WHEN 'resolved' THEN CASE WHEN EXISTS (SELECT 1 FROM deadlines d WHERE d.petition_id = x.id AND d.step = 'resolve'
					AND d.status = 'missed') THEN 'resolved_late' ELSE 'resolved_on_time' END
				WHEN 'suspended' THEN 'accepted'
				WHEN 'received' THEN 'in_progress'
				ELSE at_end END AS outcome,
			at_end = 'forwarded' AND EXISTS (SELECT 1 FROM deadlines d WHERE d.petition_id = x.id AND d.step = 'forward_reply'
				AND (d.status IN ('open', 'suspended') OR d.done_day >= date(:to, '+7 hours'))) AS awaiting
		FROM (
			SELECT p.id, p.unit_id, p.type, p.field, p.channel, p.competence, p.received_at >= :from AS is_new,
				CASE WHEN p.received_at < :from THEN `+startState+` END AS at_start,
				`+endState+` AS at_end
			FROM petitions p WHERE p.received_at < :to AND p.unit_id`+units+`
		) x WHERE is_new OR at_start IN ('received', 'accepted', 'suspended')
	) GROUP BY unit_id, is_new, type, field, channel, competence, outcome, awaiting`,
		named("from", from), named("to", to), named("unit", q.UnitID))
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var g report.PetitionGroup
		if err := rows.Scan(&id, &g.New, &g.Type, &g.Field, &g.Channel, &g.Competence, &g.Outcome, &g.AwaitingReply, &g.N); err != nil {
			return nil, translate(err)
		}
		c := get(id)
		c.Petitions = append(c.Petitions, g)
	}
	if err := rows.Err(); err != nil {
		return nil, translate(err)
	}
	out := make([]report.Counts, 0, len(byUnit))
	for _, c := range byUnit {
		out = append(out, *c)
	}
	return out, nil
}

func named(name string, v any) sql.NamedArg { return sql.Named(name, v) }
