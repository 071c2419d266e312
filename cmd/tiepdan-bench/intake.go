package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// bareRE finds the address the bare server prints on stdout.
var bareRE = regexp.MustCompile(`^listening (\S+)$`)

// serverRun is one server under one load.
type serverRun struct {
	loadResult
	RSSMaxKB int64 // largest VmRSS sampled every 100 ms
	HWMKB    int64 // VmHWM at the end: the true peak
}

type intakeRow struct {
	clients       int
	tiepdan, bare serverRun
}

// runIntake compares tiepdan's intake with the bare handler at each
// concurrency level, each server on a fresh database.
func runIntake(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("tiepdan-bench intake", flag.ContinueOnError)
	fs.SetOutput(stderr)
	bin := fs.String("tiepdan", "", "path to the tiepdan binary (required)")
	levelsFlag := fs.String("clients", "1,8,32", "concurrency levels, comma-separated")
	dur := fs.Duration("duration", 10*time.Second, "how long each server is loaded at each level")
	sync := fs.String("sync", "FULL", "SQLite synchronous pragma for both servers: FULL or NORMAL")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *bin == "" {
		return errors.New("intake: --tiepdan is required")
	}
	if *dur <= 0 {
		return errors.New("intake: --duration must be positive")
	}
	levels, err := parseLevels(*levelsFlag)
	if err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	hc := newHTTPClient(levels[len(levels)-1])
	defer hc.CloseIdleConnections()

	*sync = strings.ToUpper(*sync)
	fmt.Fprintf(stdout, "intake: POST /api/v1/petitions vs bare, synchronous=%s, %s per run, clients %s\n\n", *sync, *dur, *levelsFlag)
	var rows []intakeRow
	for _, n := range levels {
		t, err := intakeTiepdan(ctx, hc, *bin, n, *dur, *sync)
		if err != nil {
			return err
		}
		report(stdout, "tiepdan", n, t)
		b, err := intakeBare(ctx, hc, self, n, *dur, *sync)
		if err != nil {
			return err
		}
		report(stdout, "bare", n, b)
		rows = append(rows, intakeRow{clients: n, tiepdan: t, bare: b})
	}
	fmt.Fprintln(stdout)
	printIntakeTable(stdout, rows)
	return nil
}

func parseLevels(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > 1024 {
			return nil, fmt.Errorf("--clients: %q is not a number of clients from 1 to 1024", f)
		}
		if len(out) > 0 && n <= out[len(out)-1] {
			return nil, fmt.Errorf("--clients: levels must increase")
		}
		out = append(out, n)
	}
	return out, nil
}

// intakeTiepdan loads the demo into a fresh database, serves it and sends
// petitions to the province's root unit.
func intakeTiepdan(ctx context.Context, hc *http.Client, bin string, clients int, d time.Duration, sync string) (serverRun, error) {
	dir, err := os.MkdirTemp("", "tiepdan-bench-")
	if err != nil {
		return serverRun{}, err
	}
	defer os.RemoveAll(dir)
	db := filepath.Join(dir, "t.db")
	if out, err := exec.CommandContext(ctx, bin, "demo", "--db", db, "--log-level", "warn").CombinedOutput(); err != nil {
		return serverRun{}, fmt.Errorf("tiepdan demo: %w\n%s", err, out)
	}
	p, base, err := startTiepdan(ctx, bin, db, sync)
	if err != nil {
		return serverRun{}, err
	}
	authorization, err := signIn(ctx, hc, base, recorder)
	if err != nil {
		p.stop()
		return serverRun{}, err
	}
	us, err := units(ctx, hc, base, authorization)
	if err != nil {
		p.stop()
		return serverRun{}, err
	}
	root := firstUnit(us, isRoot)
	if root == nil {
		p.stop()
		return serverRun{}, errors.New("tiepdan: no root unit")
	}
	return measure(ctx, hc, p, clients, d, bodies(base+"/api/v1/petitions", root.ID, clients, authorization))
}

// intakeBare starts this program's bare server on a fresh database.
func intakeBare(ctx context.Context, hc *http.Client, self string, clients int, d time.Duration, sync string) (serverRun, error) {
	dir, err := os.MkdirTemp("", "tiepdan-bench-bare-")
	if err != nil {
		return serverRun{}, err
	}
	defer os.RemoveAll(dir)
	p, addr, err := startProcess(ctx, "bare", self, []string{
		"bare", "--addr", "127.0.0.1:0", "--db", filepath.Join(dir, "b.db"), "--sync", sync,
	}, fromStdout, bareRE)
	if err != nil {
		return serverRun{}, err
	}
	return measure(ctx, hc, p, clients, d, bodies("http://"+addr+"/bare", 1, clients, ""))
}

// bodies makes each client's requests: a fresh intake body each time and,
// for tiepdan (given the Authorization header), a unique Idempotency-Key.
func bodies(url string, unitID int64, clients int, authorization string) requestFunc {
	run := time.Now().UnixNano()
	makers := make([]*bodyMaker, clients)
	for c := range makers {
		makers[c] = newBodyMaker(unitID, uint64(run)+uint64(c))
	}
	return func(ctx context.Context, c, i int) (*http.Request, error) {
		b, err := makers[c].next()
		if err != nil {
			return nil, err
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/json")
		if authorization != "" {
			req.Header.Set("Authorization", authorization)
			req.Header.Set("Idempotency-Key", fmt.Sprintf("bench-%d-%d-%d", run, c, i))
		}
		return req, nil
	}
}

// measure loads p for d, watching its memory, then stops it.
func measure(ctx context.Context, hc *http.Client, p *process, clients int, d time.Duration, newReq requestFunc) (serverRun, error) {
	stopRSS := sampleRSS(p.pid(), 100*time.Millisecond)
	res, err := drive(ctx, hc, clients, d, http.StatusCreated, newReq)
	run := serverRun{loadResult: res, RSSMaxKB: stopRSS()}
	hwm, hwmErr := statusKB(p.pid(), "VmHWM")
	run.HWMKB = hwm
	hc.CloseIdleConnections()
	stopErr := p.stop()
	if err = errors.Join(err, hwmErr, stopErr); err != nil {
		return run, fmt.Errorf("%s, %d clients: %w", p.name, clients, err)
	}
	return run, nil
}

func mb(kb int64) string { return fmt.Sprintf("%.1f", float64(kb)/1024) }

// report prints one run's details as they come.
func report(w io.Writer, name string, clients int, r serverRun) {
	fmt.Fprintf(w, "%-7s %3d clients: %6d created, %d errors in %.2fs = %.0f req/s; p50 %s ms, p99 %s ms, max %s ms; RSS max %s MB, VmHWM %s MB\n",
		name, clients, r.OK, r.Errors, r.Elapsed.Seconds(), r.RPS(),
		ms(r.Latencies.percentile(50)), ms(r.Latencies.percentile(99)), ms(r.Latencies.percentile(100)),
		mb(r.RSSMaxKB), mb(r.HWMKB))
	for _, s := range r.ErrorSamples {
		fmt.Fprintf(w, "        error: %s\n", strings.TrimSpace(s))
	}
}

func printIntakeTable(w io.Writer, rows []intakeRow) {
	fmt.Fprintln(w, "| clients | tiepdan req/s | bare req/s | ratio | tiepdan errors | bare errors | tiepdan p50/p99 ms | bare p50/p99 ms | tiepdan peak RSS MB |")
	fmt.Fprintln(w, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range rows {
		ratio := 0.0
		if r.bare.RPS() > 0 {
			ratio = r.tiepdan.RPS() / r.bare.RPS()
		}
		fmt.Fprintf(w, "| %d | %.0f | %.0f | %.2f | %d | %d | %s / %s | %s / %s | %s |\n",
			r.clients, r.tiepdan.RPS(), r.bare.RPS(), ratio, r.tiepdan.Errors, r.bare.Errors,
			ms(r.tiepdan.Latencies.percentile(50)), ms(r.tiepdan.Latencies.percentile(99)),
			ms(r.bare.Latencies.percentile(50)), ms(r.bare.Latencies.percentile(99)),
			mb(max(r.tiepdan.HWMKB, r.tiepdan.RSSMaxKB)))
	}
}
