package calendar

import "time"

// The government's yearly decisions on the Tết break, the day next to 2/9
// and any swapped days, for the years we ship. Written from memory of the
// notices without the texts at hand: where the day itself or the document
// number is not certain the source says so and the entry is Tentative, so
// the admin screen can ask for a check. Weekend days inside a break are not
// listed: they are off anyway, and an explanation calls them Saturday and
// Sunday.

const (
	srcNotice2025 = "Bộ luật Lao động 2019, Điều 112; Thông báo của Bộ Lao động – Thương binh và Xã hội " +
		"về nghỉ Tết Âm lịch và Quốc khánh năm 2025 (số 6150/TB-LĐTBXH ngày 08/11/2024 — số hiệu cần đối chiếu): " +
		"nghỉ Tết từ thứ Bảy 25/01 đến hết Chủ nhật 02/02/2025, Quốc khánh nghỉ thứ Hai 01/9 và thứ Ba 02/9/2025"
	srcSwap2025 = "Thủ tướng Chính phủ đồng ý hoán đổi ngày làm việc thứ Sáu 02/5/2025 sang thứ Bảy 26/4/2025 " +
		"để nghỉ liên tục từ 30/4 đến hết 04/5/2025 (Bộ Nội vụ thông báo, tháng 4/2025 — số hiệu cần đối chiếu)"
	srcTet2026 = "Bộ luật Lao động 2019, Điều 112; thông báo của Bộ Nội vụ về nghỉ Tết Âm lịch Bính Ngọ: " +
		"nghỉ từ thứ Bảy 14/02 đến hết Chủ nhật 22/02/2026 — ghi theo trí nhớ, chưa đối chiếu văn bản " +
		"(trùng phương án 29 Tết đến hết mùng 4); quản trị viên kiểm tra lại"
	srcNationalAdjacent2026 = "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm đ và khoản 3; theo phương án dự kiến: " +
		"2/9/2026 là thứ Tư, ngày liền kề có thể là thứ Ba 01/9 hoặc thứ Năm 03/9, chưa rõ quyết định; quản trị viên kiểm tra lại"
)

// officialEntries returns the shipped notice for year y, built fresh on
// each call so no caller can change the table. 2027 is not here: no notice
// was known when this was written, so DefaultEntries derives it.
func officialEntries(y int) ([]Entry, bool) {
	switch y {
	case 2025:
		return []Entry{
			holiday(2025, time.January, 1, "Tết Dương lịch", "New Year's Day", srcNewYear, false),
			holiday(2025, time.January, 27, "Tết Nguyên đán", "Lunar New Year (Tết)", srcNotice2025, false),
			holiday(2025, time.January, 28, "Tết Nguyên đán", "Lunar New Year (Tết)", srcNotice2025, false),
			holiday(2025, time.January, 29, "Tết Nguyên đán", "Lunar New Year (Tết)", srcNotice2025, false),
			holiday(2025, time.January, 30, "Tết Nguyên đán", "Lunar New Year (Tết)", srcNotice2025, false),
			holiday(2025, time.January, 31, "Tết Nguyên đán", "Lunar New Year (Tết)", srcNotice2025, false),
			holiday(2025, time.April, 7, "Giỗ Tổ Hùng Vương", "Hùng Kings' Commemoration Day", srcHungKings, false),
			makeUp(2025, time.April, 26, "Làm bù cho ngày nghỉ 02/5/2025", "Make-up working day for 2 May 2025", srcSwap2025, false),
			holiday(2025, time.April, 30, "Ngày Chiến thắng", "Reunification Day", srcVictory, false),
			holiday(2025, time.May, 1, "Ngày Quốc tế lao động", "International Labour Day", srcLabourDay, false),
			holiday(2025, time.May, 2, "Nghỉ hoán đổi dịp 30/4–1/5", "Swapped day off for 30 April–1 May", srcSwap2025, false),
			holiday(2025, time.September, 1, "Quốc khánh (ngày liền kề)", "National Day (adjacent day)", srcNotice2025, false),
			holiday(2025, time.September, 2, "Quốc khánh", "National Day", srcNational, false),
		}, true
	case 2026:
		return []Entry{
			holiday(2026, time.January, 1, "Tết Dương lịch", "New Year's Day", srcNewYear, false),
			holiday(2026, time.February, 16, "Tết Nguyên đán", "Lunar New Year (Tết)", srcTet2026, true),
			holiday(2026, time.February, 17, "Tết Nguyên đán", "Lunar New Year (Tết)", srcTet2026, true),
			holiday(2026, time.February, 18, "Tết Nguyên đán", "Lunar New Year (Tết)", srcTet2026, true),
			holiday(2026, time.February, 19, "Tết Nguyên đán", "Lunar New Year (Tết)", srcTet2026, true),
			holiday(2026, time.February, 20, "Tết Nguyên đán", "Lunar New Year (Tết)", srcTet2026, true),
			// 10/3 Bính Ngọ is a Sunday: listed so the day reads as the
			// holiday, and owed on Monday.
			holiday(2026, time.April, 26, "Giỗ Tổ Hùng Vương", "Hùng Kings' Commemoration Day", srcHungKings, false),
			holiday(2026, time.April, 27, "Nghỉ bù Giỗ Tổ Hùng Vương", "Compensatory day off for Hùng Kings' Commemoration Day", srcCompensatory, false),
			holiday(2026, time.April, 30, "Ngày Chiến thắng", "Reunification Day", srcVictory, false),
			holiday(2026, time.May, 1, "Ngày Quốc tế lao động", "International Labour Day", srcLabourDay, false),
			holiday(2026, time.September, 1, "Quốc khánh (ngày liền kề)", "National Day (adjacent day)", srcNationalAdjacent2026, true),
			holiday(2026, time.September, 2, "Quốc khánh", "National Day", srcNational, false),
		}, true
	}
	return nil, false
}

func holiday(y int, m time.Month, d int, vi, en, src string, tentative bool) Entry {
	return Entry{Date: NewDate(y, m, d), Kind: Holiday, NameVI: vi, NameEN: en, Source: src, Tentative: tentative}
}

func makeUp(y int, m time.Month, d int, vi, en, src string, tentative bool) Entry {
	return Entry{Date: NewDate(y, m, d), Kind: MakeUpWorkday, NameVI: vi, NameEN: en, Source: src, Tentative: tentative}
}
