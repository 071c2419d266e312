// Package migrations embeds the numbered schema migrations, one tree per
// storage driver.
package migrations

import "embed"

// SQLite holds the migrations under sqlite/.
//
//go:embed sqlite/*.sql
var SQLite embed.FS

// Postgres holds the migrations under postgres/.
//
//go:embed postgres/*.sql
var Postgres embed.FS
