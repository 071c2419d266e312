package main_test

import (
	"bufio"
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3" // to tamper with the database file
)

// build compiles the real program once per test run.
func build(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "tiepdan")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

type program struct {
	cmd  *exec.Cmd
	addr string
	logs chan string
}

// start runs "tiepdan serve" on a free port and waits until it listens.
func start(t *testing.T, bin string, args ...string) *program {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), "TIEPDAN_LOG_LEVEL=info")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	p := &program{cmd: cmd, logs: make(chan string, 1000)}
	listening := regexp.MustCompile(`msg=listening addr=(\S+)`)
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			if m := listening.FindStringSubmatch(line); m != nil {
				found <- m[1]
			}
			select {
			case p.logs <- line:
			default:
			}
		}
		close(p.logs)
	}()
	select {
	case p.addr = <-found:
	case <-time.After(60 * time.Second):
		t.Fatal("the program did not start listening within 60 s")
	}
	return p
}

// stop sends SIGTERM and expects a clean exit.
func (p *program) stop(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no exit within 30 s of SIGTERM")
	}
}

// session is a demo user signed in through the API, as a browser is: the
// session cookie, and the CSRF token every change must carry.
type session struct{ cookie, csrf string }

func signIn(t *testing.T, base, username string) session {
	t.Helper()
	res, err := http.Post(base+"/api/v1/auth/login", "application/json",
		strings.NewReader(fmt.Sprintf(`{"username": %q, "password": "demo"}`, username)))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		CSRF string `json:"csrf_token"`
	}
	json.NewDecoder(res.Body).Decode(&out)
	var s session
	for _, c := range res.Cookies() {
		if c.Name == "tiepdan_session" && c.HttpOnly && c.Value != "" {
			s.cookie = c.Name + "=" + c.Value
		}
	}
	if res.StatusCode != 200 || s.cookie == "" || out.CSRF == "" {
		t.Fatalf("login as %s: %d, cookie %q, csrf %q", username, res.StatusCode, s.cookie, out.CSRF)
	}
	s.csrf = out.CSRF
	return s
}

func (s session) sign(req *http.Request) {
	req.Header.Set("Cookie", s.cookie)
	req.Header.Set("X-CSRF-Token", s.csrf)
	req.Header.Set("Content-Type", "application/json")
}

func (s session) request(t *testing.T, method, url, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	s.sign(req)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

// The real program, on a temporary database with demo data: it serves,
// records a petition, shuts down cleanly on SIGTERM and finds the petition
// again after a restart.
func TestProgramEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the program")
	}
	bin := build(t)
	db := filepath.Join(t.TempDir(), "e2e.db")
	p := start(t, bin, "--db", db, "--demo")
	base := "http://" + p.addr
	s := signIn(t, base, "reception")

	if code, _ := s.request(t, "GET", base+"/readyz", ""); code != 200 {
		t.Fatalf("readyz: %d", code)
	}
	code, units := s.request(t, "GET", base+"/api/v1/units", "")
	if code != 200 || len(units["items"].([]any)) == 0 {
		t.Fatalf("demo units: %d %v", code, units)
	}
	unit := units["items"].([]any)[0].(map[string]any)["id"]
	code, created := s.request(t, "POST", base+"/api/v1/petitions", fmt.Sprintf(`{"unit_id": %v, "type": "recommendation", "field": "policy",
		"summary": "Kiến nghị xem xét chế độ trợ cấp cho người có công", "complainants": [{"full_name": "Đỗ Thị Hạnh", "id_number": "036190004321"}]}`, unit))
	if code != 201 {
		t.Fatalf("create: %d %v", code, created)
	}
	code, found := s.request(t, "GET", base+"/api/v1/petitions?q=tro+cap+nguoi+co+cong", "")
	if code != 200 || found["total"].(float64) < 1 {
		t.Fatalf("search: %d %v", code, found)
	}
	p.stop(t)

	p = start(t, bin, "--db", db, "--demo")
	code, again := s.request(t, "GET", fmt.Sprintf("http://%s/api/v1/petitions/%v", p.addr, created["id"]), "")
	if code != 200 || again["code"] != created["code"] {
		t.Fatalf("after restart: %d %v", code, again)
	}
	p.stop(t)
}

// SIGTERM while officers are recording petitions: every request the server
// accepted finishes, and every petition it acknowledged is there after a
// restart.
func TestShutdownFinishesRequestsAndLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the program")
	}
	bin := build(t)
	db := filepath.Join(t.TempDir(), "shutdown.db")
	p := start(t, bin, "--db", db, "--demo")
	base := "http://" + p.addr
	s := signIn(t, base, "reception")
	_, before := s.request(t, "GET", base+"/api/v1/petitions?per_page=1", "")
	_, units := s.request(t, "GET", base+"/api/v1/units", "")
	unit := units["items"].([]any)[0].(map[string]any)["id"]
	body := fmt.Sprintf(`{"unit_id": %v, "type": "feedback", "field": "environment", "summary": "Phản ánh khói bụi từ nhà máy gạch"}`, unit)

	type result struct {
		code int
		err  error
	}
	results := make(chan result, 100000)
	stopAt := time.Now().Add(1500 * time.Millisecond)
	var clients sync.WaitGroup
	for range 8 {
		clients.Add(1)
		go func() {
			defer clients.Done()
			// Each client stops at its first failed request: after the
			// shutdown, the next connection is refused.
			for time.Now().Before(stopAt.Add(10 * time.Second)) {
				req, _ := http.NewRequest("POST", base+"/api/v1/petitions", strings.NewReader(body))
				s.sign(req)
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					results <- result{err: err}
					return
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				results <- result{code: res.StatusCode}
			}
		}()
	}
	time.Sleep(time.Until(stopAt))
	p.stop(t)
	clients.Wait()
	close(results)
	acknowledged := 0
	for r := range results {
		switch {
		case r.err == nil && r.code == 201:
			acknowledged++
		case r.err == nil:
			t.Errorf("a request answered %d during shutdown", r.code)
		// Refused, reset or closed before any answer: the server never
		// read the request (an idle keep-alive connection the shutdown
		// closed just as the client wrote on it), so nothing is owed.
		case !strings.Contains(r.err.Error(), "connection refused") && !strings.Contains(r.err.Error(), "EOF") &&
			!strings.Contains(r.err.Error(), "reset") && !strings.Contains(r.err.Error(), "server closed idle connection"):
			t.Errorf("unexpected client error: %v", r.err)
		}
	}
	if acknowledged == 0 {
		t.Fatal("no petition was recorded before the shutdown")
	}
	p = start(t, bin, "--db", db)
	_, after := s.request(t, "GET", "http://"+p.addr+"/api/v1/petitions?per_page=1", "")
	if got := int(after["total"].(float64) - before["total"].(float64)); got != acknowledged {
		t.Errorf("%d petitions acknowledged, %d stored", acknowledged, got)
	}
	p.stop(t)
}

func TestVersionAndBadCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the program")
	}
	bin := build(t)
	out, err := exec.Command(bin, "version").Output()
	if err != nil || !strings.HasPrefix(string(out), "tiepdan ") {
		t.Errorf("version: %q %v", out, err)
	}
	if err := exec.Command(bin, "launch").Run(); err == nil {
		t.Errorf("an unknown command succeeded")
	}
	db := filepath.Join(t.TempDir(), "m.db")
	if out, err := exec.Command(bin, "migrate", "--db", db).CombinedOutput(); err != nil {
		t.Errorf("migrate: %v %s", err, out)
	}
	if _, err := os.Stat(db); err != nil {
		t.Errorf("migrate made no database: %v", err)
	}
}

// --max-upload reaches the upload routes; a size that does not read is
// refused at start.
func TestUploadLimitIsConfigured(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the program")
	}
	bin := build(t)
	if out, err := exec.Command(bin, "migrate", "--max-upload", "lots", "--db", filepath.Join(t.TempDir(), "x.db")).CombinedOutput(); err == nil {
		t.Errorf("--max-upload lots was accepted: %s", out)
	}
	p := start(t, bin, "--db", filepath.Join(t.TempDir(), "upload.db"), "--demo", "--max-upload", "2KB")
	base := "http://" + p.addr
	s := signIn(t, base, "reception")
	_, list := s.request(t, "GET", base+"/api/v1/petitions?per_page=1", "")
	petition := list["items"].([]any)[0].(map[string]any)["id"]
	upload := func(size int) (int, map[string]any) {
		var body strings.Builder
		w := multipart.NewWriter(&body)
		part, _ := w.CreateFormFile("file", "Đơn khiếu nại.pdf")
		part.Write(append([]byte("%PDF-1.7\n"), make([]byte, size-9)...))
		w.Close()
		req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/petitions/%v/attachments", base, petition), strings.NewReader(body.String()))
		s.sign(req)
		req.Header.Set("Content-Type", w.FormDataContentType())
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out map[string]any
		json.NewDecoder(res.Body).Decode(&out)
		return res.StatusCode, out
	}
	if code, out := upload(2048); code != 201 {
		t.Errorf("2 KB: %d %v", code, out)
	}
	if code, out := upload(2049); code != 413 || !strings.Contains(fmt.Sprint(out), "2 KB") {
		t.Errorf("2 KB and a byte: %d %v", code, out)
	}
	p.stop(t)
}

// On an empty database the first admin is made on the command line (with
// the root unit); there is no other way in, and the password works.
func TestFirstAdminFromTheCommandLine(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the program")
	}
	bin := build(t)
	db := filepath.Join(t.TempDir(), "first.db")
	add := exec.Command(bin, "user", "add", "--db", db, "--username", "quantri", "--full-name", "Nguyễn Quản Trị",
		"--unit", "HN", "--unit-name", "UBND thành phố Hà Nội", "--roles", "admin", "--password-stdin")
	add.Stdin = strings.NewReader("một mật khẩu dài\n")
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("user add: %v\n%s", err, out)
	}
	weak := exec.Command(bin, "user", "add", "--db", db, "--username", "yeu", "--full-name", "Yếu", "--unit", "HN", "--roles", "handler", "--password-stdin")
	weak.Stdin = strings.NewReader("123\n")
	if out, err := weak.CombinedOutput(); err == nil {
		t.Errorf("a three-character password was accepted: %s", out)
	}
	p := start(t, bin, "--db", db)
	defer p.stop(t)
	res, err := http.Post("http://"+p.addr+"/api/v1/auth/login", "application/json",
		strings.NewReader(`{"username": "quantri", "password": "một mật khẩu dài"}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("login as the first admin: %d", res.StatusCode)
	}
}

// audit verify passes on a loaded database and prints its head; after a
// row is deleted from the file, and then another edited, it fails naming
// the first broken row. A missing database is an error, not a new file.
func TestAuditVerify(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the program")
	}
	bin := build(t)
	db := filepath.Join(t.TempDir(), "audit.db")
	if out, err := exec.Command(bin, "demo", "--db", db, "--log-level", "warn").CombinedOutput(); err != nil {
		t.Fatalf("demo: %v %s", err, out)
	}
	verify := func() (string, string, error) {
		var stdout, stderr bytes.Buffer
		cmd := exec.Command(bin, "audit", "verify", "--db", db, "--log-level", "warn")
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		return stdout.String(), stderr.String(), err
	}
	out, errOut, err := verify()
	head := regexp.MustCompile(`audit trail intact: (\d+) rows checked\nhead: row (\d+) hash ([0-9a-f]{64})\n`).FindStringSubmatch(out)
	if err != nil || head == nil || head[1] != head[2] || head[1] == "0" {
		t.Fatalf("verify a loaded database: %v\n%s%s", err, out, errOut)
	}

	raw, err := sql.Open("sqlite3", "file:"+db+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, q := range []string{
		`DROP TRIGGER audit_log_no_delete`,
		`DELETE FROM audit_log WHERE id = 100`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if _, errOut, err = verify(); err == nil || !strings.Contains(errOut, "broken at row 100 (missing)") {
		t.Errorf("after deleting row 100: %v %s", err, errOut)
	}
	for _, q := range []string{
		`DROP TRIGGER audit_log_no_update`,
		`UPDATE audit_log SET username = 'someone' WHERE id = 50`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if _, errOut, err = verify(); err == nil || !strings.Contains(errOut, "broken at row 50 (edited)") {
		t.Errorf("after editing row 50: %v %s", err, errOut)
	}

	missing := filepath.Join(t.TempDir(), "none.db")
	if err := exec.Command(bin, "audit", "verify", "--db", missing).Run(); err == nil {
		t.Error("verifying a missing database succeeded")
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("verifying a missing database created it")
	}
	if err := exec.Command(bin, "audit", "--db", db).Run(); err == nil {
		t.Error("audit without verify succeeded")
	}
}

// The program runs its background jobs on their schedules and stops them
// with itself on SIGTERM; a job whose time passed while it was down runs as
// it starts again.
func TestBackgroundJobsRunWithTheProgramAndStopWithIt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the program")
	}
	bin := build(t)
	db := filepath.Join(t.TempDir(), "jobs.db")
	p := start(t, bin, "--db", db, "--schedule-reception", "@every 1s", "--schedule-reminders", "off")
	waitLog(t, p, `msg="job done" job=reception`)
	p.stop(t)

	// Down for more than a second: the reception job's time passed.
	time.Sleep(1100 * time.Millisecond)
	p = start(t, bin, "--db", db, "--schedule-reception", "@every 1s", "--schedule-reminders", "off")
	waitLog(t, p, `msg="job missed while down: running it now" job=reception`)
	p.stop(t)
}

func waitLog(t *testing.T, p *program, want string) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case line, ok := <-p.logs:
			if !ok {
				t.Fatalf("the program ended before logging %q", want)
			}
			if strings.Contains(line, want) {
				return
			}
		case <-deadline:
			t.Fatalf("no %q in the log within 30 s", want)
		}
	}
}
