package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"tiepdan/internal/postgres"
)

// nodesSetup is one way of deploying: a driver and a number of app nodes.
type nodesSetup struct {
	name     string
	postgres bool
	nodes    int
}

type nodesRow struct {
	setup   nodesSetup
	intake  loadResult
	overdue queryResult
}

// runNodes compares intake throughput and overdue-list latency on SQLite
// (one node), PostgreSQL with one node and PostgreSQL with two nodes, in
// one run on the same machine, each on a fresh database with the demo
// and --petitions generated petitions.
func runNodes(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("tiepdan-bench nodes", flag.ContinueOnError)
	fs.SetOutput(stderr)
	bin := fs.String("tiepdan", "", "path to the tiepdan binary (required)")
	server := fs.String("postgres", "", "a PostgreSQL server where databases may be created, postgres://user@host:port/db (required)")
	clients := fs.Int("clients", 16, "concurrent intake clients, spread over the nodes")
	dur := fs.Duration("duration", 10*time.Second, "how long intake runs on each setup")
	petitions := fs.Int("petitions", 20000, "petitions generated into each database before the run (tiepdan demo --petitions)")
	n := fs.Int("n", 200, "timed overdue-list requests per setup, alternating over the nodes")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *bin == "" || *server == "" {
		return errors.New("nodes: --tiepdan and --postgres are required")
	}
	setups := []nodesSetup{{"SQLite, 1 node", false, 1}, {"PostgreSQL, 1 node", true, 1}, {"PostgreSQL, 2 nodes", true, 2}}
	fmt.Fprintf(stdout, "nodes: intake with %d clients for %s, then %d overdue-list requests, on databases of the demo + %d petitions\n\n",
		*clients, *dur, *n, *petitions)
	var rows []nodesRow
	for _, s := range setups {
		r, err := runSetup(ctx, *bin, *server, s, *clients, *dur, *petitions, *n)
		if err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		fmt.Fprintf(stdout, "%-22s intake %6d created, %d errors, %.0f req/s, p50 %s ms, p99 %s ms; overdue p50 %s ms, p99 %s ms (total %d)\n",
			s.name, r.intake.OK, r.intake.Errors, r.intake.RPS(), ms(r.intake.Latencies.percentile(50)), ms(r.intake.Latencies.percentile(99)),
			ms(r.overdue.lat.percentile(50)), ms(r.overdue.lat.percentile(99)), r.overdue.total)
		for _, e := range r.intake.ErrorSamples {
			fmt.Fprintf(stdout, "        error: %s\n", e)
		}
		rows = append(rows, r)
	}
	fmt.Fprintln(stdout)
	fmt.Fprintln(stdout, "| setup | intake req/s | errors | intake p50 / p99 ms | overdue p50 / p99 ms | overdue total |")
	fmt.Fprintln(stdout, "|---|---:|---:|---:|---:|---:|")
	for _, r := range rows {
		fmt.Fprintf(stdout, "| %s | %.0f | %d | %s / %s | %s / %s | %d |\n", r.setup.name, r.intake.RPS(), r.intake.Errors,
			ms(r.intake.Latencies.percentile(50)), ms(r.intake.Latencies.percentile(99)),
			ms(r.overdue.lat.percentile(50)), ms(r.overdue.lat.percentile(99)), r.overdue.total)
	}
	return nil
}

// runSetup makes a fresh database for s, loads it, starts its nodes and
// measures intake, then the overdue list.
func runSetup(ctx context.Context, bin, server string, s nodesSetup, clients int, d time.Duration, petitions, n int) (nodesRow, error) {
	row := nodesRow{setup: s}
	var db string
	if s.postgres {
		b := make([]byte, 6)
		rand.Read(b)
		name := fmt.Sprintf("tiepdan_bench_%x", b)
		url, err := postgres.CreateDatabase(ctx, server, name)
		if err != nil {
			return row, err
		}
		defer postgres.DropDatabase(context.WithoutCancel(ctx), server, name)
		db = url
	} else {
		dir, err := os.MkdirTemp("", "tiepdan-bench-nodes-")
		if err != nil {
			return row, err
		}
		defer os.RemoveAll(dir)
		db = filepath.Join(dir, "t.db")
	}
	if out, err := exec.CommandContext(ctx, bin, "demo", "--db", db, "--petitions", fmt.Sprint(petitions), "--log-level", "warn").CombinedOutput(); err != nil {
		return row, fmt.Errorf("tiepdan demo: %w\n%s", err, out)
	}
	var bases []string
	for range s.nodes {
		p, base, err := startTiepdan(ctx, bin, db, "FULL")
		if err != nil {
			return row, err
		}
		defer p.stop()
		bases = append(bases, base)
	}
	hc := newHTTPClient(clients)
	defer hc.CloseIdleConnections()
	// A token is kept in the database: the one made on the first node
	// signs requests to every node.
	recorderAuth, err := signIn(ctx, hc, bases[0], recorder)
	if err != nil {
		return row, err
	}
	readerAuth, err := signIn(ctx, hc, bases[0], reader)
	if err != nil {
		return row, err
	}
	us, err := units(ctx, hc, bases[0], recorderAuth)
	if err != nil {
		return row, err
	}
	root := firstUnit(us, isRoot)
	if root == nil {
		return row, errors.New("no root unit")
	}
	perNode := make([]requestFunc, len(bases))
	for i, b := range bases {
		perNode[i] = bodies(b+"/api/v1/petitions", root.ID, clients, recorderAuth)
	}
	row.intake, err = drive(ctx, hc, clients, d, http.StatusCreated, func(ctx context.Context, c, i int) (*http.Request, error) {
		return perNode[c%len(perNode)](ctx, c, i)
	})
	if err != nil {
		return row, err
	}
	for i := range n {
		r, err := timeQuery(ctx, hc, fmt.Sprintf("%s/api/v1/deadlines/overdue?unit_id=%d&per_page=50", bases[i%len(bases)], root.ID), readerAuth, 1, min(i, 1))
		if err != nil {
			return row, fmt.Errorf("overdue: %w", err)
		}
		row.overdue.lat = append(row.overdue.lat, r.lat...)
		row.overdue.total = max(row.overdue.total, r.total)
	}
	row.overdue.lat.sort()
	return row, nil
}
