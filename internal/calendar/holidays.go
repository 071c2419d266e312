package calendar

import "time"

// Sources of the derived defaults, in Vietnamese like the notices they
// stand in for. The "quản trị viên kiểm tra lại" ones are days the
// government fixes each year: the default is our guess at its choice.
const (
	srcNewYear   = "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm a"
	srcVictory   = "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm c"
	srcLabourDay = "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm d"
	srcNational  = "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm đ"
	srcHungKings = "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm e (10/3 âm lịch, lịch Việt Nam múi giờ UTC+7)"
	srcTetRule   = "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm b và khoản 3; theo phương án dự kiến " +
		"(ngày cuối năm âm lịch đến hết mùng 4 Tết), chờ quyết định của Thủ tướng Chính phủ; quản trị viên kiểm tra lại"
	srcNationalAdjacent = "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm đ và khoản 3; theo phương án dự kiến " +
		"(ngày liền kề nối với ngày nghỉ cuối tuần), chờ quyết định của Thủ tướng Chính phủ; quản trị viên kiểm tra lại"
	srcCompensatory  = "Bộ luật Lao động 2019, Điều 111 khoản 3 (ngày nghỉ lễ trùng ngày nghỉ hằng tuần được nghỉ bù vào ngày làm việc kế tiếp)"
	srcTentativeOwed = "ngày nghỉ lễ được bù là ngày theo phương án dự kiến; quản trị viên kiểm tra lại"
)

// DefaultEntries returns the deployment-wide holiday entries for the years
// fromYear to toYear inclusive: the notices shipped in officialEntries where
// we have them, and DerivedEntries for every other year. An admin edits the
// result; it is a starting point, not the law.
func DefaultEntries(fromYear, toYear int) []Entry {
	var out []Entry
	for y := fromYear; y <= toYear; y++ {
		if official, ok := officialEntries(y); ok {
			out = append(out, official...)
		} else {
			out = append(out, DerivedEntries(y)...)
		}
	}
	sortEntries(out)
	return out
}

// DerivedEntries computes a year's holidays from the Labour Code alone, for
// years whose government notice is not in the data yet:
//
//   - 1/1, 30/4, 1/5 and 2/9 (art. 112(1)).
//   - Tết: five days, from the last day of the lunar year (29 or 30 tháng
//     Chạp) through mùng 4. The Prime Minister fixes the actual days (art.
//     112(3)); "the eve through mùng 4" is the most common choice, and the
//     notice usually adds weekend days and swaps around it.
//   - Giỗ Tổ Hùng Vương: lunar 10/3.
//   - The day next to 2/9 (art. 112(1)(đ)): a weekday, preferring the one
//     that joins a weekend, the government's habit (2024: 2/9 Monday, 3/9
//     off; 2025: 2/9 Tuesday, 1/9 off). With 2/9 on a Wednesday neither
//     does, and we take 1/9, the eve.
//   - A holiday on a Saturday or Sunday gives a compensatory day on the next
//     working day (art. 111(3)), days already off skipped. The same is done
//     for two holidays on one day (Hùng Kings on 30/4, as in 1947): the law
//     does not say, and giving the day keeps the eleven days art. 112 grants.
//
// Every Tết, adjacent-day and Tết compensatory entry is Tentative. The rule
// is the 2019 Labour Code's (in force from 2021); earlier years had other
// holidays and are derived by today's rule all the same.
func DerivedEntries(y int) []Entry {
	tet := LunarNewYear(y)
	holidays := []Entry{
		{Date: NewDate(y, time.January, 1), NameVI: "Tết Dương lịch", NameEN: "New Year's Day", Source: srcNewYear},
		{Date: HungKingsDay(y), NameVI: "Giỗ Tổ Hùng Vương", NameEN: "Hùng Kings' Commemoration Day", Source: srcHungKings},
		{Date: NewDate(y, time.April, 30), NameVI: "Ngày Chiến thắng", NameEN: "Reunification Day", Source: srcVictory},
		{Date: NewDate(y, time.May, 1), NameVI: "Ngày Quốc tế lao động", NameEN: "International Labour Day", Source: srcLabourDay},
		{Date: NewDate(y, time.September, 2), NameVI: "Quốc khánh", NameEN: "National Day", Source: srcNational},
		{Date: nationalDayAdjacent(y), NameVI: "Quốc khánh (ngày liền kề)", NameEN: "National Day (adjacent day)",
			Source: srcNationalAdjacent, Tentative: true},
	}
	for d := tet.AddDays(-1); !d.After(tet.AddDays(3)); d = d.AddDays(1) {
		holidays = append(holidays, Entry{Date: d, NameVI: "Tết Nguyên đán", NameEN: "Lunar New Year (Tết)",
			Source: srcTetRule, Tentative: true})
	}
	for i := range holidays {
		holidays[i].Kind = Holiday
	}
	sortEntries(holidays)
	return withCompensatoryDays(holidays)
}

// nationalDayAdjacent picks the second National Day holiday of year y: the
// weekday neighbour of 2/9, the one next to a weekend if both are weekdays,
// 1/9 if neither is.
func nationalDayAdjacent(y int) Date {
	switch NewDate(y, time.September, 2).Weekday() {
	case time.Monday, time.Thursday, time.Sunday:
		// Monday: Tuesday 3/9 (1/9 is Sunday). Thursday: Friday 3/9 makes a
		// four-day weekend. Sunday: Monday 3/9 (1/9 is Saturday).
		return NewDate(y, time.September, 3)
	default:
		// Tuesday: Monday 1/9 joins the weekend. Wednesday: a tie, the eve.
		// Friday and Saturday: Thursday or Friday 1/9 (3/9 is a weekend day).
		return NewDate(y, time.September, 1)
	}
}

// withCompensatoryDays adds art. 111(3)'s compensatory days to date-sorted
// holidays: one for each holiday on a weekend or on a day another holiday
// already holds, on the first weekday after it that is not already off.
// Two holidays on one day become one entry carrying both names.
func withCompensatoryDays(holidays []Entry) []Entry {
	off := make(map[Date]bool, len(holidays))
	for _, h := range holidays {
		off[h.Date] = true
	}
	out := make([]Entry, 0, len(holidays)+4)
	at := make(map[Date]int, len(holidays)) // index in out of the holiday on a day
	for _, h := range holidays {
		owed := !isWeekday(h.Date)
		if i, taken := at[h.Date]; taken {
			out[i].NameVI += "; " + h.NameVI
			out[i].NameEN += "; " + h.NameEN
			out[i].Source += "; " + h.Source
			out[i].Tentative = out[i].Tentative || h.Tentative
			owed = true
		} else {
			at[h.Date] = len(out)
			out = append(out, h)
		}
		if !owed {
			continue
		}
		d := h.Date.AddDays(1)
		for !isWeekday(d) || off[d] {
			d = d.AddDays(1)
		}
		off[d] = true
		src := srcCompensatory
		if h.Tentative {
			// The day owed moves with the holiday it is owed for.
			src += "; " + srcTentativeOwed
		}
		out = append(out, Entry{
			Date: d, Kind: Holiday,
			NameVI:    "Nghỉ bù " + h.NameVI,
			NameEN:    "Compensatory day off for " + h.NameEN,
			Source:    src,
			Tentative: h.Tentative,
		})
	}
	sortEntries(out)
	return out
}
