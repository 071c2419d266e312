package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"tiepdan/internal/org"
)

// identityShown reports whether a response names the denouncer in any way.
func identityShown(raw string) bool {
	for _, s := range []string{"Nguyễn Văn An", "001085012345", "0912345678"} {
		if strings.Contains(raw, s) {
			return true
		}
	}
	return false
}

func (e *env) readIdentities() int {
	e.t.Helper()
	r := e.do("GET", "/api/v1/audit?action=read_identity", "", as, "admin")
	if r.Code != 200 {
		e.t.Fatalf("audit: %d %s", r.Code, r.Raw)
	}
	return int(r.Body["total"].(float64))
}

// A denouncer's identity is kept apart: the recording officer, the head of
// the unit and the officials the head grants see it, each reading audited;
// everyone else, every list and search, the forwarded copy and the public
// lookup see it redacted.
func TestDenouncerIdentityIsRedactedEverywhereElse(t *testing.T) {
	e := newEnv(t)
	body := strings.Replace(e.petitionBody(), `"complaint"`, `"denunciation"`, 1)
	created := e.do("POST", "/api/v1/petitions", body, as, "reception")
	if created.Code != 201 || created.Body["confidential"] != true || created.Body["hidden_complainants"].(float64) != 1 || identityShown(created.Raw) {
		t.Fatalf("create: %d %s", created.Code, created.Raw)
	}
	path := fmt.Sprintf("/api/v1/petitions/%v", created.Body["id"])
	shown := func(user string) bool {
		t.Helper()
		r := e.do("GET", path, "", as, user)
		if r.Code != 200 {
			t.Fatalf("GET as %s: %d %s", user, r.Code, r.Raw)
		}
		return identityShown(r.Raw)
	}
	reads := e.readIdentities()
	if !shown("reception") || !shown("leader") {
		t.Error("the recording officer or the unit head does not see the identity")
	}
	if shown("handler") || shown("auditor") {
		t.Error("an official not cleared for the case sees the identity")
	}
	if got := e.readIdentities(); got != reads+2 {
		t.Errorf("%d identity reads audited, want %d", got-reads, 2)
	}

	// The scans on it show the denouncer's hand and name: only the cleared
	// read them, and each reading is recorded.
	up := e.upload(path+"/attachments", formFile("don-to-cao.png"), samplePNG, as, "reception")
	if up.Code != 201 {
		t.Fatalf("upload: %d %s", up.Code, up.Raw)
	}
	file := fmt.Sprintf("/api/v1/attachments/%v", up.Body["id"])
	for _, p := range []string{file, path + "/attachments"} {
		if r := e.do("GET", p, "", as, "handler"); r.Code != 403 {
			t.Errorf("%s by an official not cleared: %d", p, r.Code)
		}
	}
	reads = e.readIdentities()
	if r := e.do("GET", file, "", as, "leader"); r.Code != 200 || r.Raw != string(samplePNG) {
		t.Errorf("the unit head downloading the scan: %d", r.Code)
	}
	if got := e.readIdentities(); got != reads+1 {
		t.Errorf("the download was not recorded: %d reads, want %d", got, reads+1)
	}

	// Lists and searches never show it, and the name finds nothing.
	for _, q := range []string{"/api/v1/petitions", "/api/v1/petitions?q=boi+thuong", "/api/v1/petitions?type=denunciation"} {
		r := e.do("GET", q, "", as, "leader")
		if r.Code != 200 || r.Body["total"].(float64) != 1 || identityShown(r.Raw) {
			t.Errorf("%s: %d %s", q, r.Code, r.Raw)
		}
	}
	if r := e.do("GET", "/api/v1/petitions?q=nguyen+van+an", "", as, "leader"); r.Body["total"].(float64) != 0 {
		t.Errorf("the denouncer's name finds the denunciation: %s", r.Raw)
	}
	if r := e.do("GET", "/api/v1/public/petitions/"+created.Body["code"].(string), "", as, ""); r.Code != 200 || identityShown(r.Raw) {
		t.Errorf("public lookup: %d %s", r.Code, r.Raw)
	}

	// The head grants the handler, then withdraws; only the head may.
	if r := e.do("POST", path+"/access", fmt.Sprintf(`{"user_id": %d}`, e.f.Handler.ID), as, "handler"); r.Code != 403 {
		t.Errorf("a handler granting access: %d", r.Code)
	}
	if r := e.do("POST", path+"/access", fmt.Sprintf(`{"user_id": %d}`, e.f.Handler.ID), as, "leader"); r.Code != 204 {
		t.Fatalf("grant: %d %s", r.Code, r.Raw)
	}
	if !shown("handler") {
		t.Error("a granted handler does not see the identity")
	}
	if r := e.do("DELETE", fmt.Sprintf("%s/access/%d", path, e.f.Handler.ID), "", as, "leader"); r.Code != 204 {
		t.Fatalf("revoke: %d %s", r.Code, r.Raw)
	}
	if shown("handler") {
		t.Error("the handler still sees the identity after the grant was withdrawn")
	}

	// The copy forwarded to a commune carries no identity at all.
	fwd := e.do("POST", path+"/events", fmt.Sprintf(`{"event": "forward", "version": 1, "target_unit_id": %d, "doc_no": "5/PC-TCD"}`, e.f.Commune.ID), as, "handler")
	if fwd.Code != 200 || identityShown(fwd.Raw) {
		t.Fatalf("forward: %d %s", fwd.Code, fwd.Raw)
	}
	copyPath := fmt.Sprintf("/api/v1/petitions/%v", fwd.Body["outcome"].(map[string]any)["forwarded_petition_id"])
	if r := e.do("GET", copyPath, "", as, "leader"); r.Code != 200 || r.Body["confidential"] != true || identityShown(r.Raw) {
		t.Errorf("the forwarded copy: %d %s", r.Code, r.Raw)
	}
}

// A handler may mark any petition confidential: its complainants' names
// leave searches and reads by others, and it cannot be undone.
func TestHandlerMarksAPetitionConfidential(t *testing.T) {
	e := newEnv(t)
	created := e.do("POST", "/api/v1/petitions", e.petitionBody(), as, "reception")
	path := fmt.Sprintf("/api/v1/petitions/%v", created.Body["id"])
	if r := e.do("GET", "/api/v1/petitions?q=nguyen+van+an", "", as, "leader"); r.Body["total"].(float64) != 1 {
		t.Fatalf("a complainant's name should find the complaint before: %s", r.Raw)
	}
	if r := e.do("POST", path+"/confidential", `{"version": 1, "reason": ""}`, as, "handler"); r.Code != 422 {
		t.Errorf("without a reason: %d", r.Code)
	}
	if r := e.do("POST", path+"/confidential", `{"version": 1, "reason": "Bảo vệ người khiếu nại"}`, as, "reception"); r.Code != 403 {
		t.Errorf("a reception officer marking: %d", r.Code)
	}
	r := e.do("POST", path+"/confidential", `{"version": 1, "reason": "Bảo vệ người khiếu nại"}`, as, "handler")
	if r.Code != 200 || r.Body["confidential"] != true || r.Body["version"].(float64) != 1 || identityShown(r.Raw) {
		t.Fatalf("mark: %d %s", r.Code, r.Raw)
	}
	h := r.Body["history"].([]any)
	if last := h[len(h)-1].(map[string]any); last["event"] != "mark_confidential" {
		t.Errorf("history ends with %v", last)
	}
	if r := e.do("GET", path, "", as, "auditor"); identityShown(r.Raw) {
		t.Error("an auditor sees a confidential identity")
	}
	if r := e.do("GET", path, "", as, "handler"); !identityShown(r.Raw) {
		t.Error("the marking handler lost sight of the identity")
	}
	if r := e.do("GET", "/api/v1/petitions?q=nguyen+van+an", "", as, "leader"); r.Body["total"].(float64) != 0 {
		t.Errorf("the name still finds the petition: %s", r.Raw)
	}
	if r := e.do("POST", path+"/confidential", `{"version": 1, "reason": "Lần nữa"}`, as, "handler"); r.Code != 409 {
		t.Errorf("marking twice: %d", r.Code)
	}
}

// communeLeader adds the head of the fixture's commune, with a token.
func (e *env) communeLeader() org.User {
	e.t.Helper()
	u, err := org.NewService(e.f.DB, func() time.Time { return now }).CreateUser(context.Background(),
		org.User{Username: "chutich.xa", FullName: "Chủ tịch xã", UnitID: e.f.Commune.ID, Roles: []org.Role{org.RoleLeader}})
	if err != nil {
		e.t.Fatal(err)
	}
	e.addToken(*u)
	return *u
}

// A denunciation made at a visit: the visitor is the denouncer, so the
// visit shows them only to those cleared for the denunciation (recorded),
// and lists never; the petitions of a visit stay in the officer's scope.
func TestVisitOfADenouncerIsRedacted(t *testing.T) {
	e := newEnv(t)
	body := fmt.Sprintf(`{"unit_id": %d, "summary": "Tố cáo cán bộ", "citizen": {"full_name": "Nguyễn Văn An", "id_number": "001085012345", "phone": "0912345678"},
		"petitions": [{"type": "denunciation", "field": "land", "summary": "Tố cáo cán bộ địa chính"}]}`, e.f.Province.ID)
	v := e.do("POST", "/api/v1/visits", body, as, "reception")
	if v.Code != 201 {
		t.Fatalf("visit: %d %s", v.Code, v.Raw)
	}
	path := fmt.Sprintf("/api/v1/visits/%v", v.Body["id"])
	if r := e.do("GET", path, "", as, "handler"); r.Code != 200 || identityShown(r.Raw) {
		t.Errorf("an official not cleared reads the visit: %d %s", r.Code, r.Raw)
	}
	if r := e.do("GET", "/api/v1/visits", "", as, "leader"); identityShown(r.Raw) {
		t.Errorf("the logbook list names the denouncer: %s", r.Raw)
	}
	reads := e.readIdentities()
	if r := e.do("GET", path, "", as, "reception"); !identityShown(r.Raw) {
		t.Errorf("the recording officer does not see the visitor: %s", r.Raw)
	}
	if e.readIdentities() != reads+1 {
		t.Error("the reading was not recorded")
	}
	up := e.upload(path+"/attachments", formFile("don.png"), samplePNG, as, "reception")
	if r := e.do("GET", fmt.Sprintf("/api/v1/attachments/%v", up.Body["id"]), "", as, "handler"); r.Code != 403 {
		t.Errorf("the visit's scan downloaded by an official not cleared: %d", r.Code)
	}
	if r := e.do("GET", "/api/v1/audit?action=attach", "", as, "admin"); r.Body["total"].(float64) != 1 {
		t.Errorf("the upload is not in the audit trail: %s", r.Raw)
	}

	// A commune officer cannot record, through a visit, a petition for
	// another unit.
	xa := e.communeLeader()
	other := fmt.Sprintf(`{"unit_id": %d, "summary": "Hỏi", "citizen": {"full_name": "Phạm Thị Dung"},
		"petitions": [{"unit_id": %d, "type": "feedback", "field": "land", "summary": "Phản ánh"}]}`, e.f.Commune.ID, e.f.Other.ID)
	if r := e.do("POST", "/api/v1/visits", other, as, xa.Username); r.Code != 403 {
		t.Errorf("a petition for another unit through a visit: %d %s", r.Code, r.Raw)
	}
}

// Confidentiality follows a case: a second round of a confidential
// complaint is confidential, copies forwarded before a petition was marked
// are marked with it, and a forwarded denunciation's identity reaches the
// receiving unit's head (not the forwarding official).
func TestConfidentialityFollowsTheCase(t *testing.T) {
	e := newEnv(t)
	first := e.do("POST", "/api/v1/petitions", e.petitionBody(), as, "reception")
	path := fmt.Sprintf("/api/v1/petitions/%v", first.Body["id"])
	fwd := e.do("POST", path+"/events", fmt.Sprintf(`{"event": "forward", "version": 1, "target_unit_id": %d, "doc_no": "5/PC"}`, e.f.Commune.ID), as, "handler")
	if fwd.Code != 200 {
		t.Fatalf("forward: %d %s", fwd.Code, fwd.Raw)
	}
	if r := e.do("POST", path+"/confidential", `{"version": 2, "reason": "Bảo vệ người khiếu nại"}`, as, "handler"); r.Code != 200 {
		t.Fatalf("mark: %d %s", r.Code, r.Raw)
	}
	copyPath := fmt.Sprintf("/api/v1/petitions/%v", fwd.Body["outcome"].(map[string]any)["forwarded_petition_id"])
	if r := e.do("GET", copyPath, "", as, "auditor"); r.Body["confidential"] != true || identityShown(r.Raw) {
		t.Errorf("the copy forwarded before the mark: %s", r.Raw)
	}

	second := e.do("POST", "/api/v1/petitions", fmt.Sprintf(`{"unit_id": %d, "type": "complaint", "field": "land", "round": 2, "first_round_id": %v,
		"summary": "Khiếu nại lần hai", "complainants": [{"full_name": "Nguyễn Văn An", "id_number": "001085012345"}]}`, e.f.Province.ID, first.Body["id"]), as, "reception")
	if second.Code != 201 || second.Body["confidential"] != true || identityShown(second.Raw) {
		t.Errorf("second round: %d %s", second.Code, second.Raw)
	}

	head := e.communeLeader()
	den := e.do("POST", "/api/v1/petitions", strings.Replace(e.petitionBody(), `"complaint"`, `"denunciation"`, 1), as, "reception")
	f2 := e.do("POST", fmt.Sprintf("/api/v1/petitions/%v/events", den.Body["id"]),
		fmt.Sprintf(`{"event": "forward", "version": 1, "target_unit_id": %d, "doc_no": "6/PC"}`, e.f.Commune.ID), as, "handler")
	copy2 := fmt.Sprintf("/api/v1/petitions/%v", f2.Body["outcome"].(map[string]any)["forwarded_petition_id"])
	if r := e.do("GET", copy2, "", as, head.Username); !identityShown(r.Raw) {
		t.Errorf("the receiving unit's head cannot read the denouncer: %s", r.Raw)
	}
	if r := e.do("GET", copy2+"/access", "", as, head.Username); r.Code != 200 || len(r.Body["items"].([]any)) != 0 {
		t.Errorf("grants on the copy: %d %s", r.Code, r.Raw)
	}
}
