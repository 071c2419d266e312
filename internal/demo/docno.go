package demo

import (
	"fmt"
	"time"

	"tiepdan/internal/org"
	"tiepdan/internal/vntime"
)

// Kinds of document a unit issues, as abbreviated in its numbers.
const (
	docGuide    = "HD" // phiếu hướng dẫn
	docTransfer = "PC" // phiếu chuyển đơn
	docNotice   = "TB" // thông báo (thụ lý khiếu nại, trả lời)
	docDecision = "QĐ" // quyết định
	docFinding  = "KL" // kết luận nội dung tố cáo
)

type docKey struct {
	unit int64
	kind string
	year int
}

// docNumbers hands out document numbers the way a unit's register does:
// from 1 each year and increasing. A unit issues many documents that are
// not about petitions, so numbers jump, more at the province, and a
// register first seen in November is far from 1.
type docNumbers struct {
	g    *gen
	last map[docKey]int
}

// yearly is roughly how many documents of a kind a unit issues in a year.
func yearly(level org.Level, kind string) int {
	n := map[string]int{docDecision: 3600, docNotice: 1800, docGuide: 300, docTransfer: 600, docFinding: 60}[kind]
	switch level {
	case org.LevelProvince:
		return n
	case org.LevelDepartment:
		return n / 6
	}
	return n / 12
}

func (d *docNumbers) next(u *unit, kind string, at time.Time) string {
	local := at.In(vntime.Zone)
	k := docKey{u.ID, kind, local.Year()}
	if _, ok := d.last[k]; !ok {
		d.last[k] = yearly(u.Level, kind) * (local.YearDay() - 1) / 365
	}
	gap := 3
	if u.Level == org.LevelProvince {
		gap = 12
		if kind == docGuide || kind == docTransfer {
			gap = 2 // the reception office's own registers
		}
	}
	n := d.last[k] + d.g.between(1, gap)
	d.last[k] = n
	suffix := u.spec.suffix
	if u.Level == org.LevelProvince && (kind == docGuide || kind == docTransfer) {
		suffix = "TCD" // issued by the provincial reception office
	}
	return fmt.Sprintf("%d/%s-%s", n, kind, suffix)
}
