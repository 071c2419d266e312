package sqlstore

import (
	"context"

	"tiepdan/internal/audit"
	"tiepdan/internal/fault"
	"tiepdan/internal/petition"
)

// Fields returns the petition fields in display order.
func (st *Store) Fields(ctx context.Context) ([]petition.Field, error) {
	rows, err := st.r.QueryContext(ctx, `SELECT code, name_vi, name_en, position, active FROM fields ORDER BY position, code`)
	if err != nil {
		return nil, st.translate(err)
	}
	defer rows.Close()
	out := []petition.Field{}
	for rows.Next() {
		var f petition.Field
		if err := rows.Scan(&f.Code, &f.NameVi, &f.NameEn, &f.Position, &f.Active); err != nil {
			return nil, st.translate(err)
		}
		out = append(out, f)
	}
	return out, st.translate(rows.Err())
}

// CreateField adds a field to the list.
func (st *Store) CreateField(ctx context.Context, f petition.Field) error {
	err := st.write(ctx, func(ctx context.Context, tx Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO fields (code, name_vi, name_en, position, active) VALUES (?, ?, ?, ?, ?)`,
			f.Code, f.NameVi, f.NameEn, f.Position, f.Active); err != nil {
			return err
		}
		return Record(ctx, tx, st.now(), audit.Entry{Action: audit.CreateField, ObjectType: "field", ObjectID: f.Code}, nil, f)
	})
	if fault.Is(err, fault.Conflict) {
		var p fault.Problems
		p.Add("code", "field.code_taken", nil)
		return p.Err()
	}
	return err
}
