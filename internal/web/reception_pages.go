package web

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/audit"
	"tiepdan/internal/calendar"
	"tiepdan/internal/citizen"
	"tiepdan/internal/fault"
	"tiepdan/internal/petition"
	"tiepdan/internal/schedule"
	"tiepdan/internal/visit"
	"tiepdan/internal/vntime"
)

// deskPetitions and deskRepresentatives are how many petitions and
// representatives the desk's form holds; the script shows them one by one.
const (
	deskPetitions       = 3
	deskRepresentatives = 5
)

type deskData struct {
	Form           url.Values
	IDNumber       string
	Looked         bool // a lookup was made
	Found          *citizen.Citizen
	Briefing       []petition.Petition
	BriefingTotal  int
	EarlierVisits  []visit.Visit // the visits those petitions were recorded at, newest first
	Fields         []petition.Field
	Types          []petition.Type
	Kinds          []visit.Kind
	RefusalReasons []visit.RefusalReason
	Petitions      []int
	Reps           []int
	IdemKey        string
	// Sessions are today's reception days of the official's unit, to log
	// the visit against.
	Sessions []schedule.Session
}

// desk is the reception desk: look a citizen up by CCCD and brief the
// officer, then log the visit with the petitions it brings.
func (s *Server) desk(c *gin.Context) {
	d, err := s.deskData(c, url.Values{})
	if err != nil {
		s.failErr(c, err)
		return
	}
	p := s.newPage(c, "reception", "web.desk.title")
	switch c.Query("done") {
	case "refused":
		p.Message = p.T("web.desk.refused_logged")
	}
	if number := strings.TrimSpace(c.Query("id_number")); number != "" {
		d.IDNumber, d.Looked = number, true
		if err := s.brief(c, d, number); err != nil {
			s.failErr(c, err)
			return
		}
	}
	p.Data = d
	s.render(c, http.StatusOK, "desk", p)
}

func (s *Server) deskData(c *gin.Context, form url.Values) (*deskData, error) {
	fields, err := s.Fields.Fields(c.Request.Context())
	if err != nil {
		return nil, err
	}
	key := form.Get("idem")
	if key == "" {
		key = randomKey()
	}
	d := &deskData{
		Form: form, Fields: fields, Types: petition.Types, Kinds: visit.Kinds, RefusalReasons: visit.RefusalReasons,
		Petitions: seq(deskPetitions), Reps: seq(deskRepresentatives), IdemKey: key,
	}
	if s.Schedule != nil {
		u, _ := userOf(c)
		today := calendar.Of(s.Now())
		ss, err := s.Schedule.Sessions(c.Request.Context(), schedule.Filter{UnitID: u.UnitID, From: today, To: today})
		if err != nil {
			return nil, err
		}
		for _, x := range ss {
			if x.Status == schedule.Scheduled {
				d.Sessions = append(d.Sessions, x)
			}
		}
	}
	return d, nil
}

// brief finds the citizen and their earlier petitions within the
// official's scope; every lookup, found or not, is on the audit trail.
func (s *Server) brief(c *gin.Context, d *deskData, number string) error {
	number = strings.ToUpper(strings.ReplaceAll(number, " ", ""))
	ct, err := s.Citizens.CitizenByIDNumber(c.Request.Context(), number)
	if err != nil && !fault.Is(err, fault.NotFound) {
		return err
	}
	e := audit.Entry{Action: audit.LookupCitizen, ObjectType: "citizen", After: json.RawMessage(`{"found":false}`)}
	if ct != nil {
		e.ObjectID = strconv.FormatInt(ct.ID, 10)
		e.After = json.RawMessage(`{"found":true}`)
	}
	if err := s.Audit.RecordAudit(c.Request.Context(), e); err != nil {
		return err
	}
	if ct == nil {
		d.Form.Set("citizen_id_number", number)
		return nil
	}
	d.Found = ct
	for k, v := range map[string]string{"citizen_full_name": ct.FullName, "citizen_id_number": ct.IDNumber, "citizen_phone": ct.Phone, "citizen_address": ct.Address} {
		d.Form.Set(k, v)
	}
	unitID, err := s.scope(c)
	if err != nil {
		return err
	}
	res, err := s.Petitions.List(c.Request.Context(), petition.Filter{CitizenID: ct.ID, UnitID: unitID, Limit: 20})
	if err != nil {
		return err
	}
	d.Briefing, d.BriefingTotal = res.Items, res.Total
	return s.earlierVisits(c, d)
}

// earlierVisitsShown is how many earlier visits the briefing lists.
const earlierVisitsShown = 5

// earlierVisits finds the visits the briefed petitions were recorded at:
// the logbook is not searched by person, the petitions are.
func (s *Server) earlierVisits(c *gin.Context, d *deskData) error {
	seen := map[int64]bool{}
	for _, p := range d.Briefing {
		if p.VisitID == nil || seen[*p.VisitID] || len(seen) == earlierVisitsShown {
			continue
		}
		seen[*p.VisitID] = true
		v, err := s.Visits.Get(c.Request.Context(), *p.VisitID)
		if fault.Is(err, fault.NotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if s.visible(c, v.UnitID) != nil {
			continue
		}
		if _, err := s.guardVisitor(c, v, false); err != nil {
			return err
		}
		d.EarlierVisits = append(d.EarlierVisits, *v)
	}
	return nil
}

// createVisit logs the visit and the petitions it brings, then shows the
// receipt; a refused visit goes back to the desk.
func (s *Server) createVisit(c *gin.Context) {
	if err := c.Request.ParseForm(); err != nil {
		s.failErr(c, fault.New(fault.Invalid, "invalid.input", nil))
		return
	}
	form := c.Request.PostForm
	u, _ := userOf(c)
	d := visitDraft(form, u.UnitID)
	v, _, err := s.Visits.Create(c.Request.Context(), u, d, petition.Idempotency{Key: "web:" + form.Get("idem"), RequestHash: formHash(form)})
	if err != nil {
		status, msg := s.message(c, err)
		data, derr := s.deskData(c, form)
		if derr != nil {
			s.failErr(c, derr)
			return
		}
		p := s.newPage(c, "reception", "web.desk.title")
		p.Error, p.Data = msg, data
		s.render(c, status, "desk", p)
		return
	}
	if v.Refused {
		c.Redirect(http.StatusSeeOther, "/reception?done=refused")
		return
	}
	c.Redirect(http.StatusSeeOther, "/reception/visits/"+strconv.FormatInt(v.ID, 10)+"/receipt")
}

// visitDraft reads the desk's form.
func visitDraft(f url.Values, unitID int64) visit.Draft {
	get := func(k string) string { return strings.TrimSpace(f.Get(k)) }
	d := visit.Draft{
		UnitID: unitID, Kind: visit.Kind(get("kind")),
		Citizen:      citizen.Citizen{FullName: get("citizen_full_name"), IDNumber: get("citizen_id_number"), Phone: get("citizen_phone"), Address: get("citizen_address")},
		Summary:      get("summary"),
		PetitionType: petition.Type(get("petition_type")), PriorResolver: get("prior_resolver"),
		InCompetence: f.Get("in_competence") != "", GuidedTo: get("guided_to"), GuidanceDocNo: get("guidance_doc_no"),
		AcceptingBody: get("accepting_body"), TransferDocNo: get("transfer_doc_no"), Notes: get("notes"),
		Refused: f.Get("refused") != "", RefusalReason: visit.RefusalReason(get("refusal_reason")), RefusalNote: get("refusal_note"),
	}
	if id, err := strconv.ParseInt(get("session_id"), 10, 64); err == nil && id > 0 {
		d.SessionID = &id
		// A visit on a leader's reception day is a periodic reception,
		// not the officers' everyday desk.
		if d.Kind == visit.KindRegular {
			d.Kind = visit.KindPeriodic
		}
	}
	d.HeadCount, _ = strconv.Atoi(get("head_count"))
	if d.HeadCount >= 5 {
		for i := range deskRepresentatives {
			n := strconv.Itoa(i)
			if name := get("rep_name_" + n); name != "" {
				d.Representatives = append(d.Representatives, citizen.Citizen{FullName: name, IDNumber: get("rep_id_" + n)})
			}
		}
	}
	if d.Refused {
		return d
	}
	for i := range deskPetitions {
		n := strconv.Itoa(i)
		if get("p"+n+"_summary") == "" {
			continue
		}
		d.Petitions = append(d.Petitions, petition.Draft{
			UnitID: unitID, Type: petition.Type(get("p" + n + "_type")), Field: get("p" + n + "_field"),
			Summary: get("p" + n + "_summary"), Content: get("p" + n + "_content"), Respondent: get("p" + n + "_respondent"),
		})
	}
	if d.Summary == "" && len(d.Petitions) > 0 {
		d.Summary = d.Petitions[0].Summary
	}
	if d.PetitionType == "" && len(d.Petitions) > 0 {
		d.PetitionType = d.Petitions[0].Type
	}
	return d
}

// formHash identifies a form's content, so a resubmitted form replays the
// visit it created instead of logging a second one.
func formHash(f url.Values) string {
	keys := make([]string, 0, len(f))
	for k := range f {
		if k != "csrf_token" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	h := sha256.New()
	for _, k := range keys {
		h.Write([]byte(k + "=" + strings.Join(f[k], "\x00") + "\n"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

func randomKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

type receiptData struct {
	Visit    *visit.Visit
	Redacted bool
	LookupAt string // the address citizens look their code up at
}

// receipt is form 02/TCD: what the citizen handed in, with the tracking
// code of each petition recorded.
func (s *Server) receipt(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		s.fail(c, http.StatusNotFound, "not_found")
		return
	}
	v, err := s.Visits.Get(c.Request.Context(), id)
	if err == nil {
		err = s.visible(c, v.UnitID)
	}
	if err != nil {
		s.failErr(c, err)
		return
	}
	redacted, err := s.guardVisitor(c, v, true)
	if err != nil {
		s.failErr(c, err)
		return
	}
	p := s.newPage(c, "reception", "web.receipt.title")
	scheme := "http"
	if s.secure(c) {
		scheme = "https"
	}
	p.Data = receiptData{Visit: v, Redacted: redacted, LookupAt: scheme + "://" + c.Request.Host + "/lookup"}
	s.render(c, http.StatusOK, "receipt", p)
}

type logbookData struct {
	From, To string // dd/mm/yyyy
	Visits   []visit.Visit
	Total    int
	Unit     string
}

// logbook is form 03/TCD for a day or a period, printable.
func (s *Server) logbook(c *gin.Context) {
	today := s.Now().In(vntime.Zone)
	from, okFrom := parseDay(c.Query("from"))
	to, okTo := parseDay(c.Query("to"))
	if !okFrom {
		from = &today
	}
	if !okTo {
		to = from
	}
	unitID, err := s.scope(c)
	if err != nil {
		s.failErr(c, err)
		return
	}
	res, err := s.Visits.List(c.Request.Context(), visit.Filter{UnitID: unitID, FromDay: from, ToDay: to, Limit: 500})
	if err != nil {
		s.failErr(c, err)
		return
	}
	for i := range res.Items {
		if _, err := s.guardVisitor(c, &res.Items[i], false); err != nil {
			s.failErr(c, err)
			return
		}
	}
	p := s.newPage(c, "logbook", "web.logbook.title")
	d := logbookData{From: from.Format("02/01/2006"), To: to.Format("02/01/2006"), Visits: res.Items, Total: res.Total}
	if p.Unit != nil {
		d.Unit = p.Unit.Name
	}
	p.Data = d
	s.render(c, http.StatusOK, "logbook", p)
}

// parseDay reads a day typed as dd/mm/yyyy (or yyyy-mm-dd).
func parseDay(v string) (*time.Time, bool) {
	v = strings.TrimSpace(v)
	for _, layout := range []string{"02/01/2006", "2/1/2006", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, v, vntime.Zone); err == nil {
			return &t, true
		}
	}
	return nil, false
}

// guardVisitor hides the people of a visit that brought a confidential
// petition from officials not cleared for it, as the API does; a cleared
// official sees them on the visit's own page, and that reading is
// recorded. It reports whether they were hidden.
func (s *Server) guardVisitor(c *gin.Context, v *visit.Visit, page bool) (bool, error) {
	p := v.Protected()
	if p == nil {
		return false, nil
	}
	cleared := false
	if page {
		u, _ := userOf(c)
		var err error
		if cleared, err = s.Petitions.MaySeeIdentity(c.Request.Context(), u, p); err != nil {
			return false, err
		}
	}
	if !cleared {
		hiddenName := s.Catalog.T(langOf(c), "web.hidden_name", nil)
		v.Citizen = citizen.Citizen{FullName: hiddenName}
		for i := range v.Representatives {
			v.Representatives[i] = citizen.Citizen{FullName: hiddenName}
		}
		return true, nil
	}
	return false, s.Audit.RecordAudit(c.Request.Context(), audit.Entry{Action: audit.ReadIdentity, ObjectType: "visit", ObjectID: strconv.FormatInt(v.ID, 10)})
}
