package postgres

import (
	"context"
	"strings"
	"time"

	"tiepdan/internal/petition"
	"tiepdan/internal/sqlstore"
	"tiepdan/internal/textfold"
)

// Petitions are indexed for search after they are recorded, not in the
// transaction that records them: the full-text index costs more at commit
// than everything else a petition writes. A background indexer catches up
// within moments, and a search first indexes whatever is still pending, so
// a search always sees every petition recorded before it.

// indexBatch bounds the petitions indexed in one write.
const indexBatch = 2000

// indexPending indexes petitions recorded since the last run, at most
// limit of them (0: all), inside tx.
func indexPending(ctx context.Context, tx *writeTx, limit int) error {
	var mark int64
	if err := tx.QueryRowContext(ctx, `SELECT value FROM revisions WHERE name = 'search'`).Scan(&mark); err != nil {
		return err
	}
	q := `WHERE id > ? ORDER BY id`
	args := []any{mark}
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	last, err := index(ctx, tx, q, args...)
	if err != nil || last == 0 {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE revisions SET value = ? WHERE name = 'search'`, last)
	return err
}

// reindex writes the search entry of an already indexed petition again,
// from what it holds now: a petition marked confidential loses the names.
func reindex(ctx context.Context, tx *writeTx, id int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM petition_search WHERE docid = ?`, id); err != nil {
		return err
	}
	_, err := index(ctx, tx, `WHERE id = ? AND id <= (SELECT value FROM revisions WHERE name = 'search')`, id)
	return err
}

// index writes the search entries of the petitions the condition selects
// and returns the last id indexed (0 for none). The names on a petition
// are those linked to it; a confidential petition's are kept apart and
// never indexed.
func index(ctx context.Context, tx *writeTx, cond string, args ...any) (int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, code, year, number, summary, content, respondent FROM petitions `+cond, args...)
	if err != nil {
		return 0, err
	}
	var ps []petition.Petition
	for rows.Next() {
		var p petition.Petition
		var year, number int
		if err := rows.Scan(&p.ID, &p.Code, &year, &number, &p.Summary, &p.Content, &p.Respondent); err != nil {
			rows.Close()
			return 0, err
		}
		p.Number = sqlstore.FormatNumber(number, year)
		ps = append(ps, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(ps) == 0 {
		return 0, err
	}
	ids := make([]int64, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	people, err := sqlstore.CitizensOf(ctx, tx, "petition_complainants", "petition_id", ids)
	if err != nil {
		return 0, err
	}
	// One statement for the batch: with a round trip per petition, under
	// the write lock, indexing a copied million petitions ran for tens of
	// minutes.
	bodies := make([]string, len(ps))
	for i, p := range ps {
		p.Complainant = people[p.ID]
		bodies[i] = textfold.Fold(p.SearchText())
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO petition_search (docid, body) SELECT * FROM unnest(?::bigint[], ?::text[])`,
		ids, bodies); err != nil {
		return 0, err
	}
	return ps[len(ps)-1].ID, nil
}

// searchPending reports whether some petitions are not indexed yet.
func (db *DB) searchPending(ctx context.Context) (bool, error) {
	var pending bool
	err := db.r.QueryRowContext(ctx, `SELECT COALESCE((SELECT max(id) FROM petitions), 0) > (SELECT value FROM revisions WHERE name = 'search')`).Scan(&pending)
	return pending, err
}

// catchUpSearch indexes every pending petition before a search.
func (db *DB) catchUpSearch(ctx context.Context) error {
	for {
		pending, err := db.searchPending(ctx)
		if err != nil || !pending {
			return err
		}
		// A batch at a time: one query reads the names of a batch's
		// petitions with one parameter each, and the server takes at most
		// 65,535 (a copied or generated database has far more pending).
		if err := db.write(ctx, func(ctx context.Context, tx *writeTx) error { return indexPending(ctx, tx, indexBatch) }); err != nil {
			return err
		}
	}
}

// indexLoop indexes new petitions in the background, a batch at a time,
// until the database closes.
func (db *DB) indexLoop(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	ctx := context.Background()
	for {
		select {
		case <-db.closed:
			return
		case <-t.C:
		}
		if pending, err := db.searchPending(ctx); err != nil || !pending {
			continue
		}
		_ = db.write(ctx, func(ctx context.Context, tx *writeTx) error { return indexPending(ctx, tx, indexBatch) })
	}
}

// searchIDs returns the ids of the petitions matching the tsquery m and
// the other conditions, newest recorded first (or oldest with asc), at most
// max of them: enough for the page asked and for a count capped there.
func (db *DB) searchIDs(ctx context.Context, m string, where []string, args []any, asc bool, max int) ([]int64, error) {
	cond := ""
	if len(where) > 0 {
		cond = ` AND ` + strings.Join(where, ` AND `)
	}
	order := ` ORDER BY s.docid DESC`
	if asc {
		order = ` ORDER BY s.docid`
	}
	// Every petition is indexed under its id: without other conditions the
	// index alone answers, reading no petition.
	from := `petition_search s JOIN petitions p ON p.id = s.docid`
	if cond == "" {
		from = `petition_search s`
	}
	rows, err := db.r.QueryContext(ctx, `SELECT s.docid FROM `+from+`
		WHERE s.words @@ to_tsquery('simple', ?)`+cond+order+` LIMIT ?`, append(append([]any{m}, args...), max)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// OptimizeSearch indexes what is pending and folds the GIN index's pending
// list into the index: after a bulk load, a search reads the index alone.
func (db *DB) OptimizeSearch(ctx context.Context) error {
	if err := db.catchUpSearch(ctx); err != nil {
		return err
	}
	_, err := db.r.ExecContext(ctx, `SELECT gin_clean_pending_list('petition_search_words'::regclass)`)
	return translate(err)
}
