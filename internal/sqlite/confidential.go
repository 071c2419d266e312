package sqlite

import (
	"context"
	"database/sql"

	"tiepdan/internal/audit"
	"tiepdan/internal/citizen"
	"tiepdan/internal/fault"
	"tiepdan/internal/petition"
	"tiepdan/internal/sqlstore"
)

// protect stores the identity of a confidential petition's complainants
// apart: in protected_parties, not in the register of citizens.
func protect(ctx context.Context, tx *writeTx, petitionID int64, cs []citizen.Citizen) error {
	for i, c := range cs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO protected_parties (petition_id, position, full_name, id_kind, id_number, phone, address)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, petitionID, i, c.FullName, c.IDKind, c.IDNumber, c.Phone, c.Address); err != nil {
			return err
		}
	}
	return nil
}

func grant(ctx context.Context, tx *writeTx, g petition.Grant) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO petition_access (petition_id, user_id, granted_by, granted_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (petition_id, user_id) DO NOTHING`, g.PetitionID, g.UserID, g.GrantedBy, sqlstore.TS(g.At))
	return err
}

// HasAccess reports whether the user was granted the case.
func (db *DB) HasAccess(ctx context.Context, petitionID, userID int64) (bool, error) {
	var ok bool
	err := db.r.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM petition_access WHERE petition_id = ? AND user_id = ?)`,
		petitionID, userID).Scan(&ok)
	return ok, translate(err)
}

// RevealIdentity reads a confidential petition's complainants and records
// the reading in the audit trail, in one transaction.
func (db *DB) RevealIdentity(ctx context.Context, petitionID int64) ([]citizen.Citizen, error) {
	var out []citizen.Citizen
	err := db.write(ctx, func(ctx context.Context, tx *writeTx) error {
		out = nil
		rows, err := tx.QueryContext(ctx, `SELECT full_name, id_kind, id_number, phone, address FROM protected_parties
			WHERE petition_id = ? ORDER BY position`, petitionID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c citizen.Citizen
			if err := rows.Scan(&c.FullName, &c.IDKind, &c.IDNumber, &c.Phone, &c.Address); err != nil {
				return err
			}
			out = append(out, c)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return sqlstore.Record(ctx, tx, db.now(), audit.Entry{Action: audit.ReadIdentity, ObjectType: "petition", ObjectID: sqlstore.IDText(petitionID)}, nil,
			map[string]int{"people": len(out)})

	})
	return out, translate(err)
}

// MarkConfidential moves a petition's complainants apart, drops their
// names from its search entry, grants the marking official access and
// writes the history row, in one transaction.
func (db *DB) MarkConfidential(ctx context.Context, m petition.Mark) (*petition.Record, error) {
	h := m.History
	err := db.write(ctx, func(ctx context.Context, tx *writeTx) error {
		res, err := tx.ExecContext(ctx, `UPDATE petitions SET confidential = 1 WHERE id = ? AND version = ? AND confidential = 0`,
			h.PetitionID, h.Version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var current int
			if err := tx.QueryRowContext(ctx, `SELECT version FROM petitions WHERE id = ?`, h.PetitionID).Scan(&current); err != nil {
				return err
			}
			return fault.New(fault.Stale, "petition.stale_version", map[string]any{"Sent": h.Version, "Current": current})
		}
		if err := moveApart(ctx, tx, h.PetitionID); err != nil {
			return err
		}
		// Copies already forwarded to other units of the deployment carry
		// the same people: they are kept apart there too.
		rows, err := tx.QueryContext(ctx, `SELECT id FROM petitions WHERE source_petition_id = ? AND confidential = 0`, h.PetitionID)
		if err != nil {
			return err
		}
		var copies []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			copies = append(copies, id)
		}
		rows.Close()
		for _, id := range copies {
			if _, err := tx.ExecContext(ctx, `UPDATE petitions SET confidential = 1 WHERE id = ?`, id); err != nil {
				return err
			}
			if err := moveApart(ctx, tx, id); err != nil {
				return err
			}
		}
		if err := grant(ctx, tx, petition.Grant{PetitionID: h.PetitionID, UserID: h.ActorID, At: h.At}); err != nil {
			return err
		}
		if _, err := insertHistory(ctx, tx, h); err != nil {
			return err
		}
		return sqlstore.Record(ctx, tx, db.now(), audit.Entry{Action: audit.MarkConfidential, ObjectType: "petition", ObjectID: sqlstore.IDText(h.PetitionID)},
			map[string]bool{"confidential": false}, map[string]any{"confidential": true, "reason": h.Data.Reason})

	})
	if err != nil {
		return nil, translate(err)
	}
	return db.Record(ctx, h.PetitionID)
}

// moveApart moves a petition's complainants from the register's links to
// protected_parties and writes its search entry again without their names.
func moveApart(ctx context.Context, tx *writeTx, id int64) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO protected_parties (petition_id, position, full_name, id_kind, id_number, phone, address)
		SELECT l.petition_id, l.position, c.full_name, c.id_kind, COALESCE(c.id_number, ''), c.phone, c.address
		FROM petition_complainants l JOIN citizens c ON c.id = l.citizen_id WHERE l.petition_id = ?`, id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM petition_complainants WHERE petition_id = ?`, id); err != nil {
		return err
	}
	return reindex(ctx, tx, id)
}

// GrantAccess clears an official for a case.
func (db *DB) GrantAccess(ctx context.Context, g petition.Grant) error {
	return db.write(ctx, func(ctx context.Context, tx *writeTx) error {
		var active bool
		err := tx.QueryRowContext(ctx, `SELECT active FROM users WHERE id = ?`, g.UserID).Scan(&active)
		if err == sql.ErrNoRows || (err == nil && !active) {
			var p fault.Problems
			p.Add("user_id", "user.unknown", nil)
			return p.Err()
		}
		if err != nil {
			return err
		}
		if err := grant(ctx, tx, g); err != nil {
			return err
		}
		return sqlstore.Record(ctx, tx, db.now(), audit.Entry{Action: audit.GrantAccess, ObjectType: "petition", ObjectID: sqlstore.IDText(g.PetitionID)}, nil,
			map[string]int64{"user_id": g.UserID})

	})
}

// RevokeAccess withdraws a grant.
func (db *DB) RevokeAccess(ctx context.Context, petitionID, userID int64) error {
	return db.write(ctx, func(ctx context.Context, tx *writeTx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM petition_access WHERE petition_id = ? AND user_id = ?`, petitionID, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.NotFound, "not_found", nil)
		}
		return sqlstore.Record(ctx, tx, db.now(), audit.Entry{Action: audit.RevokeAccess, ObjectType: "petition", ObjectID: sqlstore.IDText(petitionID)},
			map[string]int64{"user_id": userID}, nil)

	})
}

// Grants lists who is cleared for a case.
func (db *DB) Grants(ctx context.Context, petitionID int64) ([]petition.Grant, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT petition_id, user_id, granted_by, granted_at FROM petition_access
		WHERE petition_id = ? ORDER BY granted_at, user_id`, petitionID)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := []petition.Grant{}
	for rows.Next() {
		var g petition.Grant
		if err := rows.Scan(&g.PetitionID, &g.UserID, &g.GrantedBy, sqlstore.Instant(&g.At)); err != nil {
			return nil, translate(err)
		}
		out = append(out, g)
	}
	return out, translate(rows.Err())
}
