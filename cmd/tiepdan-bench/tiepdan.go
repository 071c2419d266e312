package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
)

// actor is the demo user every benchmark request acts as.
const actor = "reception"

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

// units lists the deployment's units.
func units(ctx context.Context, hc *http.Client, base string) ([]unit, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v1/units", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("X-Tiepdan-User", actor)
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
