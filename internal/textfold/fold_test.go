package textfold_test

import (
	"testing"

	"tiepdan/internal/textfold"
)

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Đất đai": "dat dai",
		"ĐẤT ĐAI": "dat dai",
		"Bồi thường, giải phóng mặt bằng": "boi thuong giai phong mat bang",
		"Nguyễn Thị Hường":                "nguyen thi huong",
		"K7QM-3XPA-9RTD":                  "k7qm 3xpa 9rtd",
		"  số 12/2026 ":                   "so 12 2026",
		"":                                "",
	} {
		if got := textfold.Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}
