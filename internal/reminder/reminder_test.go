package reminder_test

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"tiepdan/internal/calendar"
	"tiepdan/internal/i18n"
	"tiepdan/internal/notify"
	"tiepdan/internal/org"
	"tiepdan/internal/petition"
	"tiepdan/internal/reminder"
	"tiepdan/internal/testdb"
	"tiepdan/internal/vntime"
)

// at is 07:35 in Vietnam on a day of July 2026 (no holiday that month).
func at(day int) time.Time { return time.Date(2026, 7, day, 7, 35, 0, 0, vntime.Zone) }

type world struct {
	t        *testing.T
	f        *testdb.Fixture
	clock    time.Time
	notes    *notify.Service
	cat      *i18n.Catalog
	communeL org.User // the commune's leader
}

func newWorld(t *testing.T) *world {
	f := testdb.New(t)
	cat, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, f: f, cat: cat}
	w.notes = notify.NewService(f.DB, cat.Render, func() time.Time { return w.clock }, slog.New(slog.DiscardHandler), nil, nil)
	u, err := org.NewService(f.DB, time.Now).CreateUser(context.Background(),
		org.User{Username: "chutich.xa", FullName: "Chủ tịch xã", UnitID: f.Commune.ID, Roles: []org.Role{org.RoleLeader}})
	if err != nil {
		t.Fatal(err)
	}
	w.communeL = *u
	return w
}

// service is one process of the program: a restart is a new one.
func (w *world) service(cfg reminder.Config) *reminder.Service {
	s, err := reminder.NewService(w.f.DB, w.notes, func(k string, p map[string]any) string { return w.cat.T(i18n.VI, k, p) },
		cfg, func() time.Time { return w.clock }, slog.New(slog.DiscardHandler))
	if err != nil {
		w.t.Fatal(err)
	}
	return s
}

// petition records feedback received on a day in a unit; its one open
// deadline (processing, 10 working days) must fall on due.
func (w *world) petition(unit org.Unit, handler *int64, received time.Time, due calendar.Date) string {
	w.t.Helper()
	svc := petition.NewService(w.f.DB, w.f.DB, func() time.Time { return received })
	r, _, err := svc.Create(context.Background(), w.f.Reception, petition.Draft{UnitID: unit.ID, Type: petition.TypeFeedback, Field: "land",
		Summary: "Phản ánh đường làng xuống cấp", ReceivedAt: &received, HandlerID: handler}, petition.Idempotency{})
	if err != nil {
		w.t.Fatal(err)
	}
	ds, err := svc.Deadlines(context.Background(), r.Petition.ID)
	if err != nil || len(ds) != 1 || ds[0].Due != due {
		w.t.Fatalf("petition received %s: deadlines %+v (%v), want one due %s", received, ds, err, due)
	}
	return r.Petition.Code
}

// inbox returns what a user received, as "dd kind: subject" lines.
func (w *world) inbox(u org.User) []string {
	w.t.Helper()
	ns, err := w.notes.Inbox(context.Background(), u.ID, "vi", false, 0, 200)
	if err != nil {
		w.t.Fatal(err)
	}
	var out []string
	for _, n := range slices.Backward(ns) {
		out = append(out, fmt.Sprintf("%02d %s: %s", n.CreatedAt.In(vntime.Zone).Day(), n.Kind, n.Subject))
	}
	return out
}

func TestASimulatedWeekSendsEachReminderEscalationAndDigestOnce(t *testing.T) {
	w := newWorld(t)
	h := w.f.Handler.ID
	// A: the handler's, due Thursday 16/7. B: the commune's, no handler,
	// due Friday 10/7, overdue when the week starts.
	a := w.petition(w.f.Province, &h, at(2), calendar.NewDate(2026, 7, 16))
	b := w.petition(w.f.Commune, nil, time.Date(2026, 6, 26, 9, 0, 0, 0, vntime.Zone), calendar.NewDate(2026, 7, 10))
	cfg := reminder.Config{Windows: []int{3, 1, 0}, Escalate: []int{3, 4}}

	svc := w.service(cfg)
	for day := 13; day <= 17; day++ {
		w.clock = at(day)
		if day == 15 {
			svc = w.service(cfg) // a restart midway
		}
		for range 2 { // every job runs twice a day
			if err := svc.Scan(context.Background()); err != nil {
				t.Fatal(err)
			}
			if err := svc.Digest(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
	}
	// The weekend: no digest, and nothing new is due.
	w.clock = at(18)
	if err := svc.Digest(context.Background()); err != nil {
		t.Fatal(err)
	}

	want := map[string][]string{
		"handler": {
			"13 deadline: Sắp đến hạn: đơn " + a + ", bước «Xử lý đơn» (hạn 16/07/2026)",
			"13 digest: Đơn của bạn ngày 13/07/2026: 0 quá hạn, 1 sắp đến hạn",
			"14 digest: Đơn của bạn ngày 14/07/2026: 0 quá hạn, 1 sắp đến hạn",
			"15 deadline: Sắp đến hạn: đơn " + a + ", bước «Xử lý đơn» (hạn 16/07/2026)",
			"15 digest: Đơn của bạn ngày 15/07/2026: 0 quá hạn, 1 sắp đến hạn",
			"16 deadline: Đến hạn hôm nay: đơn " + a + ", bước «Xử lý đơn»",
			"16 digest: Đơn của bạn ngày 16/07/2026: 0 quá hạn, 1 sắp đến hạn",
			"17 deadline: Quá hạn: đơn " + a + ", bước «Xử lý đơn» (hạn 16/07/2026)",
			"17 digest: Đơn của bạn ngày 17/07/2026: 1 quá hạn, 0 sắp đến hạn",
		},
		"chutich.xa": {
			"13 deadline: Quá hạn: đơn " + b + ", bước «Xử lý đơn» (hạn 10/07/2026)",
			"13 digest: Tổng hợp hạn xử lý ngày 13/07/2026: 1 quá hạn, 0 sắp đến hạn",
			"14 digest: Tổng hợp hạn xử lý ngày 14/07/2026: 1 quá hạn, 0 sắp đến hạn",
			"15 escalation: Báo cáo lãnh đạo (cấp 1): đơn " + b + " quá hạn 3 ngày làm việc",
			"15 digest: Tổng hợp hạn xử lý ngày 15/07/2026: 1 quá hạn, 0 sắp đến hạn",
			"16 digest: Tổng hợp hạn xử lý ngày 16/07/2026: 1 quá hạn, 0 sắp đến hạn",
			"17 digest: Tổng hợp hạn xử lý ngày 17/07/2026: 1 quá hạn, 0 sắp đến hạn",
		},
		// The province's leader sees the whole province in the digest, and
		// B once it has been overdue four working days.
		"leader": {
			"13 digest: Tổng hợp hạn xử lý ngày 13/07/2026: 1 quá hạn, 1 sắp đến hạn",
			"14 digest: Tổng hợp hạn xử lý ngày 14/07/2026: 1 quá hạn, 1 sắp đến hạn",
			"15 digest: Tổng hợp hạn xử lý ngày 15/07/2026: 1 quá hạn, 1 sắp đến hạn",
			"16 escalation: Báo cáo lãnh đạo (cấp 2): đơn " + b + " quá hạn 4 ngày làm việc",
			"16 digest: Tổng hợp hạn xử lý ngày 16/07/2026: 1 quá hạn, 1 sắp đến hạn",
			"17 digest: Tổng hợp hạn xử lý ngày 17/07/2026: 2 quá hạn, 0 sắp đến hạn",
		},
	}
	for _, u := range []org.User{w.f.Handler, w.communeL, w.f.Leader} {
		got := w.inbox(u)
		if !slices.Equal(got, want[u.Username]) {
			t.Errorf("%s received:\n%s\nwant:\n%s", u.Username, strings.Join(got, "\n"), strings.Join(want[u.Username], "\n"))
		}
	}
	// The digest names the deadlines.
	ns, _ := w.notes.Inbox(context.Background(), w.f.Leader.ID, "vi", false, 0, 1)
	if !strings.Contains(ns[0].Body, a) || !strings.Contains(ns[0].Body, b) || !strings.Contains(ns[0].Body, "Quá hạn (2):") {
		t.Errorf("the last digest does not list both overdue petitions:\n%s", ns[0].Body)
	}
}

func TestAServerDownOverADeadlineCatchesUpOnItsReturn(t *testing.T) {
	w := newWorld(t)
	h := w.f.Handler.ID
	// Due Wednesday 15/7; the server was down from Friday 10/7 to Friday 17/7.
	code := w.petition(w.f.Commune, &h, at(1), calendar.NewDate(2026, 7, 15))
	w.clock = at(10)
	svc := w.service(reminder.Config{Windows: []int{3, 1, 0}, Escalate: []int{3, 6}})
	if err := svc.Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	w.clock = at(17)
	if err := svc.Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"10 deadline: Sắp đến hạn: đơn " + code + ", bước «Xử lý đơn» (hạn 15/07/2026)",
		// Back two days after the deadline: the overdue notice, not the
		// reminders of windows gone by.
		"17 deadline: Quá hạn: đơn " + code + ", bước «Xử lý đơn» (hạn 15/07/2026)",
	}
	if got := w.inbox(w.f.Handler); !slices.Equal(got, want) {
		t.Errorf("received:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Back far later, every escalation step reached is sent at once.
	w.clock = at(27)
	if err := svc.Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := w.inbox(w.communeL); len(got) != 1 || !strings.Contains(got[0], "27 escalation: Báo cáo lãnh đạo (cấp 1): đơn "+code) {
		t.Errorf("the commune's leader received %q", got)
	}
	if got := w.inbox(w.f.Leader); len(got) != 1 || !strings.Contains(got[0], "27 escalation: Báo cáo lãnh đạo (cấp 2): đơn "+code) {
		t.Errorf("the province's leader received %q", got)
	}
}

func TestTheScanReadsInBatchesAndMissesNoneAcrossBatchEdges(t *testing.T) {
	w := newWorld(t)
	h := w.f.Handler.ID
	var codes []string
	for i := range 23 {
		unit := []org.Unit{w.f.Province, w.f.Commune, w.f.Other}[i%3]
		codes = append(codes, w.petition(unit, &h, at(2), calendar.NewDate(2026, 7, 16)))
	}
	w.clock = at(16)
	svc := w.service(reminder.Config{Batch: 4})
	st, err := svc.ScanStats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Scanned != 23 || st.Sent != 23 {
		t.Fatalf("scanned %d, sent %d; want 23 and 23", st.Scanned, st.Sent)
	}
	got := strings.Join(w.inbox(w.f.Handler), "\n")
	for _, c := range codes {
		if strings.Count(got, c) != 1 {
			t.Errorf("%s is reminded %d times", c, strings.Count(got, c))
		}
	}
	if st, _ := svc.ScanStats(context.Background()); st.Sent != 0 {
		t.Fatalf("a second scan sent %d", st.Sent)
	}
}

// A reminder is stored as its message and rendered for whoever reads it:
// in their language, with the petition's code and summary, and in
// Vietnamese in the copies sent out.
func TestAReminderIsWrittenInItsReadersLanguage(t *testing.T) {
	w := newWorld(t)
	h := w.f.Handler.ID
	code := w.petition(w.f.Commune, &h, at(1), calendar.NewDate(2026, 7, 15))
	w.clock = at(17)
	if err := w.service(reminder.Config{Escalate: []int{100}}).Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	read := func(lang string) notify.Notification {
		ns, err := w.notes.Inbox(context.Background(), h, lang, false, 0, 10)
		if err != nil || len(ns) != 1 {
			t.Fatalf("inbox (%s): %d notifications, %v", lang, len(ns), err)
		}
		return ns[0]
	}
	vi, en := read("vi"), read("en")
	if vi.Subject != "Quá hạn: đơn "+code+", bước «Xử lý đơn» (hạn 15/07/2026)" ||
		vi.Body != "Đơn "+code+" «Phản ánh đường làng xuống cấp»: bước «Xử lý đơn» đã quá hạn từ ngày 15/07/2026 (2 ngày làm việc)." {
		t.Errorf("in Vietnamese:\n%s\n%s", vi.Subject, vi.Body)
	}
	if en.Subject != "Overdue: petition "+code+", step “Process the petition” (due 15/07/2026)" ||
		!strings.Contains(en.Body, "“Phản ánh đường làng xuống cấp”") || !strings.Contains(en.Body, "(2 working days)") {
		t.Errorf("in English:\n%s\n%s", en.Subject, en.Body)
	}
}

// Many overdue petitions found at once (after an import, or downtime) go
// to each person as one message naming them; later ones come one by one,
// and none is told twice.
func TestManyOverdueAtOnceGoToEachPersonAsOneMessage(t *testing.T) {
	w := newWorld(t)
	h := w.f.Handler.ID
	var codes []string
	for range 6 {
		codes = append(codes, w.petition(w.f.Commune, &h, at(1), calendar.NewDate(2026, 7, 15)))
	}
	w.clock = at(17)
	svc := w.service(reminder.Config{Escalate: []int{1, 100}})
	st, err := svc.ScanStats(context.Background())
	if err != nil || st.Sent != 2 {
		t.Fatalf("first scan: %+v %v, want the handler's message and the leader's", st, err)
	}
	for _, want := range []struct {
		u    org.User
		line string
	}{
		{w.f.Handler, "17 deadline: Quá hạn: 6 đơn"},
		{w.communeL, "17 escalation: Báo cáo lãnh đạo (cấp 1): 6 đơn quá hạn"},
	} {
		u, line := want.u, want.line
		got := w.inbox(u)
		if len(got) != 1 || got[0] != line {
			t.Fatalf("%s received %q, want %q", u.Username, got, line)
		}
		ns, _ := w.notes.Inbox(context.Background(), u.ID, "vi", false, 0, 1)
		for _, c := range codes {
			if !strings.Contains(ns[0].Body, c) {
				t.Errorf("%s's message does not name %s:\n%s", u.Username, c, ns[0].Body)
			}
		}
		if ns[0].Link != "/petitions?overdue=1" {
			t.Errorf("the message links %q", ns[0].Link)
		}
	}
	en, _ := w.notes.Inbox(context.Background(), h, "en", false, 0, 1)
	if en[0].Subject != "Overdue: 6 petitions" {
		t.Errorf("in English: %q", en[0].Subject)
	}
	if st, err := svc.ScanStats(context.Background()); err != nil || st.Sent != 0 {
		t.Fatalf("second scan: %+v %v", st, err)
	}
	// One more, overdue a week later, comes on its own.
	late := w.petition(w.f.Commune, &h, at(8), calendar.NewDate(2026, 7, 22))
	w.clock = at(24)
	if err := svc.Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := w.inbox(w.f.Handler)
	if len(got) != 2 || got[1] != "24 deadline: Quá hạn: đơn "+late+", bước «Xử lý đơn» (hạn 22/07/2026)" {
		t.Fatalf("the handler received %q", got)
	}
}
