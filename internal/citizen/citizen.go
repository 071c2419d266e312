// Package citizen holds the people who come to reception or send petitions,
// and the rules for their identity documents.
package citizen

import (
	"strings"
	"time"
	"unicode"

	"tiepdan/internal/fault"
)

// IDKind says which identity document a number belongs to.
type IDKind string

const (
	IDNone     IDKind = ""         // a postal petition may carry no identity number
	IDCCCD     IDKind = "cccd"     // 12-digit citizen identity card
	IDPassport IDKind = "passport" // Vietnamese or foreign passport
)

// Citizen is a person known to the deployment, found again by ID number.
type Citizen struct {
	ID       int64     `json:"id"`
	FullName string    `json:"full_name"`
	IDKind   IDKind    `json:"id_kind,omitempty"`
	IDNumber string    `json:"id_number,omitempty"`
	Phone    string    `json:"phone,omitempty"`
	Address  string    `json:"address,omitempty"`
	Created  time.Time `json:"created_at"`
}

// Normalize trims spaces so the same person is not stored twice for a blank.
func (c *Citizen) Normalize() {
	c.FullName = strings.Join(strings.Fields(c.FullName), " ")
	c.IDNumber = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(c.IDNumber), " ", ""))
	c.Phone = strings.TrimSpace(c.Phone)
	c.Address = strings.TrimSpace(c.Address)
	if c.IDKind == IDNone && c.IDNumber != "" {
		c.IDKind = IDCCCD
	}
}

// Validate checks the citizen's fields on the given day. A submitted id is
// dropped: people are found again by their ID number, never by a number the
// client chose.
func (c *Citizen) Validate(now time.Time) error {
	c.ID = 0
	c.Normalize()
	var p fault.Problems
	switch n := len([]rune(c.FullName)); {
	case n == 0:
		p.Add("full_name", "citizen.name_required", nil)
	case n > 200:
		p.Add("full_name", "invalid.too_long", map[string]any{"Max": 200})
	}
	switch c.IDKind {
	case IDNone:
	case IDCCCD:
		if _, key := ParseCCCD(c.IDNumber, now); key != "" {
			p.Add("id_number", key, nil)
		}
	case IDPassport:
		if !validPassport(c.IDNumber) {
			p.Add("id_number", "passport.format", nil)
		}
	default:
		p.Add("id_kind", "invalid.choice", map[string]any{"Value": string(c.IDKind)})
	}
	if c.Phone != "" && !validPhone(c.Phone) {
		p.Add("phone", "citizen.phone", nil)
	}
	if len([]rune(c.Address)) > 500 {
		p.Add("address", "invalid.too_long", map[string]any{"Max": 500})
	}
	return p.Err()
}

// validPassport accepts 6 to 20 letters and digits, starting with a letter
// for Vietnamese passports (one letter and seven digits) and most foreign ones.
func validPassport(s string) bool {
	if len(s) < 6 || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z') && !(r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// validPhone accepts 8 to 15 digits with an optional leading + and the
// separators people write (spaces, dots, dashes).
func validPhone(s string) bool {
	digits := 0
	for i, r := range s {
		switch {
		case unicode.IsDigit(r):
			digits++
		case r == '+' && i == 0:
		case r == ' ' || r == '.' || r == '-':
		default:
			return false
		}
	}
	return digits >= 8 && digits <= 15
}
