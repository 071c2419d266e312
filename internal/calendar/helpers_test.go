package calendar_test

import (
	"time"

	"tiepdan/internal/calendar"
)

// day keeps the tables short: day(2026, 2, 17) is 17/02/2026.
func day(y int, m time.Month, d int) calendar.Date { return calendar.NewDate(y, m, d) }

// shipped is the default calendar the deadline tests count on: the notices
// shipped for 2025–2026 and the derived years around them.
func shipped() *calendar.Calendar { return calendar.New(calendar.DefaultEntries(2024, 2032)) }
