package sqlstore

import (
	"context"
	"database/sql"

	"tiepdan/internal/audit"
	"tiepdan/internal/citizen"
	"tiepdan/internal/fault"
	"tiepdan/internal/petition"
)

// Protect stores the identity of a confidential petition's complainants
// apart: in protected_parties, not in the register of citizens.
func Protect(ctx context.Context, tx Tx, petitionID int64, cs []citizen.Citizen) error {
	for i, c := range cs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO protected_parties (petition_id, position, full_name, id_kind, id_number, phone, address)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, petitionID, i, c.FullName, c.IDKind, c.IDNumber, c.Phone, c.Address); err != nil {
			return err
		}
	}
	return nil
}

func Grant(ctx context.Context, tx Tx, g petition.Grant) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO petition_access (petition_id, user_id, granted_by, granted_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (petition_id, user_id) DO NOTHING`, g.PetitionID, g.UserID, g.GrantedBy, TS(g.At))
	return err
}

// HasAccess reports whether the user was granted the case.
func (st *Store) HasAccess(ctx context.Context, petitionID, userID int64) (bool, error) {
	var ok bool
	err := st.r.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM petition_access WHERE petition_id = ? AND user_id = ?)`,
		petitionID, userID).Scan(&ok)
	return ok, st.translate(err)
}

// RevealIdentity reads a confidential petition's complainants and records
// the reading in the audit trail, in one transaction.
func (st *Store) RevealIdentity(ctx context.Context, petitionID int64) ([]citizen.Citizen, error) {
	var out []citizen.Citizen
	err := st.write(ctx, func(ctx context.Context, tx Tx) error {
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
		return Record(ctx, tx, st.now(), audit.Entry{Action: audit.ReadIdentity, ObjectType: "petition", ObjectID: IDText(petitionID)}, nil,
			map[string]int{"people": len(out)})

	})
	return out, st.translate(err)
}

// GrantAccess clears an official for a case.
func (st *Store) GrantAccess(ctx context.Context, g petition.Grant) error {
	return st.write(ctx, func(ctx context.Context, tx Tx) error {
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
		if err := Grant(ctx, tx, g); err != nil {
			return err
		}
		return Record(ctx, tx, st.now(), audit.Entry{Action: audit.GrantAccess, ObjectType: "petition", ObjectID: IDText(g.PetitionID)}, nil,
			map[string]int64{"user_id": g.UserID})

	})
}

// RevokeAccess withdraws a Grant.
func (st *Store) RevokeAccess(ctx context.Context, petitionID, userID int64) error {
	return st.write(ctx, func(ctx context.Context, tx Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM petition_access WHERE petition_id = ? AND user_id = ?`, petitionID, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.NotFound, "not_found", nil)
		}
		return Record(ctx, tx, st.now(), audit.Entry{Action: audit.RevokeAccess, ObjectType: "petition", ObjectID: IDText(petitionID)},
			map[string]int64{"user_id": userID}, nil)

	})
}

// Grants lists who is cleared for a case.
func (st *Store) Grants(ctx context.Context, petitionID int64) ([]petition.Grant, error) {
	rows, err := st.r.QueryContext(ctx, `SELECT petition_id, user_id, granted_by, granted_at FROM petition_access
		WHERE petition_id = ? ORDER BY granted_at, user_id`, petitionID)
	if err != nil {
		return nil, st.translate(err)
	}
	defer rows.Close()
	out := []petition.Grant{}
	for rows.Next() {
		var g petition.Grant
		if err := rows.Scan(&g.PetitionID, &g.UserID, &g.GrantedBy, Instant(&g.At)); err != nil {
			return nil, st.translate(err)
		}
		out = append(out, g)
	}
	return out, st.translate(rows.Err())
}
