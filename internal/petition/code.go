package petition

import "crypto/rand"

// Tracking codes use Crockford's base-32 alphabet: no I, L, O or U, so a
// code read aloud or copied by hand survives.
const codeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// codeLen characters of 5 random bits each: 60 bits, so guessing a valid code
// among millions of petitions takes on the order of 10^11 tries.
const codeLen = 12

// NewCode returns a fresh random tracking code (unformatted).
func NewCode() string {
	var raw [codeLen]byte
	if _, err := rand.Read(raw[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	for i, b := range raw {
		raw[i] = codeAlphabet[b&31]
	}
	return string(raw[:])
}

// FormatCode groups a code for printing: "K7QM-3XPA-9RTD".
func FormatCode(c string) string {
	if len(c) != codeLen {
		return c
	}
	return c[0:4] + "-" + c[4:8] + "-" + c[8:12]
}
