package postgres

import (
	"context"
	"strings"

	"tiepdan/internal/audit"
	"tiepdan/internal/org"
	"tiepdan/internal/sqlstore"
)

// CreateUser stores a user with their roles.
func (db *DB) CreateUser(ctx context.Context, u *org.User) error {
	return db.write(ctx, func(ctx context.Context, tx *writeTx) error {
		var err error
		u.ID, err = tx.InsertID(ctx,
			`INSERT INTO users (username, full_name, email, unit_id, active, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			u.Username, u.FullName, u.Email, u.UnitID, u.Active, sqlstore.TS(u.Created))
		if err != nil {
			return err
		}
		for _, r := range u.Roles {
			if _, err := tx.ExecContext(ctx, `INSERT INTO user_roles (user_id, role) VALUES (?, ?)`, u.ID, r); err != nil {
				return err
			}
		}
		return sqlstore.Record(ctx, tx, db.now(), audit.Entry{Action: audit.CreateUser, ObjectType: "user", ObjectID: sqlstore.IDText(u.ID)}, nil,
			struct {
				Username string     `json:"username"`
				FullName string     `json:"full_name"`
				UnitID   int64      `json:"unit_id"`
				Roles    []org.Role `json:"roles"`
				Active   bool       `json:"active"`
			}{u.Username, u.FullName, u.UnitID, u.Roles, u.Active})

	})
}

// userColumns are a user's columns (from "users u"), roles last as a
// comma-separated list.
const userColumns = `u.id, u.username, u.full_name, u.email, u.unit_id, u.active, u.created_at,
	COALESCE((SELECT string_agg(role, ',' ORDER BY role) FROM user_roles WHERE user_id = u.id), '')`

const userSelect = `SELECT ` + userColumns + ` FROM users u`

func scanUser(s interface{ Scan(...any) error }) (*org.User, error) {
	var u org.User
	var roles string
	if err := s.Scan(&u.ID, &u.Username, &u.FullName, &u.Email, &u.UnitID, &u.Active, sqlstore.Instant(&u.Created), &roles); err != nil {
		return nil, translate(err)
	}
	u.Roles = parseRoles(roles)
	return &u, nil
}

func parseRoles(list string) []org.Role {
	var out []org.Role
	for _, r := range strings.Split(list, ",") {
		if r != "" {
			out = append(out, org.Role(r))
		}
	}
	return out
}

// User returns one user.
func (db *DB) User(ctx context.Context, id int64) (*org.User, error) {
	return scanUser(db.r.QueryRowContext(ctx, userSelect+` WHERE u.id = ?`, id))
}

// UserByUsername returns the user with that login name.
func (db *DB) UserByUsername(ctx context.Context, username string) (*org.User, error) {
	return scanUser(db.r.QueryRowContext(ctx, userSelect+` WHERE u.username = ?`, username))
}

// Users returns the users of a unit and the units under it (all for 0).
func (db *DB) Users(ctx context.Context, unitID int64) ([]org.User, error) {
	q, args := userSelect+` ORDER BY u.username`, []any{}
	if unitID != 0 {
		q, args = userSelect+` WHERE `+sqlstore.Subtree("u.unit_id")+` ORDER BY u.username`, []any{unitID}
	}
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	var out []org.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *u)
	}
	return out, translate(rows.Err())
}
