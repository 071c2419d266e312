package sqlite

import (
	"context"
	"strconv"

	"tiepdan/internal/audit"
	"tiepdan/internal/org"
	"tiepdan/internal/sqlstore"
)

// CreateUnit stores a unit and sets its path under its parent.
func (db *DB) CreateUnit(ctx context.Context, u *org.Unit) error {
	return db.write(ctx, func(ctx context.Context, tx *writeTx) error {
		parentPath := "/"
		if u.ParentID != nil {
			if err := tx.QueryRowContext(ctx, `SELECT path FROM units WHERE id = ?`, *u.ParentID).Scan(&parentPath); err != nil {
				return err
			}
		}
		var err error
		u.ID, err = tx.InsertID(ctx,
			`INSERT INTO units (code, name, parent_id, level, remote_area, path, created_at) VALUES (?, ?, ?, ?, ?, '', ?)`,
			u.Code, u.Name, u.ParentID, u.Level, u.RemoteArea, sqlstore.TS(u.Created))
		if err != nil {
			return err
		}
		u.Path = parentPath + strconv.FormatInt(u.ID, 10) + "/"
		if _, err = tx.ExecContext(ctx, `UPDATE units SET path = ? WHERE id = ?`, u.Path, u.ID); err != nil {
			return err
		}
		return sqlstore.Record(ctx, tx, db.now(), audit.Entry{Action: audit.CreateUnit, ObjectType: "unit", ObjectID: sqlstore.IDText(u.ID)}, nil,
			struct {
				Code       string    `json:"code"`
				Name       string    `json:"name"`
				ParentID   *int64    `json:"parent_id"`
				Level      org.Level `json:"level"`
				RemoteArea bool      `json:"remote_area"`
			}{u.Code, u.Name, u.ParentID, u.Level, u.RemoteArea})

	})
}

const unitColumns = `id, code, name, parent_id, level, remote_area, created_at, path`

func scanUnit(s interface{ Scan(...any) error }, u *org.Unit) error {
	return s.Scan(&u.ID, &u.Code, &u.Name, &u.ParentID, &u.Level, &u.RemoteArea, sqlstore.Instant(&u.Created), &u.Path)
}

// Unit returns one unit.
func (db *DB) Unit(ctx context.Context, id int64) (*org.Unit, error) {
	var u org.Unit
	if err := scanUnit(db.r.QueryRowContext(ctx, `SELECT `+unitColumns+` FROM units WHERE id = ?`, id), &u); err != nil {
		return nil, translate(err)
	}
	return &u, nil
}

// Units returns every unit, parents before children.
func (db *DB) Units(ctx context.Context) ([]org.Unit, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+unitColumns+` FROM units ORDER BY path`)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []org.Unit
	for rows.Next() {
		var u org.Unit
		if err := scanUnit(rows, &u); err != nil {
			return nil, translate(err)
		}
		out = append(out, u)
	}
	return out, translate(rows.Err())
}

// Roots counts the units without a parent.
func (db *DB) Roots(ctx context.Context) (int, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM units WHERE parent_id IS NULL`).Scan(&n)
	return n, translate(err)
}
