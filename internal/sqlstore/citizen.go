package sqlstore

import (
	"context"
	"time"

	"tiepdan/internal/citizen"
)

// SaveCitizen finds the citizen by identity number and refreshes their
// details, or adds them; c becomes the row as stored. People without a number are always
// added: nothing identifies them as someone already known.
func SaveCitizen(ctx context.Context, tx Tx, c *citizen.Citizen, at time.Time) error {
	var number any
	if c.IDNumber != "" {
		number = c.IDNumber
	}
	return tx.QueryRowContext(ctx, `
		INSERT INTO citizens (full_name, id_kind, id_number, phone, address, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id_kind, id_number) DO UPDATE SET
			full_name  = excluded.full_name,
			phone      = CASE WHEN excluded.phone <> '' THEN excluded.phone ELSE citizens.phone END,
			address    = CASE WHEN excluded.address <> '' THEN excluded.address ELSE citizens.address END,
			updated_at = excluded.updated_at
		RETURNING id, full_name, phone, address, created_at`,
		c.FullName, c.IDKind, number, c.Phone, c.Address, TS(at), TS(at),
	).Scan(&c.ID, &c.FullName, &c.Phone, &c.Address, Instant(&c.Created))
}

const CitizenColumns = `c.id, c.full_name, c.id_kind, COALESCE(c.id_number, ''), c.phone, c.address, c.created_at`

func scanCitizen(s interface{ Scan(...any) error }, c *citizen.Citizen) error {
	return s.Scan(&c.ID, &c.FullName, &c.IDKind, &c.IDNumber, &c.Phone, &c.Address, Instant(&c.Created))
}

// CitizenByIDNumber finds a citizen by CCCD or passport number.
func (st *Store) CitizenByIDNumber(ctx context.Context, number string) (*citizen.Citizen, error) {
	var c citizen.Citizen
	err := scanCitizen(st.r.QueryRowContext(ctx,
		`SELECT `+CitizenColumns+` FROM citizens c WHERE c.id_number = ? ORDER BY c.id LIMIT 1`, number), &c)
	if err != nil {
		return nil, st.translate(err)
	}
	return &c, nil
}

// CitizensOf loads the citizens linked to the given owners through a link
// table ("petition_complainants" by petition_id, "visit_representatives" by
// visit_id), in position order.
func CitizensOf(ctx context.Context, q Queryer, table, owner string, ids []int64) (map[int64][]citizen.Citizen, error) {
	out := make(map[int64][]citizen.Citizen, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := IDArgs(ids)
	rows, err := q.QueryContext(ctx, `SELECT l.`+owner+`, `+CitizenColumns+` FROM `+table+` l
		JOIN citizens c ON c.id = l.citizen_id
		WHERE l.`+owner+` IN (`+Placeholders(len(ids))+`) ORDER BY l.`+owner+`, l.position`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var c citizen.Citizen
		if err := rows.Scan(&id, &c.ID, &c.FullName, &c.IDKind, &c.IDNumber, &c.Phone, &c.Address, Instant(&c.Created)); err != nil {
			return nil, err
		}
		out[id] = append(out[id], c)
	}
	return out, rows.Err()
}
