package app

import (
	"context"
	"fmt"
	"io"

	"tiepdan/internal/audit"
	"tiepdan/internal/store"
)

// verifyAudit checks the audit trail's chain row by row. A broken chain is
// an error naming the first broken row; an intact one prints the rows
// checked and the head, which operators keep elsewhere: only an earlier
// head shows rows deleted from the end, or a chain recomputed after an
// edit.
func verifyAudit(ctx context.Context, db store.DB, stdout io.Writer) error {
	r, err := audit.Verify(db.AuditTrail(ctx))
	if err != nil {
		return fmt.Errorf("%w (the %d rows before it are intact)", err, r.Rows)
	}
	if r.Rows == 0 {
		fmt.Fprintln(stdout, "audit trail: no rows yet")
		return nil
	}
	fmt.Fprintf(stdout, "audit trail intact: %d rows checked\nhead: row %d hash %s\n", r.Rows, r.Head.ID, r.Head.Hash)
	fmt.Fprintln(stdout, "Record the head outside this server: rows deleted from the end, or hashes recomputed after an edit, show only against an earlier head.")
	return nil
}
