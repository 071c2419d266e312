// Package calendar knows which days are working days in a Vietnamese
// public office and counts the law's time limits on them.
//
// A limit in working days (ngày làm việc) skips Saturdays, Sundays and
// public holidays and counts make-up working days (ngày làm bù). A limit in
// days (ngày) counts calendar days and, when it ends on a day off, ends on
// the next working day instead (Bộ luật Dân sự 2015, Điều 148 khoản 5). The
// day of the event is never counted (Điều 147 khoản 3).
//
// Holidays are data: the government fixes the Tết break, the day next to
// 2/9 and the make-up Saturdays each year, so a Calendar is built from
// entries an admin can edit. DefaultEntries ships the known notices and
// derives the rest from the Labour Code and the Vietnamese lunar calendar.
//
// The package imports neither a database nor HTTP; every result carries an
// Explanation a leader can read to see why a deadline falls where it does.
package calendar
