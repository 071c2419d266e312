// Package migrations embeds the numbered schema migrations, one tree per
// storage driver.
package migrations

import "embed"

// SQLite holds the migrations under sqlite/.
//
//go:embed sqlite/*.sql
var SQLite embed.FS
