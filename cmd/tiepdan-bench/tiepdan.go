package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
)

// The demo users the benchmarks act as: a reception officer records
// petitions, a provincial leader reads the lists. Demo users' password is
// "demo".
const (
	recorder     = "reception"
	reader       = "leader"
	demoPassword = "demo"
)

// listeningRE finds the address in tiepdan's text log line
// `level=INFO msg=listening addr=127.0.0.1:NNNN ...`. The line is logged at
// info level, so the benchmark runs tiepdan with --log-level info: nothing
// is logged per request below debug, so that costs nothing under load.
var listeningRE = regexp.MustCompile(`msg=listening addr=(\S+)`)

// startTiepdan runs `tiepdan serve` on db and returns it with its base URL.
func startTiepdan(ctx context.Context, bin, db, sync string) (*process, string, error) {
	p, addr, err := startProcess(ctx, "tiepdan serve", bin, []string{
		"serve", "--addr", "127.0.0.1:0", "--db", db, "--sqlite-synchronous", sync, "--log-level", "info",
	}, fromStderr, listeningRE)
	if err != nil {
		return nil, "", err
	}
	return p, "http://" + addr, nil
}

// unit is what the benchmark needs of GET /api/v1/units.
type unit struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	ParentID *int64 `json:"parent_id"`
	Level    string `json:"level"`
}

// signIn logs a demo user in and makes an API token, returning the
// Authorization header value that acts as them.
func signIn(ctx context.Context, hc *http.Client, base, username string) (string, error) {
	body, _ := json.Marshal(map[string]string{"username": username, "password": demoPassword})
	var in struct {
		CSRF string `json:"csrf_token"`
	}
	cookies, err := call(ctx, hc, http.MethodPost, base+"/api/v1/auth/login", body, nil, &in)
	if err != nil {
		return "", err
	}
	var tok struct {
		Token string `json:"token"`
	}
	h := http.Header{"X-Csrf-Token": {in.CSRF}}
	for _, c := range cookies {
		h.Add("Cookie", c.String())
	}
	if _, err := call(ctx, hc, http.MethodPost, base+"/api/v1/auth/tokens", []byte(`{"name": "benchmark"}`), h, &tok); err != nil {
		return "", err
	}
	return "Bearer " + tok.Token, nil
}

// call sends a JSON request and decodes a 2xx answer into out.
func call(ctx context.Context, hc *http.Client, method, url string, body []byte, h http.Header, out any) ([]*http.Cookie, error) {
	req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	for k, vs := range h {
		req.Header[k] = vs
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		return nil, fmt.Errorf("%s %s: %d %s", method, url, resp.StatusCode, b)
	}
	return resp.Cookies(), json.Unmarshal(b, out)
}

// units lists the deployment's units.
func units(ctx context.Context, hc *http.Client, base, authorization string) ([]unit, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v1/units", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", authorization)
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("GET /api/v1/units: %w", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("GET /api/v1/units: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET /api/v1/units: %d %s", resp.StatusCode, b)
	}
	var list struct {
		Items []unit `json:"items"`
	}
	if err := json.Unmarshal(b, &list); err != nil {
		return nil, fmt.Errorf("GET /api/v1/units: %w", err)
	}
	if len(list.Items) == 0 {
		return nil, fmt.Errorf("GET /api/v1/units: no units (was the demo loaded?)")
	}
	return list.Items, nil
}

// firstUnit returns the first unit satisfying ok, or nil.
func firstUnit(us []unit, ok func(unit) bool) *unit {
	for i := range us {
		if ok(us[i]) {
			return &us[i]
		}
	}
	return nil
}

func isRoot(u unit) bool { return u.ParentID == nil }

func atLevel(level string) func(unit) bool {
	return func(u unit) bool { return u.Level == level }
}
