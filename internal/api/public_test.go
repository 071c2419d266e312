package api_test

import (
	"fmt"
	"strings"
	"testing"
)

// A citizen looks a petition up by the code on the receipt, typed any
// way, without signing in, and sees its status and dates but nothing
// about any person; codes cannot be tried in bulk.
func TestPublicLookupShowsNothingPersonal(t *testing.T) {
	e := newEnv(t)
	r := e.do("POST", "/api/v1/petitions", e.petitionBody())
	if r.Code != 201 {
		t.Fatalf("create: %d %s", r.Code, r.Raw)
	}
	code := strings.ToLower(r.Body["formatted_code"].(string))
	e.do("POST", fmt.Sprintf("/api/v1/petitions/%v/events", r.Body["id"]), `{"event": "guide", "version": 1, "target_body": "Tòa án nhân dân tỉnh", "doc_no": "12/HD-TCD"}`)

	p := e.do("GET", "/api/v1/public/petitions/"+code, "", as, "")
	if p.Code != 200 || p.Body["state"] != "guided" || p.Body["received_on"] != "2026-07-07" {
		t.Fatalf("lookup: %d %s", p.Code, p.Raw)
	}
	if o := p.Body["outcome"].(map[string]any); o["body"] != "Tòa án nhân dân tỉnh" || o["doc_no"] != "12/HD-TCD" {
		t.Errorf("outcome %v", o)
	}
	for _, secret := range []string{"Nguyễn Văn An", "001085012345", "0912345678", "thu hồi đất", "bồi thường", "complainants", "summary", "content"} {
		if strings.Contains(p.Raw, secret) {
			t.Errorf("the public view shows %q: %s", secret, p.Raw)
		}
	}
	if r := e.do("GET", "/api/v1/public/petitions/ZZZZ-ZZZZ-ZZZZ", "", as, ""); r.Code != 404 || !strings.Contains(errMessage(r), "mã tra cứu") {
		t.Errorf("unknown code: %d %s", r.Code, r.Raw)
	}
	limited := 0
	for range 40 {
		if r := e.do("GET", "/api/v1/public/petitions/ZZZZ-ZZZZ-ZZZZ", "", as, ""); r.Code == 429 {
			limited++
			if r.Header.Get("Retry-After") == "" {
				t.Fatal("429 without Retry-After")
			}
		}
	}
	if limited == 0 {
		t.Error("40 look-ups in a row from one address were never slowed")
	}
}
