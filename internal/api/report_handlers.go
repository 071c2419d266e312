package api

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/i18n"
	"tiepdan/internal/report"
)

// xlsxType is the media type of an Excel workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// periodicReport is the report leaders sign: unit_id (default: the
// official's), subtree (default true: with every unit under it), period
// (2026, 2026-Q1, 2026-H1, 2026-9M, 2026-07) or from and to; format=xlsx
// for the workbook.
func (s *Server) periodicReport(c *gin.Context) {
	unitID, err := queryID(c, "unit_id")
	if err != nil {
		fail(c, err)
		return
	}
	if unitID == 0 {
		unitID = actorOf(c).UnitID
	}
	if err := s.inScope(c, unitID); err != nil {
		fail(c, err)
		return
	}
	subtree := c.DefaultQuery("subtree", "true") != "false"
	format := c.DefaultQuery("format", "json")
	if format != "json" && format != "xlsx" {
		fail(c, badParam("format"))
		return
	}
	p, err := report.ParsePeriod(c.Query("period"), c.Query("from"), c.Query("to"))
	if err != nil {
		fail(c, err)
		return
	}
	r, err := s.Reports.Build(c.Request.Context(), unitID, subtree, p)
	if err != nil {
		fail(c, err)
		return
	}
	if format == "json" {
		ok(c, http.StatusOK, r)
		return
	}
	label, err := s.labels(c)
	if err != nil {
		fail(c, err)
		return
	}
	c.Header("Content-Type", xlsxType)
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="bao-cao-%d-%s-%s.xlsx"`, unitID, p.From, p.To))
	c.Status(http.StatusOK)
	if err := report.WriteXLSX(c.Writer, r, label); err != nil {
		s.Log.Error("report workbook", "err", err)
	}
}

// labels names list values in Vietnamese, the language of the forms:
// fields from the deployment's list, the rest from the catalog.
func (s *Server) labels(c *gin.Context) (func(list, value string) string, error) {
	fs, err := s.Fields.Fields(c.Request.Context())
	if err != nil {
		return nil, err
	}
	fields := map[string]string{}
	for _, f := range fs {
		fields[f.Code] = f.NameVi
	}
	return func(list, value string) string {
		if list == "field" {
			if n, ok := fields[value]; ok {
				return n
			}
			return value
		}
		return s.Catalog.Label(i18n.VI, list, value)
	}, nil
}
