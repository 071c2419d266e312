package api

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/export"
	"tiepdan/internal/i18n"
	"tiepdan/internal/petition"
	"tiepdan/internal/vntime"
)

// petitionHeadings are the columns of an exported petitions list.
var petitionHeadings = []string{"STT", "Số đơn", "Mã tra cứu", "Ngày nhận", "Đơn vị", "Loại đơn", "Lĩnh vực", "Nguồn đơn",
	"Người gửi đơn", "Nội dung tóm tắt", "Trạng thái", "Ngày xử lý"}

// exportPetitions writes the list with its current filters (every page) as
// CSV or XLSX, a batch of rows at a time. Confidential petitions name
// nobody, as in the list.
func (s *Server) exportPetitions(c *gin.Context, f petition.Filter, format string) {
	mediaType, ok := export.Formats[format]
	if !ok {
		fail(c, badParam("format"))
		return
	}
	label, err := s.labels(c)
	if err != nil {
		fail(c, err)
		return
	}
	units, err := s.OrgStore.Units(c)
	if err != nil {
		fail(c, err)
		return
	}
	unitName := map[int64]string{}
	for _, u := range units {
		unitName[u.ID] = u.Name
	}
	c.Header("Content-Type", mediaType)
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="danh-sach-don-%s.%s"`, time.Now().In(vntime.Zone).Format("20060102-1504"), format))
	c.Status(http.StatusOK)
	w, err := export.New(format, c.Writer, "DANH SÁCH ĐƠN — xuất lúc "+vntime.DateTime(time.Now()), petitionHeadings)
	if err != nil {
		s.Log.Error("export", "err", err)
		return
	}
	n := 0
	err = s.Petitions.Each(c, f, func(p *petition.Petition) error {
		n++
		outcome := ""
		if p.Outcome.At != nil {
			outcome = p.Outcome.At.In(vntime.Zone).Format("02/01/2006")
		}
		return w.Row(n, p.Number, petition.FormatCode(p.Code), p.ReceivedAt.In(vntime.Zone).Format("02/01/2006"),
			unitName[p.UnitID], s.Catalog.Label(i18n.VI, "type", string(p.Type)), label("field", p.Field),
			s.Catalog.Label(i18n.VI, "channel", string(p.Channel)), senders(p), p.Summary,
			s.Catalog.Label(i18n.VI, "state", string(p.State)), outcome)
	})
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		// The status is sent: the file stops short, and the log says why.
		s.Log.Error("export", "rows", n, "err", err)
	}
}

// senders names the people on a petition, or says that they are kept
// confidential.
func senders(p *petition.Petition) string {
	if p.Confidential {
		return hiddenName
	}
	names := make([]string, len(p.Complainant))
	for i, c := range p.Complainant {
		names[i] = c.FullName
	}
	return strings.Join(names, "; ")
}
