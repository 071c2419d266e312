package api

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/deadline"
	"tiepdan/internal/export"
	"tiepdan/internal/i18n"
	"tiepdan/internal/petition"
	"tiepdan/internal/visit"
	"tiepdan/internal/vntime"
)

// petitionHeadings are the columns of an exported petitions list.
var petitionHeadings = []string{"STT", "Số đơn", "Mã tra cứu", "Ngày nhận", "Đơn vị", "Loại đơn", "Lĩnh vực", "Nguồn đơn",
	"Người gửi đơn", "Nội dung tóm tắt", "Trạng thái", "Ngày xử lý"}

// exportPetitions writes the list with its current filters (every page) as
// CSV or XLSX, a batch of rows at a time. Confidential petitions name
// nobody, as in the list.
func (s *Server) exportPetitions(c *gin.Context, f petition.Filter, format string) {
	label, err := s.labels(c)
	if err != nil {
		fail(c, err)
		return
	}
	units, err := s.OrgStore.Units(c.Request.Context())
	if err != nil {
		fail(c, err)
		return
	}
	unitName := map[int64]string{}
	for _, u := range units {
		unitName[u.ID] = u.Name
	}
	w, ok := s.startExport(c, format, "danh-sach-don", "DANH SÁCH ĐƠN", petitionHeadings)
	if !ok {
		return
	}
	n := 0
	err = s.Petitions.Each(c.Request.Context(), f, func(p *petition.Petition) error {
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
	s.finishExport(w, n, err)
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

// logbookHeadings are the columns of form 03/TCD, the reception logbook.
var logbookHeadings = []string{"STT", "Ngày tiếp", "Hình thức", "Họ tên", "Địa chỉ", "Số CMND/CCCD", "Số người",
	"Nội dung vụ việc", "Phân loại đơn", "Cơ quan đã giải quyết", "Hướng dẫn, chuyển đơn", "Theo dõi kết quả", "Ghi chú"}

// exportLogbook writes the logbook of a unit and period, a page at a time.
// A visit that brought a confidential petition names nobody.
func (s *Server) exportLogbook(c *gin.Context, f visit.Filter, format string) {
	w, ok := s.startExport(c, format, "so-tiep-cong-dan", "SỔ TIẾP CÔNG DÂN (mẫu 03/TCD)", logbookHeadings)
	if !ok {
		return
	}
	n, err := 0, error(nil)
	for f.Offset = 0; err == nil; f.Offset += exportPage {
		f.Limit = exportPage
		var res visit.Page
		if res, err = s.Visits.List(c.Request.Context(), f); err != nil {
			break
		}
		for i := range res.Items {
			v := &res.Items[i]
			if err = s.guardVisitor(c, v, false); err != nil {
				break
			}
			n++
			guided := strings.TrimSpace(strings.Join([]string{v.GuidedTo, v.GuidanceDocNo, v.AcceptingBody, v.TransferDocNo}, " "))
			if err = w.Row(v.Number, v.VisitedAt.In(vntime.Zone).Format("02/01/2006 15:04"), s.Catalog.Label(i18n.VI, "visit_kind", string(v.Kind)),
				v.Citizen.FullName, v.Citizen.Address, v.Citizen.IDNumber, v.HeadCount, v.Summary,
				s.Catalog.Label(i18n.VI, "type", string(v.PetitionType)), v.PriorResolver, guided, v.ResultNote, v.Notes); err != nil {
				break
			}
		}
		if len(res.Items) < exportPage {
			break
		}
	}
	s.finishExport(w, n, err)
}

// deadlineHeadings are the columns of an exported overdue or due-soon list.
var deadlineHeadings = []string{"STT", "Số đơn", "Mã tra cứu", "Đơn vị", "Loại đơn", "Tóm tắt", "Bước", "Hạn", "Số ngày làm việc quá hạn / còn lại"}

// exportDeadlines writes an overdue or due-soon list, a page at a time.
func (s *Server) exportDeadlines(c *gin.Context, f deadline.Filter, format string, list func(deadline.Filter) (deadline.Page, error)) {
	w, ok := s.startExport(c, format, "han-xu-ly", "DANH SÁCH HẠN XỬ LÝ ĐƠN", deadlineHeadings)
	if !ok {
		return
	}
	n, err := 0, error(nil)
	for f.Offset = 0; err == nil; f.Offset += f.Limit {
		f.Limit = 200
		var res deadline.Page
		if res, err = list(f); err != nil {
			break
		}
		for _, it := range res.Items {
			n++
			days := it.Late
			if days == 0 {
				days = it.Left
			}
			if err = w.Row(n, it.PetitionNumber, petition.FormatCode(it.PetitionCode), it.UnitName, s.Catalog.Label(i18n.VI, "type", it.Type),
				it.Summary, s.Catalog.Label(i18n.VI, "step", string(it.Step)), it.Due.Start().Format("02/01/2006"), days); err != nil {
				break
			}
		}
		if len(res.Items) < f.Limit {
			break
		}
	}
	s.finishExport(w, n, err)
}

// exportPage is how many records an export asks a list for at a time.
const exportPage = 500

// startExport sends the headers of a file export and its first lines.
func (s *Server) startExport(c *gin.Context, format, name, title string, headings []string) (export.Writer, bool) {
	mediaType, ok := export.Formats[format]
	if !ok {
		fail(c, badParam("format"))
		return nil, false
	}
	now := time.Now()
	c.Header("Content-Type", mediaType)
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-%s.%s"`, name, now.In(vntime.Zone).Format("20060102-1504"), format))
	c.Status(http.StatusOK)
	w, err := export.New(format, c.Writer, title+" — xuất lúc "+vntime.DateTime(now), headings)
	if err != nil {
		s.Log.Error("export", "err", err)
		return nil, false
	}
	return w, true
}

// finishExport closes the file; once the status is sent, a failure can
// only stop the file short and be logged.
func (s *Server) finishExport(w export.Writer, rows int, err error) {
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		s.Log.Error("export", "rows", rows, "err", err)
	}
}
