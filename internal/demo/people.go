package demo

import (
	"fmt"
	"math/rand/v2"
	"time"
	"unicode"
	"unicode/utf8"

	"tiepdan/internal/citizen"
)

// gen draws everything from one seeded source, so a seed always gives the
// same province.
type gen struct {
	r   *rand.Rand
	now time.Time
	// used holds the CCCD numbers handed out, so two people never share
	// one by chance; nil when collisions are acceptable (bulk data, where
	// a map of a million numbers would cost more than it saves).
	used map[string]bool
}

func newGen(seed int64, now time.Time, trackIDs bool) *gen {
	g := &gen{r: rand.New(rand.NewPCG(uint64(seed), 0x7469657064616e)), now: now}
	if trackIDs {
		g.used = map[string]bool{}
	}
	return g
}

func pick[T any](g *gen, list []T) T { return list[g.r.IntN(len(list))] }

// chance is true with probability p.
func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

// between returns an int in [lo, hi].
func (g *gen) between(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

func (g *gen) weightedName(list []weighted) string {
	total := 0
	for _, w := range list {
		total += w.weight
	}
	n := g.r.IntN(total)
	for _, w := range list {
		if n < w.weight {
			return w.name
		}
		n -= w.weight
	}
	return list[0].name
}

// personName returns a full name in the usual family–middle–given order.
func (g *gen) personName(female bool) string {
	family := g.weightedName(familyNames)
	if female {
		name := family + " " + pick(g, femaleMiddleNames)
		if g.chance(0.15) {
			name += " " + pick(g, []string{"Thu", "Ngọc", "Thanh", "Minh", "Kim", "Hồng"})
		}
		return name + " " + pick(g, femaleGivenNames)
	}
	return family + " " + pick(g, maleMiddleNames) + " " + pick(g, maleGivenNames)
}

func (g *gen) fullName() string { return g.personName(g.chance(0.45)) }

// person makes a citizen living in place: name, CCCD, phone and address.
func (g *gen) person(place unitSpec) (citizen.Citizen, error) {
	female := g.chance(0.45)
	c := citizen.Citizen{FullName: g.personName(female), Address: g.address(place)}
	born := g.now.Year() - g.between(20, 85)
	id, err := g.cccd(female, born)
	if err != nil {
		return c, err
	}
	c.IDKind, c.IDNumber = citizen.IDCCCD, id
	if g.chance(0.85) {
		c.Phone = fmt.Sprintf("09%08d", g.r.IntN(100_000_000))
	}
	return c, nil
}

// cccd makes a number that ParseCCCD accepts: province code, sex and
// century digit, two digits of the birth year, six of serial.
func (g *gen) cccd(female bool, born int) (string, error) {
	prov := homeProvince
	if g.chance(0.25) {
		prov = pick(g, cccdProvinces)
	}
	century := (born/100 - 19) * 2 // 0 for 1900s, 2 for 2000s
	if female {
		century++
	}
	for range 100 {
		n := fmt.Sprintf("%s%d%02d%06d", prov, century, born%100, g.r.IntN(1_000_000))
		if _, key := citizen.ParseCCCD(n, g.now); key != "" {
			return "", fmt.Errorf("generated CCCD %s: %s", n, key)
		}
		if g.used == nil {
			return n, nil
		}
		if !g.used[n] {
			g.used[n] = true
			return n, nil
		}
	}
	return "", fmt.Errorf("no free CCCD number for %s/%d", prov, born)
}

// address is where someone in place lives: a house on a street in a
// ward, a hamlet in a commune.
func (g *gen) address(place unitSpec) string {
	if place.ward || len(place.hamlets) == 0 {
		house := fmt.Sprint(g.between(1, 260))
		if g.chance(0.2) {
			house += "/" + fmt.Sprint(g.between(1, 30))
		}
		return fmt.Sprintf("Số %s, đường %s, %s, %s", house, pick(g, streetNames), place.place, provinceName)
	}
	return fmt.Sprintf("%s, %s, %s", pick(g, place.hamlets), place.place, provinceName)
}

// locality is a hamlet or street of place, for the text of a petition.
func (g *gen) locality(place unitSpec) string {
	if place.ward || len(place.hamlets) == 0 {
		return "đường " + pick(g, streetNames) + ", " + place.place
	}
	return lowerFirst(pick(g, place.hamlets)) + ", " + place.place
}

// lowerFirst writes a name inside a sentence: "Thôn Phú Thọ" → "thôn Phú Thọ".
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}
