package textfold_test

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"tiepdan/internal/textfold"
)

// referenceFold is the definition Fold implements, over the whole string
// at once: decompose, drop combining marks, đ as d, lowercase letters and
// digits, one space for each run of anything else. The search index
// already written was folded this way.
func referenceFold(s string) string {
	var b strings.Builder
	space := true
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			r = unicode.ToLower(r)
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		b.WriteRune(r)
		space = false
	}
	return strings.TrimRight(b.String(), " ")
}

// Fold agrees with the definition on every character of the table and on
// random texts mixing Vietnamese, decomposed marks, other scripts and
// punctuation.
func TestFoldAgreesWithTheDefinition(t *testing.T) {
	for r := rune(0); r < 0x3000; r++ {
		s := "a" + string(r) + "b"
		if got, want := textfold.Fold(s), referenceFold(s); got != want {
			t.Fatalf("Fold(%q) = %q, want %q (U+%04X)", s, got, want, r)
		}
	}
	pieces := []string{"Đất", "đai", "Nguyễn", "Hường", "ỷ", "a\u0301", "e\u0323\u0302", " ", ", ", "-", "12/2026",
		"Ωμέγα", "한국어", "日本", "ǅ", "ﬁ", "\u00a0", "Ⅻ", "①", "ß", "İ", "\u200b", "\U0001F600"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		var b strings.Builder
		for range 1 + rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		if got, want := textfold.Fold(s), referenceFold(s); got != want {
			t.Fatalf("Fold(%q) = %q, want %q", s, got, want)
		}
	}
}

func BenchmarkFold(b *testing.B) {
	s := "Khiếu nại quyết định thu hồi đất số 123/QĐ-UBND của Ủy ban nhân dân xã. Gia đình tôi sử dụng ổn định thửa đất từ năm 1993, " +
		"không tranh chấp, đã nộp thuế sử dụng đất đầy đủ. Nguyễn Văn An, Thôn Đông, xã Phú Thịnh, tỉnh Thái Nguyên"
	for b.Loop() {
		textfold.Fold(s)
	}
}
