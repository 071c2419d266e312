package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"
)

// queryShape is one kind of GET /api/v1/petitions request.
type queryShape struct {
	name  string
	path  string // default /api/v1/petitions
	query string // the query string
}

type queryResult struct {
	shape queryShape
	total int
	lat   latencies
}

// runQuery serves an existing database and times list and search
// requests one at a time.
func runQuery(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("tiepdan-bench query", flag.ContinueOnError)
	fs.SetOutput(stderr)
	bin := fs.String("tiepdan", "", "path to the tiepdan binary (required)")
	db := fs.String("db", "", "an existing tiepdan database, e.g. made by `tiepdan demo --petitions 1000000` (required)")
	n := fs.Int("n", 500, "timed requests per query shape")
	warmup := fs.Int("warmup", 20, "untimed requests per query shape first")
	only := fs.String("only", "", "time only the query shapes whose name contains this")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *bin == "" || *db == "" {
		return errors.New("query: --tiepdan and --db are required")
	}
	if *n < 1 || *warmup < 0 {
		return errors.New("query: --n must be at least 1 and --warmup not negative")
	}
	// serve would create an empty database rather than fail.
	st, err := os.Stat(*db)
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}

	p, base, err := startTiepdan(ctx, *bin, *db, "FULL")
	if err != nil {
		return err
	}
	results, err := queries(ctx, base, *only, *n, *warmup, stdout)
	if stopErr := p.stop(); err == nil {
		err = stopErr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nquery: %s (%.0f MB), %d timed requests per shape after %d untimed, one at a time\n\n",
		*db, float64(st.Size())/(1<<20), *n, *warmup)
	fmt.Fprintln(stdout, "| query | parameters | total | p50 ms | p99 ms | max ms |")
	fmt.Fprintln(stdout, "|---|---|---:|---:|---:|---:|")
	for _, r := range results {
		fmt.Fprintf(stdout, "| %s | `%s` | %d | %s | %s | %s |\n", r.shape.name, r.shape.query, r.total,
			ms(r.lat.percentile(50)), ms(r.lat.percentile(99)), ms(r.lat.percentile(100)))
	}
	return nil
}

// queries picks the units to list and times each query shape.
func queries(ctx context.Context, base, only string, n, warmup int, progress io.Writer) ([]queryResult, error) {
	hc := &http.Client{Timeout: time.Minute}
	defer hc.CloseIdleConnections()
	authorization, err := signIn(ctx, hc, base, reader)
	if err != nil {
		return nil, err
	}
	us, err := units(ctx, hc, base, authorization)
	if err != nil {
		return nil, err
	}
	var shapes []queryShape
	for _, u := range []struct {
		label string
		ok    func(unit) bool
	}{{"department", atLevel("department")}, {"commune", atLevel("commune")}, {"province root", isRoot}} {
		if x := firstUnit(us, u.ok); x != nil {
			for _, state := range []string{"received", "accepted"} {
				shapes = append(shapes, queryShape{
					name:  fmt.Sprintf("list: %s (%s), %s", u.label, x.Name, state),
					query: fmt.Sprintf("unit_id=%d&state=%s&per_page=50", x.ID, state),
				})
			}
		}
	}
	shapes = append(shapes,
		queryShape{name: `search "dat dai"`, query: "q=dat+dai&per_page=50"},
		queryShape{name: `search "boi thuong"`, query: "q=boi+thuong&per_page=50"},
	)
	if root := firstUnit(us, isRoot); root != nil {
		shapes = append(shapes,
			queryShape{name: "overdue, province, first page", path: "/api/v1/deadlines/overdue",
				query: fmt.Sprintf("unit_id=%d&per_page=50", root.ID)},
			queryShape{name: "due soon (3 working days), province, first page", path: "/api/v1/deadlines/due-soon",
				query: fmt.Sprintf("unit_id=%d&within=3&per_page=50", root.ID)},
			queryShape{name: "deadline counts per unit, province", path: "/api/v1/deadlines/counts",
				query: fmt.Sprintf("unit_id=%d", root.ID)},
			queryShape{name: "annual report, province with every unit", path: "/api/v1/reports",
				query: fmt.Sprintf("unit_id=%d&period=%d", root.ID, time.Now().Year())},
			queryShape{name: "annual report, province, workbook", path: "/api/v1/reports",
				query: fmt.Sprintf("unit_id=%d&period=%d&format=xlsx", root.ID, time.Now().Year())},
		)
	}

	var out []queryResult
	for _, s := range shapes {
		if !strings.Contains(s.name, only) {
			continue
		}
		path := s.path
		if path == "" {
			path = "/api/v1/petitions"
		}
		r, err := timeQuery(ctx, hc, base+path+"?"+s.query, authorization, n, warmup)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.name, err)
		}
		r.shape = s
		fmt.Fprintf(progress, "%-60s total %7d  p50 %8s ms  p99 %8s ms  max %8s ms\n", s.name, r.total,
			ms(r.lat.percentile(50)), ms(r.lat.percentile(99)), ms(r.lat.percentile(100)))
		out = append(out, r)
	}
	return out, nil
}

// timeQuery sends warmup then n GETs to url one after the other and times
// the n, each until its whole body is read.
func timeQuery(ctx context.Context, hc *http.Client, url, authorization string, n, warmup int) (queryResult, error) {
	var r queryResult
	for i := range warmup + n {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return r, err
		}
		req.Header.Set("Authorization", authorization)
		t0 := time.Now()
		resp, err := hc.Do(req)
		if err != nil {
			return r, err
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		took := time.Since(t0)
		if err != nil {
			return r, err
		}
		if resp.StatusCode != http.StatusOK {
			return r, fmt.Errorf("%d %s", resp.StatusCode, b)
		}
		if i >= warmup {
			r.lat = append(r.lat, took)
		}
		// A list's total; reports and workbooks have none.
		if i == 0 && strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
			var page struct {
				Total json.RawMessage `json:"total"`
			}
			if err := json.Unmarshal(b, &page); err != nil {
				return r, err
			}
			_ = json.Unmarshal(page.Total, &r.total)
		}
	}
	r.lat.sort()
	return r, nil
}
