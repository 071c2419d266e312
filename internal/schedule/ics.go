package schedule

import (
	"fmt"
	"io"
	"time"

	ics "github.com/arran4/golang-ical"

	"tiepdan/internal/org"
	"tiepdan/internal/vntime"
)

// Zone is the TZID of every time in the feed.
const Zone = "Asia/Ho_Chi_Minh"

// WriteICS writes a unit's published sessions as an iCalendar feed that
// calendar applications subscribe to. Times carry TZID=Asia/Ho_Chi_Minh,
// defined by the feed's own VTIMEZONE (UTC+7, no daylight saving), so a
// subscriber anywhere sees them at the right hour. A postponed session
// or cancelled session stays in the feed as CANCELLED with its notice, so a
// calendar that had it removes it and says why.
func WriteICS(w io.Writer, host string, unit *org.Unit, ss []Session, text Texts, stamp time.Time) error {
	cal := ics.NewCalendar()
	cal.SetMethod(ics.MethodPublish)
	cal.SetProductId("-//tiepdan//lich tiep cong dan//VI")
	name := text("schedule.calendar_name", map[string]any{"Unit": unit.Name})
	cal.SetName(name)
	cal.SetXWRCalName(name)
	cal.SetXWRTimezone(Zone)
	cal.SetRefreshInterval("PT6H")
	tz := cal.AddTimezone(Zone)
	std := tz.AddStandard()
	std.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), "+0700")
	std.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), "+0700")
	std.AddProperty(ics.ComponentProperty(ics.PropertyTzname), "ICT")
	std.AddProperty(ics.ComponentPropertyDtStart, "19750613T000000")
	local := func(t time.Time) string { return t.In(vntime.Zone).Format("20060102T150405") }
	for _, s := range ss {
		e := cal.AddEvent(fmt.Sprintf("session-%d@%s", s.ID, host))
		start, end := s.Times()
		e.SetProperty(ics.ComponentPropertyDtStart, local(start), ics.WithTZID(Zone))
		e.SetProperty(ics.ComponentPropertyDtEnd, local(end), ics.WithTZID(Zone))
		e.SetDtStampTime(stamp)
		e.SetLocation(s.Place)
		desc := s.Topic
		if s.MovedReason != "" {
			desc = joinLines(desc, text("schedule.moved", map[string]any{"From": s.NominalDay.Format(), "Reason": s.MovedReason}))
		}
		if s.Status != Scheduled {
			e.SetSummary(text("schedule.event_postponed", map[string]any{"Leader": s.LeaderName}))
			e.SetStatus(ics.ObjectStatusCancelled)
			desc = joinLines(desc, s.Notice)
			e.SetSequence(1)
		} else {
			e.SetSummary(text("schedule.event_summary", map[string]any{"Leader": s.LeaderName}))
			e.SetStatus(ics.ObjectStatusConfirmed)
		}
		if desc != "" {
			e.SetDescription(desc)
		}
	}
	return cal.SerializeTo(w)
}

func joinLines(a, b string) string {
	if a == "" {
		return b
	}
	return a + "\n" + b
}
