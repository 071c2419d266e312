package sqlite

import (
	"tiepdan/internal/attachment"
	"tiepdan/internal/auth"
	"tiepdan/internal/deadline"
	"tiepdan/internal/demo"
	"tiepdan/internal/jobs"
	"tiepdan/internal/notify"
	"tiepdan/internal/org"
	"tiepdan/internal/petition"
	"tiepdan/internal/reminder"
	"tiepdan/internal/report"
	"tiepdan/internal/retention"
	"tiepdan/internal/schedule"
	"tiepdan/internal/visit"
)

// The store interfaces of the domain this driver implements, as the other
// driver does; internal/store.DB lists them all, with the API's.
var (
	_ petition.Store           = (*DB)(nil)
	_ petition.Rules           = (*DB)(nil)
	_ petition.FieldStore      = (*DB)(nil)
	_ petition.Confidentiality = (*DB)(nil)
	_ deadline.Store           = (*DB)(nil)
	_ org.Store                = (*DB)(nil)
	_ visit.Store              = (*DB)(nil)
	_ auth.Store               = (*DB)(nil)
	_ attachment.Store         = (*DB)(nil)
	_ report.Store             = (*DB)(nil)
	_ report.Units             = (*DB)(nil)
	_ demo.Store               = (*DB)(nil)
	_ demo.BulkStore           = (*DB)(nil)
	_ jobs.LeaseStore          = (*DB)(nil)
	_ notify.Store             = (*DB)(nil)
	_ reminder.Store           = (*DB)(nil)
	_ schedule.Store           = (*DB)(nil)
	_ retention.Store          = (*DB)(nil)
)
