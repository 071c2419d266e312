package transfer_test

import (
	"context"
	"iter"
	"testing"
	"time"

	"tiepdan/internal/transfer"
)

// rows is a source holding the same rows in every table.
type rows [][]any

func (r rows) TableNames(context.Context) ([]string, error) { return nil, nil }

func (r rows) Rows(context.Context, transfer.Table, []string) iter.Seq2[[]any, error] {
	return func(yield func([]any, error) bool) {
		for _, row := range r {
			if !yield(row, nil) {
				return
			}
		}
	}
}

func TestSumsMatchAcrossDriverTypesAndCatchAChangedRow(t *testing.T) {
	at := time.Date(2026, 5, 1, 9, 30, 0, 123456789, time.FixedZone("ICT", 7*3600))
	lite := rows{{int64(1), "Đất đai", at, []byte{1, 2}, nil}, {int64(2), "x", at, []byte{}, int64(0)}}
	// PostgreSQL gives int32 for integer columns and instants in UTC.
	pg := rows{{int32(1), "Đất đai", at.UTC(), []byte{1, 2}, nil}, {int64(2), "x", at.UTC(), []byte{}, int32(0)}}
	edited := rows{{int64(1), "Đất đai", at, []byte{1, 2}, nil}, {int64(2), "y", at, []byte{}, int64(0)}}
	short := rows{{int64(1), "Đất đai", at, []byte{1, 2}, nil}}
	ctx := context.Background()
	table := transfer.Table{Name: "t", Key: "id"}
	n1, s1, _ := transfer.Sum(ctx, lite, table, nil)
	n2, s2, _ := transfer.Sum(ctx, pg, table, nil)
	if n1 != 2 || n1 != n2 || s1 != s2 {
		t.Errorf("the same rows: %d %s and %d %s", n1, s1, n2, s2)
	}
	if _, s3, _ := transfer.Sum(ctx, edited, table, nil); s3 == s1 {
		t.Error("an edited value left the checksum unchanged")
	}
	if n4, s4, _ := transfer.Sum(ctx, short, table, nil); n4 != 1 || s4 == s1 {
		t.Errorf("a missing row: %d %s", n4, s4)
	}
}
