package citizen

import (
	"strconv"
	"time"
)

// provinceCodes are the birth-registration province codes that open a CCCD
// number (Circular 07/2016/TT-BCA, 63 provinces). Numbers issued after the
// 2025 province mergers keep these codes.
var provinceCodes = map[string]bool{
	"001": true, "002": true, "004": true, "006": true, "008": true, "010": true, "011": true,
	"012": true, "014": true, "015": true, "017": true, "019": true, "020": true, "022": true,
	"024": true, "025": true, "026": true, "027": true, "030": true, "031": true, "033": true,
	"034": true, "035": true, "036": true, "037": true, "038": true, "040": true, "042": true,
	"044": true, "045": true, "046": true, "048": true, "049": true, "051": true, "052": true,
	"054": true, "056": true, "058": true, "060": true, "062": true, "064": true, "066": true,
	"067": true, "068": true, "070": true, "072": true, "074": true, "075": true, "077": true,
	"079": true, "080": true, "082": true, "083": true, "084": true, "086": true, "087": true,
	"089": true, "091": true, "092": true, "093": true, "094": true, "095": true, "096": true,
}

// CCCDInfo is what the number itself tells about its holder.
type CCCDInfo struct {
	Province  string // three-digit province code
	Female    bool
	BirthYear int
}

// ParseCCCD checks a 12-digit citizen identity number: digits only, a known
// province code, and a sex/century digit and birth year that are possible on
// the given day. It returns the message key of the first rule broken.
func ParseCCCD(n string, now time.Time) (CCCDInfo, string) {
	if len(n) != 12 {
		return CCCDInfo{}, "cccd.length"
	}
	for _, r := range n {
		if r < '0' || r > '9' {
			return CCCDInfo{}, "cccd.digits"
		}
	}
	info := CCCDInfo{Province: n[:3]}
	if !provinceCodes[info.Province] {
		return CCCDInfo{}, "cccd.province"
	}
	// The fourth digit encodes sex and century (Circular 07/2016/TT-BCA,
	// art. 7): 0/1 for 1900–1999, 2/3 for 2000–2099, … 8/9 for 2300–2399;
	// even is male, odd female.
	g := int(n[3] - '0')
	century := 1900 + (g/2)*100
	yy, _ := strconv.Atoi(n[4:6])
	info.Female = g%2 == 1
	info.BirthYear = century + yy
	if info.BirthYear > now.Year() {
		return CCCDInfo{}, "cccd.birth_year"
	}
	return info, ""
}
