package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"tiepdan/internal/app"
	"tiepdan/internal/auth"
	"tiepdan/internal/calendar"
	"tiepdan/internal/testdb"
)

// site is the whole program's handler (API and pages) over a fresh
// database whose officials, one per role, sign in with the demo
// password, as the demo users do.
type site struct {
	*testdb.Fixture
	srv *httptest.Server
}

const password = "demo"

func newSite(t *testing.T) *site {
	t.Helper()
	return newSiteAt(t, time.Now)
}

// newSiteAt is newSite with the program's clock set.
func newSiteAt(t *testing.T, now func() time.Time) *site {
	t.Helper()
	f := testdb.New(t)
	ctx := context.Background()
	hash, err := auth.HashPassword(password, 4)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []int64{f.Reception.ID, f.Handler.ID, f.Leader.ID, f.Admin.ID, f.Auditor.ID} {
		if err := f.DB.SetPassword(ctx, u, hash, time.Now(), ""); err != nil {
			t.Fatal(err)
		}
	}
	h, err := app.Handler(f.DB, app.Config{}, now, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &site{Fixture: f, srv: srv}
}

// browser is a client with its own cookies, as one person's browser.
type browser struct {
	t    *testing.T
	base string
	c    *http.Client
}

func (s *site) browser(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: s.srv.URL, c: &http.Client{Jar: jar}}
}

// signIn signs in through the login page.
func (s *site) signIn(t *testing.T, username string) *browser {
	t.Helper()
	b := s.browser(t)
	status, body := b.post("/login", url.Values{"username": {username}, "password": {password}})
	if status != http.StatusOK || strings.Contains(body, `action="/login"`) {
		t.Fatalf("sign in as %s: %d\n%s", username, status, body)
	}
	return b
}

func (b *browser) get(path string) (int, string) {
	b.t.Helper()
	res, err := b.c.Get(b.base + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

func (b *browser) post(path string, form url.Values) (int, string) {
	b.t.Helper()
	res, err := b.c.PostForm(b.base+path, form)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

var csrfMeta = regexp.MustCompile(`<meta name="csrf-token" content="([^"]*)">`)

// csrf is the token the pages put in every form.
func (b *browser) csrf() string {
	b.t.Helper()
	_, body := b.get("/notifications")
	m := csrfMeta.FindStringSubmatch(body)
	if m == nil || m[1] == "" {
		b.t.Fatal("no CSRF token on the page")
	}
	return m[1]
}

// api calls the JSON API with the browser's session, as the pages' script
// does.
func (b *browser) api(method, path string, body any) (int, map[string]any) {
	b.t.Helper()
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, b.base+"/api/v1"+path, strings.NewReader(string(raw)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", b.csrf())
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

// petition records a petition through the API and returns its id, code and
// register number.
func (s *site) petition(t *testing.T, b *browser, fields map[string]any) (id int64, code, number string) {
	t.Helper()
	body := map[string]any{"unit_id": s.Province.ID, "field": "land", "channel": "post"}
	for k, v := range fields {
		body[k] = v
	}
	status, out := b.api("POST", "/petitions", body)
	if status != http.StatusCreated {
		t.Fatalf("record petition: %d %v", status, out)
	}
	return int64(out["id"].(float64)), out["code"].(string), out["number"].(string)
}

func complainant(name, cccd string) []map[string]any {
	return []map[string]any{{"full_name": name, "id_number": cccd, "address": "Thôn Đông, xã Tân An"}}
}

// workingDayFrom is the first working day in Vietnam n or more days from
// today, by the holidays a fresh deployment ships with: a test that needs
// a working day some days ahead must not fail on the eve of a holiday.
func workingDayFrom(n int) calendar.Date {
	cal := calendar.New(calendar.DefaultEntries(time.Now().Year()-1, time.Now().Year()+2))
	d := calendar.Of(time.Now()).AddDays(n)
	if !cal.IsWorkingDay(d) {
		d = cal.NextWorkingDay(d)
	}
	return d
}

// logbookFrom is the logbook from day d, taken before a visit was logged,
// to the day after: the visit is on it even if Vietnam's midnight passed
// in between.
func logbookFrom(d calendar.Date) string {
	return "/reception/logbook?from=" + d.Format() + "&to=" + d.AddDays(1).Format()
}

// daysAgo is an RFC 3339 instant n days back.
func daysAgo(n int) string { return time.Now().AddDate(0, 0, -n).Format(time.RFC3339) }

func idPath(id int64) string { return fmt.Sprintf("/petitions/%d", id) }
