package sqlite

import (
	"context"

	"tiepdan/internal/audit"
	"tiepdan/internal/fault"
	"tiepdan/internal/petition"
	"tiepdan/internal/sqlstore"
)

// The rest of the confidentiality store is in internal/sqlstore; marking
// stays with the driver because it writes the history row and the search
// entry, which each driver writes its own way (insertHistory, reindex).

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
		if err := sqlstore.Grant(ctx, tx, petition.Grant{PetitionID: h.PetitionID, UserID: h.ActorID, At: h.At}); err != nil {
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
