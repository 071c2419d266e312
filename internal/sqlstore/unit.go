package sqlstore

// Subtree is the SQL condition "unit column is the unit or under it"; it
// takes the unit's id as its one argument.
func Subtree(column string) string {
	return column + ` IN (SELECT id FROM units WHERE path LIKE (SELECT path FROM units WHERE id = ?) || '%')`
}
