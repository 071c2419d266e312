// Package vntime fixes the time zone and date format users see: every day
// is a day in Asia/Ho_Chi_Minh and every date reads dd/mm/yyyy.
package vntime

import (
	"time"
	_ "time/tzdata" // the zone must load on machines without system tzdata
)

// Zone is Asia/Ho_Chi_Minh.
var Zone = mustLoad("Asia/Ho_Chi_Minh")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // the embedded tzdata always has it
	}
	return loc
}

// DateTime formats t as dd/mm/yyyy hh:mm in Vietnam.
func DateTime(t time.Time) string { return t.In(Zone).Format("02/01/2006 15:04") }
