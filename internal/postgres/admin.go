package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"regexp"

	"github.com/jackc/pgx/v5/stdlib"
)

// Databases and schemas for tests, benchmarks and copies: a fresh,
// empty place to open a DB in, given a server's URL.

var identifier = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// admin runs one statement on the server (names are checked, never
// passed as parameters, since DDL takes none).
func admin(ctx context.Context, serverURL, stmt, name string) error {
	if !identifier.MatchString(name) {
		return fmt.Errorf("postgres: %q is not a plain lower-case name", name)
	}
	cfg, err := pgconnConfig(serverURL)
	if err != nil {
		return err
	}
	db := stdlib.OpenDB(*cfg)
	defer db.Close()
	if _, err := db.ExecContext(ctx, fmt.Sprintf(stmt, name)); err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	return nil
}

// CreateDatabase creates an empty database on the server serverURL names
// and returns the URL that opens it.
func CreateDatabase(ctx context.Context, serverURL, name string) (string, error) {
	if err := admin(ctx, serverURL, `CREATE DATABASE %s`, name); err != nil {
		return "", err
	}
	return withPath(serverURL, name)
}

// DropDatabase drops a database, closing the sessions still on it.
func DropDatabase(ctx context.Context, serverURL, name string) error {
	return admin(ctx, serverURL, `DROP DATABASE IF EXISTS %s WITH (FORCE)`, name)
}

// CreateSchema creates an empty schema in the database dbURL names and
// returns the URL whose sessions work in it (their search_path).
func CreateSchema(ctx context.Context, dbURL, name string) (string, error) {
	if err := admin(ctx, dbURL, `CREATE SCHEMA %s`, name); err != nil {
		return "", err
	}
	u, err := url.Parse(dbURL)
	if err != nil {
		return "", err
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// DropSchema drops a schema with everything in it.
func DropSchema(ctx context.Context, dbURL, name string) error {
	return admin(ctx, dbURL, `DROP SCHEMA IF EXISTS %s CASCADE`, name)
}

func withPath(serverURL, name string) (string, error) {
	u, err := url.Parse(serverURL)
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
}

// Raw opens a plain connection pool on a database, for tests that look
// at or tamper with what the driver stored, as someone with access to
// the server could.
func Raw(dbURL string) (*sql.DB, error) {
	cfg, err := pgconnConfig(dbURL)
	if err != nil {
		return nil, err
	}
	return stdlib.OpenDB(*cfg), nil
}

// Migrated reports whether the database dbURL names has been set up by
// this program (its migrations table exists), without changing it.
func Migrated(ctx context.Context, dbURL string) (bool, error) {
	db, err := Raw(dbURL)
	if err != nil {
		return false, err
	}
	defer db.Close()
	var ok bool
	if err := db.QueryRowContext(ctx, `SELECT to_regclass('goose_db_version') IS NOT NULL`).Scan(&ok); err != nil {
		return false, fmt.Errorf("postgres: %w", err)
	}
	return ok, nil
}
