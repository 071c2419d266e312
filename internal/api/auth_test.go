package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"tiepdan/internal/auth"
	"tiepdan/internal/org"
)

const password = "mật khẩu đủ dài"

func (e *env) setPassword(u org.User) {
	e.t.Helper()
	if err := e.auth.SetPassword(context.Background(), u, password); err != nil {
		e.t.Fatal(err)
	}
}

// login signs in through the API as a browser does and returns the
// session cookie and the CSRF token.
func (e *env) login(username, pw string, headers ...string) (response, string, string) {
	e.t.Helper()
	r := e.do("POST", "/api/v1/auth/login", fmt.Sprintf(`{"username": %q, "password": %q}`, username, pw), append([]string{as, ""}, headers...)...)
	cookie := ""
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if c.Name == "tiepdan_session" {
			cookie = c.Name + "=" + c.Value
		}
	}
	csrf, _ := r.Body["csrf_token"].(string)
	return r, cookie, csrf
}

// A browser signs in with a password, gets an HttpOnly, SameSite session
// cookie, and with it reads; a change needs the session's CSRF token and
// this site as origin; logging out ends the session.
func TestSessionCookieAndCSRF(t *testing.T) {
	e := newEnv(t)
	e.setPassword(e.f.Reception)
	r, cookie, csrf := e.login("Reception ", password)
	if r.Code != 200 || cookie == "" || csrf == "" || r.Body["user"].(map[string]any)["username"] != "reception" {
		t.Fatalf("login: %d %s", r.Code, r.Raw)
	}
	set := r.Header.Get("Set-Cookie")
	for _, attr := range []string{"HttpOnly", "SameSite=Lax", "Path=/"} {
		if !strings.Contains(set, attr) {
			t.Errorf("cookie %q lacks %s", set, attr)
		}
	}
	if strings.Contains(set, "Secure") {
		t.Errorf("cookie %q is Secure over plain HTTP", set)
	}
	if r := e.do("GET", "/api/v1/auth/me", "", as, "", "Cookie", cookie); r.Code != 200 || r.Body["csrf_token"] != csrf {
		t.Fatalf("me: %d %s", r.Code, r.Raw)
	}
	before := e.count("/api/v1/petitions")
	body := e.petitionBody()
	if r := e.do("POST", "/api/v1/petitions", body, as, "", "Cookie", cookie); r.Code != 403 || errCode(r) != "forbidden" || !strings.Contains(errMessage(r), "CSRF") {
		t.Errorf("a post without the CSRF token: %d %s", r.Code, r.Raw)
	}
	if r := e.do("POST", "/api/v1/petitions", body, as, "", "Cookie", cookie, csrfHeader, "x"+csrf); r.Code != 403 {
		t.Errorf("a post with a wrong CSRF token: %d", r.Code)
	}
	if r := e.do("POST", "/api/v1/petitions", body, as, "", "Cookie", cookie, csrfHeader, csrf, "Origin", "https://evil.example"); r.Code != 403 {
		t.Errorf("a post from another site: %d", r.Code)
	}
	if e.count("/api/v1/petitions") != before {
		t.Fatal("a refused post wrote a petition")
	}
	if r := e.do("POST", "/api/v1/auth/logout", "csrf_token=", as, "", "Cookie", cookie, "Content-Type", "application/x-www-form-urlencoded"); r.Code != 403 {
		t.Errorf("a form post without the CSRF token: %d", r.Code)
	}
	form := "csrf_token=" + csrf
	if r := e.do("POST", "/api/v1/auth/logout", form, as, "", "Cookie", cookie, "Content-Type", "application/x-www-form-urlencoded"); r.Code != 204 {
		t.Fatalf("logout with the token in a form field: %d %s", r.Code, r.Raw)
	}
	if r := e.do("GET", "/api/v1/auth/me", "", as, "", "Cookie", cookie); r.Code != 401 {
		t.Errorf("the cookie still works after logout: %d", r.Code)
	}
}

// csrfHeader is the header a cookie-authenticated change carries.
const csrfHeader = "X-CSRF-Token"

// Wrong passwords are answered alike for unknown users; repeated failures
// lock the account even against the right password, until the lock ends.
func TestLoginFailuresLockTheAccount(t *testing.T) {
	e := newEnvWith(t, auth.Options{LockAfter: 3, LockFor: time.Hour, AccountBurst: 100, AddressBurst: 100})
	e.setPassword(e.f.Handler)
	wrong, _, _ := e.login("handler", "sai mật khẩu rồi")
	unknown, _, _ := e.login("nobody", "sai mật khẩu rồi")
	if wrong.Code != 401 || unknown.Code != 401 || errMessage(wrong) != errMessage(unknown) {
		t.Fatalf("wrong password %d %q, unknown user %d %q: want the same 401", wrong.Code, errMessage(wrong), unknown.Code, errMessage(unknown))
	}
	e.login("handler", "sai lần hai")
	third, _, _ := e.login("handler", "sai lần ba")
	if third.Code != 429 || !strings.Contains(errMessage(third), "khóa") {
		t.Fatalf("third failure: %d %s", third.Code, third.Raw)
	}
	r, cookie, _ := e.login("handler", password)
	if r.Code != 429 || cookie != "" || r.Header.Get("Retry-After") == "" {
		t.Fatalf("the right password on a locked account: %d %s", r.Code, r.Raw)
	}
	// Each failure is in the audit trail, under the name tried and the
	// client's address.
	trail := e.do("GET", "/api/v1/audit?action=login_failed", "", as, "admin")
	if trail.Code != 200 || trail.Body["total"].(float64) != 3 || !strings.Contains(trail.Raw, `"username":"handler"`) || !strings.Contains(trail.Raw, "192.0.2.1") {
		t.Errorf("failed logins in the audit trail: %s", trail.Raw)
	}
	// The command line's reset lifts the lock.
	e.setPassword(e.f.Handler)
	if r, cookie, _ := e.login("handler", password); r.Code != 200 || cookie == "" {
		t.Fatalf("after a reset: %d %s", r.Code, r.Raw)
	}
}

// Attempts beyond the allowance are slowed: 429 with Retry-After, per
// account and per client address.
func TestLoginAttemptsAreSlowed(t *testing.T) {
	e := newEnvWith(t, auth.Options{AccountBurst: 2, AddressBurst: 4, LockAfter: 100})
	e.setPassword(e.f.Leader)
	for i := 0; i < 2; i++ {
		if r, _, _ := e.login("leader", "sai mật khẩu"); r.Code != 401 {
			t.Fatalf("attempt %d: %d", i+1, r.Code)
		}
	}
	r, _, _ := e.login("leader", password)
	if r.Code != 429 || r.Header.Get("Retry-After") == "" || errCode(r) != "too_many_requests" {
		t.Fatalf("third attempt on the account: %d %s", r.Code, r.Raw)
	}
	// Every attempt counts against the address: it has one left, then
	// none, whatever the account.
	if r, _, _ := e.login("reception", "sai"); r.Code != 401 {
		t.Fatalf("another account from the address: %d", r.Code)
	}
	if r, _, _ := e.login("admin", "sai"); r.Code != 429 {
		t.Fatalf("the address's fifth attempt: %d", r.Code)
	}
}

// Changing one's password checks the current one, refuses a weak new one
// and ends the official's other sessions.
func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	e := newEnvWith(t, auth.Options{AccountBurst: 20})
	e.setPassword(e.f.Leader)
	_, first, csrf := e.login("leader", password)
	_, second, _ := e.login("leader", password)
	change := func(body string) response {
		return e.do("POST", "/api/v1/auth/password", body, as, "", "Cookie", first, csrfHeader, csrf)
	}
	if r := change(`{"current_password": "sai", "new_password": "một mật khẩu mới"}`); r.Code != 422 || errFields(r)[0] != "current_password" {
		t.Fatalf("wrong current password: %d %s", r.Code, r.Raw)
	}
	if r := change(fmt.Sprintf(`{"current_password": %q, "new_password": "ngắn"}`, password)); r.Code != 422 || errFields(r)[0] != "new_password" {
		t.Fatalf("short new password: %d %s", r.Code, r.Raw)
	}
	if r := change(fmt.Sprintf(`{"current_password": %q, "new_password": "một mật khẩu mới"}`, password)); r.Code != 204 {
		t.Fatalf("change: %d %s", r.Code, r.Raw)
	}
	if r := e.do("GET", "/api/v1/auth/me", "", as, "", "Cookie", first); r.Code != 200 {
		t.Errorf("the session that changed the password ended: %d", r.Code)
	}
	time.Sleep(2100 * time.Millisecond) // the node remembers a checked cookie for 2 s
	if r := e.do("GET", "/api/v1/auth/me", "", as, "", "Cookie", second); r.Code != 401 {
		t.Errorf("another session survived the change: %d", r.Code)
	}
	if r, _, _ := e.login("leader", "một mật khẩu mới"); r.Code != 200 {
		t.Errorf("login with the new password: %d", r.Code)
	}
}

// An API token acts for its official until revoked, and is shown once.
func TestAPITokens(t *testing.T) {
	e := newEnv(t)
	r := e.do("POST", "/api/v1/auth/tokens", `{"name": "Cổng SMS"}`, as, "leader")
	secret, _ := r.Body["token"].(string)
	if r.Code != 201 || !strings.HasPrefix(secret, "tdn_") {
		t.Fatalf("create: %d %s", r.Code, r.Raw)
	}
	call := func() int {
		req := httptest.NewRequest("GET", "/api/v1/auth/me", nil)
		req.Header.Set("Authorization", "Bearer "+secret)
		w := httptest.NewRecorder()
		e.h.ServeHTTP(w, req)
		return w.Code
	}
	if call() != 200 {
		t.Fatal("the new token does not work")
	}
	list := e.do("GET", "/api/v1/auth/tokens", "", as, "leader")
	if strings.Contains(list.Raw, secret) || strings.Contains(list.Raw, "hash") {
		t.Errorf("the token list shows the secret: %s", list.Raw)
	}
	if r := e.do("DELETE", fmt.Sprintf("/api/v1/auth/tokens/%v", r.Body["id"]), "", as, "leader"); r.Code != 204 {
		t.Fatalf("revoke: %d", r.Code)
	}
	time.Sleep(2100 * time.Millisecond)
	if code := call(); code != 401 {
		t.Errorf("a revoked token: %d", code)
	}
}

// Every response carries the security headers.
func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t)
	for _, path := range []string{"/api/v1/reference", "/api/v1/petitions", "/api/v1/nothing"} {
		r := e.do("GET", path, "")
		for h, want := range map[string]string{
			"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin",
		} {
			if got := r.Header.Get(h); got != want {
				t.Errorf("%s: %s = %q, want %q", path, h, got, want)
			}
		}
		if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", path, csp)
		}
	}
}

// Guessing one's current password through a session is slowed and locks
// the account like guessing it at the door.
func TestPasswordChangeGuessesAreSlowed(t *testing.T) {
	e := newEnvWith(t, auth.Options{AccountBurst: 3, LockAfter: 100})
	e.setPassword(e.f.Leader)
	codes := []int{}
	for range 4 {
		r := e.do("POST", "/api/v1/auth/password", `{"current_password": "đoán thử", "new_password": "một mật khẩu mới"}`, as, "leader")
		codes = append(codes, r.Code)
	}
	if fmt.Sprint(codes) != "[422 422 422 429]" {
		t.Errorf("wrong current passwords answered %v, want three 422 then 429", codes)
	}
}
