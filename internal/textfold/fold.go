// Package textfold folds Vietnamese text for diacritic-insensitive search:
// "Đất đai" and "dat dai" fold to the same words. Both storage drivers index
// and query the folded form, so search behaves the same on each.
package textfold

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold lowercases s, strips combining marks, maps đ to d and turns every
// run of other characters into one space.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
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

// Words returns the folded words of s.
func Words(s string) []string { return strings.Fields(Fold(s)) }
