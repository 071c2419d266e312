package sqlstore

import (
	"context"
	"strconv"

	"tiepdan/internal/audit"
	"tiepdan/internal/org"
)

// CreateUnit stores a unit and sets its path under its parent.
func (st *Store) CreateUnit(ctx context.Context, u *org.Unit) error {
	return st.write(ctx, func(ctx context.Context, tx Tx) error {
		parentPath := "/"
		if u.ParentID != nil {
			if err := tx.QueryRowContext(ctx, `SELECT path FROM units WHERE id = ?`, *u.ParentID).Scan(&parentPath); err != nil {
				return err
			}
		}
		var err error
		u.ID, err = tx.InsertID(ctx,
			`INSERT INTO units (code, name, parent_id, level, remote_area, path, created_at) VALUES (?, ?, ?, ?, ?, '', ?)`,
			u.Code, u.Name, u.ParentID, u.Level, u.RemoteArea, TS(u.Created))
		if err != nil {
			return err
		}
		u.Path = parentPath + strconv.FormatInt(u.ID, 10) + "/"
		if _, err = tx.ExecContext(ctx, `UPDATE units SET path = ? WHERE id = ?`, u.Path, u.ID); err != nil {
			return err
		}
		return Record(ctx, tx, st.now(), audit.Entry{Action: audit.CreateUnit, ObjectType: "unit", ObjectID: IDText(u.ID)}, nil,
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
	return s.Scan(&u.ID, &u.Code, &u.Name, &u.ParentID, &u.Level, &u.RemoteArea, Instant(&u.Created), &u.Path)
}

// Unit returns one unit.
func (st *Store) Unit(ctx context.Context, id int64) (*org.Unit, error) {
	var u org.Unit
	if err := scanUnit(st.r.QueryRowContext(ctx, `SELECT `+unitColumns+` FROM units WHERE id = ?`, id), &u); err != nil {
		return nil, st.translate(err)
	}
	return &u, nil
}

// Units returns every unit, parents before children.
func (st *Store) Units(ctx context.Context) ([]org.Unit, error) {
	rows, err := st.r.QueryContext(ctx, `SELECT `+unitColumns+` FROM units ORDER BY path`)
	if err != nil {
		return nil, st.translate(err)
	}
	defer rows.Close()
	var out []org.Unit
	for rows.Next() {
		var u org.Unit
		if err := scanUnit(rows, &u); err != nil {
			return nil, st.translate(err)
		}
		out = append(out, u)
	}
	return out, st.translate(rows.Err())
}

// Roots counts the units without a parent.
func (st *Store) Roots(ctx context.Context) (int, error) {
	var n int
	err := st.r.QueryRowContext(ctx, `SELECT count(*) FROM units WHERE parent_id IS NULL`).Scan(&n)
	return n, st.translate(err)
}

// Subtree is the SQL condition "unit column is the unit or under it"; it
// takes the unit's id as its one argument.
func Subtree(column string) string {
	return column + ` IN (SELECT id FROM units WHERE path LIKE (SELECT path FROM units WHERE id = ?) || '%')`
}
