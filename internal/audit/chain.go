package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"iter"
	"strconv"
	"time"
)

// The chain. Each entry's hash is the SHA-256 of its canonical encoding,
// which starts with the previous entry's hash: changing any field of a row
// changes its hash, and changing a hash unlinks the row after it. Ids are
// hashed too and run 1, 2, 3… with no gap (the store gives each new row the
// previous id + 1 in the same transaction, and a write rolled back takes
// its row with it), so a deleted row shows as a missing id.
//
// The limit: rows deleted from the end leave a shorter chain that is still
// whole, and anyone who can write the database file can recompute every
// hash after a row they changed. Both are caught only against a copy of an
// earlier head (its id and hash) kept outside the database, which is why
// verification reports the head for operators to record.

// Head is the newest entry of the chain: what the next entry links to.
// The zero Head is the start of an empty trail.
type Head struct {
	ID   int64
	Hash string
}

// timeLayout is how an entry's time is encoded for its hash: UTC to the
// microsecond, fixed width.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// encodingTag starts every encoding, so a future encoding cannot be
// mistaken for this one.
const encodingTag = "tiepdan-audit-v1"

// Link makes e the entry after h: it sets e's id, previous hash and hash.
// The time is kept to the microsecond, as the store keeps it.
func (e *Entry) Link(h Head) {
	e.ID = h.ID + 1
	e.PrevHash = h.Hash
	e.At = e.At.UTC().Truncate(time.Microsecond)
	e.Hash = e.Sum()
}

// Sum returns the hash of e as it stands (its PrevHash included, its Hash
// not), in lower-case hex.
func (e *Entry) Sum() string {
	sum := sha256.Sum256(e.canonical())
	return hex.EncodeToString(sum[:])
}

// canonical is the bytes the hash covers: the tag, the previous hash, then
// every field, each as a netstring ("<length in bytes>:<bytes>,"), so no
// two different entries encode alike whatever their fields contain. A nil
// user id (system work) and absent before or after are empty strings; an
// id is never empty and stored JSON never is.
func (e *Entry) canonical() []byte {
	user := ""
	if e.UserID != nil {
		user = strconv.FormatInt(*e.UserID, 10)
	}
	fields := [...]string{
		encodingTag,
		e.PrevHash,
		strconv.FormatInt(e.ID, 10),
		e.At.UTC().Format(timeLayout),
		user,
		e.Username,
		e.Address,
		string(e.Action),
		e.ObjectType,
		e.ObjectID,
		string(e.Before),
		string(e.After),
	}
	n := 0
	for _, f := range fields {
		n += len(f) + 22
	}
	b := make([]byte, 0, n)
	for _, f := range fields {
		b = strconv.AppendInt(b, int64(len(f)), 10)
		b = append(b, ':')
		b = append(b, f...)
		b = append(b, ',')
	}
	return b
}

// Reason says how a row breaks the chain.
type Reason string

const (
	// Edited: the row's fields no longer give its hash.
	Edited Reason = "edited"
	// Missing: rows are gone; the id named is the first missing one.
	Missing Reason = "missing"
	// Unlinked: the row is whole but its previous hash is not the hash of
	// the row before it, which was rewritten with a recomputed hash (or
	// this row's link was).
	Unlinked Reason = "unlinked"
)

// Broken is the first row where the chain fails.
type Broken struct {
	ID     int64 // the row that fails (for Missing, the first missing id)
	Reason Reason
	Detail string // in words, for the operator
}

func (b *Broken) Error() string {
	return fmt.Sprintf("audit trail broken at row %d (%s): %s", b.ID, b.Reason, b.Detail)
}

// Report is what a verification found: the rows checked and the head.
type Report struct {
	Rows int64
	Head Head
}

// Verify walks the trail in id order and checks every row: its id follows
// the previous one, its fields give its hash, and it links to the previous
// row's hash. It stops at the first broken row and returns it as a
// *Broken error, with the report of the rows before it; an error reading
// the rows is returned as it is. It holds one row at a time.
func Verify(rows iter.Seq2[Entry, error]) (Report, error) {
	var r Report
	for e, err := range rows {
		if err != nil {
			return r, fmt.Errorf("reading the audit trail after row %d: %w", r.Head.ID, err)
		}
		if b := check(r.Head, &e); b != nil {
			return r, b
		}
		r.Rows++
		r.Head = Head{ID: e.ID, Hash: e.Hash}
	}
	return r, nil
}

// check tells whether e is a valid successor of h.
func check(h Head, e *Entry) *Broken {
	switch {
	case e.ID <= h.ID:
		return &Broken{ID: e.ID, Reason: Edited,
			Detail: fmt.Sprintf("its id does not follow row %d (ids must increase by one)", h.ID)}
	case e.ID > h.ID+1 && h.ID == 0:
		return &Broken{ID: 1, Reason: Missing,
			Detail: fmt.Sprintf("the trail starts at row %d: %s deleted", e.ID, span(1, e.ID-1))}
	case e.ID > h.ID+1:
		return &Broken{ID: h.ID + 1, Reason: Missing,
			Detail: fmt.Sprintf("%s deleted: row %d follows row %d", span(h.ID+1, e.ID-1), e.ID, h.ID)}
	case e.Sum() != e.Hash:
		return &Broken{ID: e.ID, Reason: Edited, Detail: "its contents do not match its hash: the row was changed"}
	case e.PrevHash != h.Hash && h.ID == 0:
		return &Broken{ID: e.ID, Reason: Unlinked, Detail: "the first row must start the chain, but it links to an earlier hash"}
	case e.PrevHash != h.Hash:
		return &Broken{ID: e.ID, Reason: Unlinked, Detail: fmt.Sprintf(
			"it does not link to row %d: row %d was rewritten with a recomputed hash, or this row's link was", h.ID, h.ID)}
	}
	return nil
}

func span(from, to int64) string {
	if from == to {
		return fmt.Sprintf("row %d was", from)
	}
	return fmt.Sprintf("rows %d to %d were", from, to)
}
