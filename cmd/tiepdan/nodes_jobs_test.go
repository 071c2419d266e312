package main_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"tiepdan/internal/notify"
)

// hookReceiver is an agency's gateway behind the webhook: it counts each
// notification it accepted (answered 2xx). Told to, it holds the next
// request until its sender goes away, and does not count it.
type hookReceiver struct {
	*httptest.Server
	secret   []byte
	mu       sync.Mutex
	accepted map[int64]int       // notification id → times accepted
	at       map[int64]time.Time // when it was first accepted
	hangNext atomic.Bool
	hung     chan int64
	bad      atomic.Int32 // requests whose signature did not verify
}

func newHookReceiver(t *testing.T, secret string) *hookReceiver {
	h := &hookReceiver{secret: []byte(secret), accepted: map[int64]int{}, at: map[int64]time.Time{}, hung: make(chan int64, 1)}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !notify.Verify(h.secret, body, r.Header.Get(notify.SignatureHeader)) {
			h.bad.Add(1)
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		var e notify.Event
		if err := json.Unmarshal(body, &e); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if h.hangNext.CompareAndSwap(true, false) {
			h.hung <- e.NotificationID
			select {
			case <-r.Context().Done(): // the sender died
			case <-time.After(time.Minute):
			}
			return
		}
		h.mu.Lock()
		if h.accepted[e.NotificationID] == 0 {
			h.at[e.NotificationID] = time.Now()
		}
		h.accepted[e.NotificationID]++
		h.mu.Unlock()
	}))
	t.Cleanup(h.Close)
	return h
}

// times returns how often the notification was accepted, and when first.
func (h *hookReceiver) times(id int64) (int, time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.accepted[id], h.at[id]
}

// duplicates lists the notifications accepted more than once, and counts
// those accepted.
func (h *hookReceiver) duplicates() (dup []int64, n int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for id, k := range h.accepted {
		if k > 1 {
			dup = append(dup, id)
		}
	}
	return dup, len(h.accepted)
}

// Three nodes on one PostgreSQL database each try to run the reminders and
// the deliveries every second, with a lease of two seconds. Petitions
// received two months ago, recorded through every node while they run,
// cross their reminder windows and escalation steps at once: each reminder
// is sent exactly once (one sent_reminders row, one notification, one
// delivery, one webhook call accepted), whichever nodes ran the jobs and
// however often. Then a node is killed (SIGKILL) while it holds the
// deliveries job's lease, in the middle of a webhook call: after the lease
// expires another node takes the job over, and the notification is
// accepted once.
func TestSeveralNodesSendEachReminderOnceAndTakeOverADeadNodesJob(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the program")
	}
	dsn := freshDatabase(t)
	bin := build(t)
	if out, err := runBin(bin, "demo", "--db", dsn, "--log-level", "warn"); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	const secret = "bí mật chung"
	hook := newHookReceiver(t, secret)
	args := []string{"--db", dsn, "--schedule-reminders", "@every 1s", "--schedule-deliveries", "@every 1s",
		"--schedule-digest", "off", "--schedule-reception", "off", "--job-lease", "2s",
		"--webhook-url", hook.URL, "--webhook-secret", secret}
	var nodes []*program
	for range 3 {
		nodes = append(nodes, start(t, bin, args...))
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	count := func(q string, args ...any) int {
		t.Helper()
		var n int
		if err := db.QueryRow(q, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}

	base := "http://" + nodes[0].addr
	s := signIn(t, base, "reception")
	_, me := signIn(t, base, "handler").request(t, "GET", base+"/api/v1/auth/me", "")
	handler := me["user"].(map[string]any)
	received := time.Now().AddDate(0, -2, 0).UTC().Format(time.RFC3339)
	create := func(n *program, i int) {
		t.Helper()
		code, out := s.request(t, "POST", "http://"+n.addr+"/api/v1/petitions", fmt.Sprintf(`{"unit_id": %v, "handler_id": %v,
			"type": "complaint", "field": "land", "received_at": %q,
			"summary": "Khiếu nại chậm giải quyết số %d (nhắc hạn trên nhiều máy chủ)", "complainants": [{"full_name": "Hà Văn Nhắc"}]}`,
			handler["unit_id"], handler["id"], received, i))
		if code != 201 {
			t.Fatalf("create through %s: %d %v", n.addr, code, out)
		}
	}
	for i := range 9 {
		create(nodes[i%len(nodes)], i)
	}
	ours := `SELECT count(DISTINCT p.id) FROM sent_reminders r JOIN deadlines d ON d.id = r.object_id JOIN petitions p ON p.id = d.petition_id
		WHERE r.topic = 'deadline' AND p.summary LIKE '%nhiều máy chủ%'`
	settled := func() bool {
		_, accepted := hook.duplicates()
		return count(ours) == 9 && count(`SELECT count(*) FROM deliveries WHERE status <> 'sent'`) == 0 &&
			accepted == count(`SELECT count(*) FROM notifications`)
	}
	waitFor(t, 60*time.Second, "every reminder sent and delivered", settled)
	// More runs on every node send nothing more.
	sent := count(`SELECT count(*) FROM sent_reminders`)
	time.Sleep(3 * time.Second)
	if again := count(`SELECT count(*) FROM sent_reminders`); again != sent {
		t.Errorf("later runs sent %d more reminders", again-sent)
	}
	checkOnce := func() {
		t.Helper()
		if n := count(`SELECT count(*) FROM notifications n WHERE NOT EXISTS (SELECT 1 FROM sent_reminders r WHERE r.notification_id = n.id)`); n != 0 {
			t.Errorf("%d notifications without their reminder row: sent twice", n)
		}
		if n := count(`SELECT count(*) FROM (SELECT n.id FROM notifications n LEFT JOIN deliveries d ON d.notification_id = n.id
			GROUP BY n.id HAVING count(d.id) <> 1) x`); n != 0 {
			t.Errorf("%d notifications without exactly one delivery", n)
		}
		dup, accepted := hook.duplicates()
		if len(dup) > 0 {
			t.Errorf("notifications accepted more than once by the webhook: %v", dup)
		}
		if want := count(`SELECT count(*) FROM notifications`); accepted != want {
			t.Errorf("the webhook accepted %d notifications, want %d", accepted, want)
		}
		if hook.bad.Load() != 0 {
			t.Errorf("%d webhook calls with a bad signature", hook.bad.Load())
		}
	}
	checkOnce()
	t.Logf("%d reminders sent and delivered once; deadline reminders: %d", sent, count(`SELECT count(*) FROM sent_reminders WHERE topic = 'deadline'`))
	if t.Failed() {
		t.FailNow()
	}

	// A node dies mid-delivery, holding the deliveries job's lease.
	hook.hangNext.Store(true)
	create(nodes[1], 100)
	var id int64
	select {
	case id = <-hook.hung:
	case <-time.After(60 * time.Second):
		t.Fatal("no webhook call for the new petition's reminders within 60 s")
	}
	var holder string
	var expires time.Time
	if err := db.QueryRow(`SELECT holder, expires_at FROM job_leases WHERE name = 'deliveries'`).Scan(&holder, &expires); err != nil {
		t.Fatal(err)
	}
	var victim *program
	for _, n := range nodes {
		if strings.HasSuffix(holder, fmt.Sprintf(":%d", n.cmd.Process.Pid)) {
			victim = n
		}
	}
	if victim == nil {
		t.Fatalf("the deliveries lease is held by %q, none of the nodes", holder)
	}
	if err := victim.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	killed := time.Now()
	victim.cmd.Wait()
	t.Logf("killed %s (pid %d) holding the deliveries lease until %s", victim.addr, victim.cmd.Process.Pid, expires.Format(time.TimeOnly+".000"))
	waitFor(t, 60*time.Second, "the notification the dead node was sending", func() bool { n, _ := hook.times(id); return n > 0 })
	_, at := hook.times(id)
	if at.Before(expires) {
		t.Errorf("the job was taken over at %s, before the dead node's lease expired at %s", at.Format(time.TimeOnly+".000"),
			expires.Format(time.TimeOnly+".000"))
	}
	t.Logf("taken over and delivered %s after the kill", at.Sub(killed).Round(time.Millisecond))
	waitFor(t, 30*time.Second, "every delivery sent", func() bool {
		return count(`SELECT count(*) FROM deliveries WHERE status <> 'sent'`) == 0
	})
	checkOnce()
	if n := count(`SELECT attempts FROM deliveries WHERE notification_id = $1`, id); n != 1 {
		t.Errorf("the delivery the dead node was sending has %d attempts recorded, want 1", n)
	}
	ran := 0
	for _, n := range nodes {
		runs := jobRuns(t, n)
		t.Logf("%s ran the reminders %d times, the deliveries %d times", n.addr, runs["reminders"], runs["deliveries"])
		if runs["reminders"] > 0 {
			ran++
		}
	}
	if ran < 2 {
		t.Errorf("the reminders ran on %d node(s) only", ran)
	}
}

// jobRuns counts the runs of each job a node has logged, failing the test
// on a failed run.
func jobRuns(t *testing.T, p *program) map[string]int {
	t.Helper()
	runs := map[string]int{}
	for {
		select {
		case line, ok := <-p.logs:
			if !ok {
				return runs
			}
			if strings.Contains(line, `msg="job failed"`) {
				t.Errorf("%s: %s", p.addr, line)
			}
			if _, rest, ok := strings.Cut(line, `msg="job done" job=`); ok {
				runs[strings.Fields(rest)[0]]++
			}
		default:
			return runs
		}
	}
}

// waitFor polls cond until it holds, or fails the test after limit.
func waitFor(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, limit)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func runBin(bin string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	return exec.CommandContext(ctx, bin, args...).CombinedOutput()
}
