package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"tiepdan/internal/citizen"
	"tiepdan/internal/petition"
	"tiepdan/internal/testdb"
)

// The same petitions on SQLite and on PostgreSQL: every query finds the
// same petitions in the same order on both, whatever diacritics, case and
// punctuation it is typed with and whether its last word is whole.
func TestSearchFindsTheSameOnBothDrivers(t *testing.T) {
	if testdb.Driver() != testdb.Postgres {
		t.Skip("compares SQLite with PostgreSQL: runs in the PostgreSQL run")
	}
	summaries := []string{
		"Khiếu nại quyết định thu hồi đất số 12/QĐ-UBND",
		"Phản ánh ô nhiễm môi trường từ cơ sở chăn nuôi",
		"Tố cáo cán bộ địa chính nhận tiền trái phép",
		"Kiến nghị xem xét chế độ trợ cấp cho người có công",
		"Khiếu nại mức bồi thường đất nông nghiệp",
		"Đề nghị cấp giấy chứng nhận quyền sử dụng đất",
	}
	names := []string{"Nguyễn Văn An", "Trần Thị Bình", "Lê Đức Cường", "Phạm Thị Dung"}
	queries := []string{"dat", "đất", "ĐẤT", "thu hoi", "thu hồi đất", "12/QĐ", "qd ubnd", "khieu nai", "khiếu n", "o nhiem",
		"nguyen van", "Trần", "duc cuong", "tro cap nguoi co cong", "giay chung nhan", "ch", "c", "xyz", "dat nong", "nông ng"}
	codes := func(f *testdb.Fixture) map[string][]string {
		at := time.Date(2026, 4, 1, 2, 0, 0, 0, time.UTC)
		svc := petition.NewService(f.DB, f.DB, func() time.Time { return at })
		ctx := context.Background()
		for i, s := range summaries {
			typ := petition.TypeComplaint
			if i == 2 {
				typ = petition.TypeDenunciation // its denouncer is kept out of the index
			}
			if _, _, err := svc.Create(ctx, f.Reception, petition.Draft{UnitID: f.Province.ID, Type: typ, Field: "land", Summary: s,
				Complainants: []citizen.Citizen{{FullName: names[i%len(names)]}}}, petition.Idempotency{}); err != nil {
				t.Fatal(err)
			}
		}
		out := map[string][]string{}
		for _, q := range queries {
			page, err := svc.List(ctx, petition.Filter{Query: q, Limit: 50})
			if err != nil {
				t.Fatalf("%s: %q: %v", f.Driver, q, err)
			}
			for _, p := range page.Items {
				out[q] = append(out[q], fmt.Sprintf("%s %d", p.Number, page.Total))
			}
		}
		return out
	}
	lite, pg := codes(testdb.NewOn(t, testdb.SQLite)), codes(testdb.NewOn(t, testdb.Postgres))
	found := 0
	for _, q := range queries {
		if !slices.Equal(lite[q], pg[q]) {
			t.Errorf("%q: SQLite finds %v, PostgreSQL %v", q, lite[q], pg[q])
		}
		found += len(lite[q])
	}
	if found == 0 {
		t.Fatal("no query found anything")
	}
}
