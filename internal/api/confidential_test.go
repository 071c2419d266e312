package api_test

import (
	"fmt"
	"strings"
	"testing"
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
