package main_test

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"tiepdan/internal/postgres"
	"tiepdan/internal/testdb"
)

// freshDatabase creates a PostgreSQL database for one test and drops it
// when the test ends; without a server the test is skipped.
func freshDatabase(t *testing.T) string {
	t.Helper()
	server := testdb.ServerURL(t)
	b := make([]byte, 6)
	rand.Read(b)
	name := fmt.Sprintf("tiepdan_e2e_%x", b)
	url, err := postgres.CreateDatabase(context.Background(), server, name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := postgres.DropDatabase(context.Background(), server, name); err != nil {
			t.Logf("drop database: %v", err)
		}
	})
	return url
}

// Three real app nodes on one PostgreSQL database: a session opened on one
// node is honoured by the others, petitions recorded through all of them
// at once get distinct register numbers and are found through any node,
// concurrent events on one petition through different nodes let exactly
// one win (the others get 409), and the audit trail they wrote together
// verifies.
// The scheduler's jobs on several nodes (reminders sent exactly once, a
// killed node's job taken over) are tested in nodes_jobs_test.go.
func TestSeveralNodesShareOnePostgresDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the program")
	}
	db := freshDatabase(t)
	bin := build(t)
	if out, err := exec.Command(bin, "demo", "--db", db, "--petitions", "300", "--log-level", "warn").CombinedOutput(); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	var nodes []string
	for range 3 {
		nodes = append(nodes, "http://"+start(t, bin, "--db", db).addr)
	}
	s := signIn(t, nodes[0], "reception")
	for _, n := range nodes {
		if code, _ := s.request(t, "GET", n+"/api/v1/auth/me", ""); code != 200 {
			t.Fatalf("%s: the session opened on another node: %d", n, code)
		}
	}
	_, units := s.request(t, "GET", nodes[0]+"/api/v1/units", "")
	unit := units["items"].([]any)[0].(map[string]any)["id"]

	const perNode = 15
	type made struct{ id, number, code any }
	var mu sync.Mutex
	var all []made
	var wg sync.WaitGroup
	for i, n := range nodes {
		for j := range perNode {
			wg.Go(func() {
				code, out := s.request(t, "POST", n+"/api/v1/petitions", fmt.Sprintf(`{"unit_id": %v, "type": "complaint", "field": "land",
					"summary": "Khiếu nại quyết định thu hồi đất số %d/%d (thử nghiệm nhiều máy chủ)", "complainants": [{"full_name": "Nguyễn Văn Nút %d"}]}`, unit, i, j, i))
				if code != 201 {
					t.Errorf("%s: create: %d %v", n, code, out)
					return
				}
				mu.Lock()
				all = append(all, made{out["id"], out["number"], out["code"]})
				mu.Unlock()
			})
		}
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	numbers := map[any]bool{}
	for i, p := range all {
		if numbers[p.number] {
			t.Errorf("register number %v given twice", p.number)
		}
		numbers[p.number] = true
		n := nodes[i%len(nodes)]
		if code, got := s.request(t, "GET", fmt.Sprintf("%s/api/v1/petitions/%v", n, p.id), ""); code != 200 || got["code"] != p.code {
			t.Errorf("%s: petition %v: %d %v", n, p.id, code, got)
		}
	}
	if len(all) != perNode*len(nodes) {
		t.Fatalf("%d petitions recorded, want %d", len(all), perNode*len(nodes))
	}
	for _, n := range nodes {
		code, found := s.request(t, "GET", n+"/api/v1/petitions?q=thu+nghiem+nhieu+may+chu&per_page=1", "")
		if code != 200 || found["total"].(float64) != float64(len(all)) {
			t.Errorf("%s: search found %v, want %d", n, found["total"], len(all))
		}
	}

	// A create retried through another node returns the first one's petition.
	retried := make([]string, len(nodes))
	for i, n := range nodes {
		req, _ := http.NewRequest("POST", n+"/api/v1/petitions", strings.NewReader(fmt.Sprintf(`{"unit_id": %v, "type": "feedback",
			"field": "environment", "summary": "Phản ánh xả thải ra sông", "complainants": [{"full_name": "Lò Văn Sông"}]}`, unit)))
		s.sign(req)
		req.Header.Set("Idempotency-Key", "retry-across-nodes")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var out map[string]any
		json.NewDecoder(res.Body).Decode(&out)
		res.Body.Close()
		if res.StatusCode != 201 && res.StatusCode != 200 {
			t.Fatalf("%s: retried create: %d %v", n, res.StatusCode, out)
		}
		retried[i] = fmt.Sprint(out["id"])
	}
	if retried[0] != retried[1] || retried[1] != retried[2] {
		t.Errorf("one create retried through three nodes made petitions %v", retried)
	}

	// The same event on the same version through every node at once.
	target := all[0].id
	codes := make([]int, len(nodes)*2)
	for i := range codes {
		wg.Go(func() {
			codes[i], _ = s.request(t, "POST", fmt.Sprintf("%s/api/v1/petitions/%v/events", nodes[i%len(nodes)], target),
				`{"event": "guide", "version": 1, "target_body": "Sở Tài nguyên và Môi trường", "doc_no": "12/HD"}`)
		})
	}
	wg.Wait()
	won, stale := 0, 0
	for _, c := range codes {
		switch c {
		case 200:
			won++
		case 409:
			stale++
		default:
			t.Errorf("event: status %d", c)
		}
	}
	if won != 1 || stale != len(codes)-1 {
		t.Errorf("event through %d nodes at once: %d won, %d stale; want 1 and %d", len(nodes), won, stale, len(codes)-1)
	}

	out, err := exec.Command(bin, "audit", "verify", "--db", db, "--log-level", "warn").CombinedOutput()
	if err != nil {
		t.Fatalf("audit verify: %v\n%s", err, out)
	}
}

// A SQLite database with demo data moves into an empty PostgreSQL one:
// every table's count and checksum match, the audit trail verifies there,
// the program serves the copy, and a second copy into the now full
// database is refused.
func TestCopyFromSQLiteToPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the program")
	}
	pg := freshDatabase(t)
	bin := build(t)
	lite := filepath.Join(t.TempDir(), "source.db")
	if out, err := exec.Command(bin, "demo", "--db", lite, "--petitions", "500", "--log-level", "warn").CombinedOutput(); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	// The scheduler's tables hold rows too: the demo's reception sessions,
	// and the reminders a run of the job sends, each queued for a webhook.
	if out, err := exec.Command(bin, "jobs", "run", "reminders", "--db", lite, "--webhook-url", "http://127.0.0.1:9/hook",
		"--webhook-secret", "bí mật", "--log-level", "warn").CombinedOutput(); err != nil {
		t.Fatalf("jobs run reminders: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "copy", "--from", "sqlite:"+lite, "--to", pg, "--log-level", "warn").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "every table copied and verified") || strings.Contains(string(out), "DIFFERS") {
		t.Fatalf("copy: %v\n%s", err, out)
	}
	for _, table := range []string{"reception_rules", "reception_sessions", "job_leases", "notifications", "deliveries", "sent_reminders"} {
		var rows int
		for line := range strings.Lines(string(out)) {
			if f := strings.Fields(line); len(f) >= 3 && f[0] == table {
				rows, _ = strconv.Atoi(f[2])
			}
		}
		if rows == 0 {
			t.Errorf("copy: no row of %s reached PostgreSQL\n%s", table, out)
		}
	}
	if out, err := exec.Command(bin, "audit", "verify", "--db", pg, "--log-level", "warn").CombinedOutput(); err != nil {
		t.Fatalf("audit verify on the copy: %v\n%s", err, out)
	}
	p := start(t, bin, "--db", pg)
	base := "http://" + p.addr
	s := signIn(t, base, "reception")
	code, found := s.request(t, "GET", base+"/api/v1/petitions?q=dat&per_page=1", "")
	if code != 200 || found["total"].(float64) < 1 {
		t.Fatalf("search on the copy: %d %v", code, found)
	}
	p.stop(t)
	if out, err := exec.Command(bin, "copy", "--from", "sqlite:"+lite, "--to", pg, "--log-level", "warn").CombinedOutput(); err == nil ||
		!strings.Contains(string(out), "not empty") {
		t.Fatalf("a second copy into the full database: %v\n%s", err, out)
	}
}

// The commands an operator runs on a new PostgreSQL deployment: migrate
// (audit verify refuses the database before), the first administrator, a
// new password, then sign-in.
func TestCommandsOnPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the program")
	}
	db := freshDatabase(t)
	bin := build(t)
	if out, err := exec.Command(bin, "audit", "verify", "--db", db).CombinedOutput(); err == nil {
		t.Fatalf("audit verify of a database never migrated succeeded: %s", out)
	}
	if out, err := exec.Command(bin, "migrate", "--db", db, "--log-level", "warn").CombinedOutput(); err != nil {
		t.Fatalf("migrate: %v\n%s", err, out)
	}
	add := exec.Command(bin, "user", "add", "--db", db, "--username", "quantri", "--full-name", "Nguyễn Quản Trị",
		"--unit", "HN", "--unit-name", "UBND thành phố Hà Nội", "--roles", "admin", "--password-stdin")
	add.Stdin = strings.NewReader("một mật khẩu dài\n")
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("user add: %v\n%s", err, out)
	}
	again := exec.Command(bin, "user", "password", "--db", db, "--username", "quantri", "--password-stdin")
	again.Stdin = strings.NewReader("mật khẩu mới dài hơn\n")
	if out, err := again.CombinedOutput(); err != nil {
		t.Fatalf("user password: %v\n%s", err, out)
	}
	p := start(t, bin, "--db", db)
	defer p.stop(t)
	res, err := http.Post("http://"+p.addr+"/api/v1/auth/login", "application/json",
		strings.NewReader(`{"username": "quantri", "password": "mật khẩu mới dài hơn"}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("login as the first admin: %d", res.StatusCode)
	}
	if out, err := exec.Command(bin, "audit", "verify", "--db", db, "--log-level", "warn").CombinedOutput(); err != nil {
		t.Fatalf("audit verify: %v\n%s", err, out)
	}
}
