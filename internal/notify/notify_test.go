package notify_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"tiepdan/internal/i18n"
	"tiepdan/internal/notify"
	"tiepdan/internal/org"
	"tiepdan/internal/petition"
	"tiepdan/internal/testdb"
)

var t0 = time.Date(2026, 7, 13, 0, 35, 0, 0, time.UTC)

// mailbox is an SMTP server on 127.0.0.1 that keeps what it receives.
type mailbox struct {
	mu       sync.Mutex
	msgs     []*mail.Message
	srv      *smtp.Server
	sessions int
}

func (m *mailbox) NewSession(*smtp.Conn) (smtp.Session, error) {
	m.mu.Lock()
	m.sessions++
	m.mu.Unlock()
	return &smtpSession{m: m}, nil
}

type smtpSession struct{ m *mailbox }

func (s *smtpSession) Reset()                               {}
func (s *smtpSession) Logout() error                        { return nil }
func (s *smtpSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *smtpSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *smtpSession) Data(r io.Reader) error {
	msg, err := mail.ReadMessage(r)
	if err != nil {
		return err
	}
	body, err := io.ReadAll(msg.Body)
	if err != nil {
		return err
	}
	msg.Body = strings.NewReader(string(body))
	s.m.mu.Lock()
	s.m.msgs = append(s.m.msgs, msg)
	s.m.mu.Unlock()
	return nil
}

// start listens on addr ("127.0.0.1:0" for any port) and returns the
// address taken.
func (m *mailbox) start(t *testing.T, addr string) string {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	m.srv = smtp.NewServer(m)
	m.srv.Domain = "localhost"
	go m.srv.Serve(ln)
	t.Cleanup(func() { m.srv.Close() })
	return ln.Addr().String()
}

func (m *mailbox) received() []*mail.Message {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]*mail.Message(nil), m.msgs...)
}

type world struct {
	f     *testdb.Fixture
	cat   *i18n.Catalog
	clock time.Time
	user  org.User
}

func newWorld(t *testing.T) *world {
	cat, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	w := &world{f: testdb.New(t), cat: cat, clock: t0}
	u, err := org.NewService(w.f.DB, time.Now).CreateUser(context.Background(), org.User{Username: "chuyenvien.an", FullName: "Nguyễn Thị Ân",
		Email: "an@ubnd.sonha.gov.vn", UnitID: w.f.Commune.ID, Roles: []org.Role{org.RoleHandler}})
	if err != nil {
		t.Fatal(err)
	}
	w.user = *u
	return w
}

func (w *world) now() time.Time { return w.clock }

func (w *world) post(t *testing.T, svc *notify.Service, id int64) {
	t.Helper()
	n, err := svc.Post(context.Background(), []notify.Outgoing{{Key: notify.Key{Topic: "deadline", ObjectID: id, Step: "overdue", UserID: w.user.ID},
		Kind: "deadline", Subject: "Quá hạn: đơn ABC123, bước «Xử lý đơn» (hạn 10/07/2026)",
		Body: "Đơn ABC123 «Phản ánh đường làng xuống cấp»: bước «Xử lý đơn» đã quá hạn từ ngày 10/07/2026.", Link: "/petitions/7"}})
	if err != nil || n != 1 {
		t.Fatalf("post: %d %v", n, err)
	}
}

func (w *world) deliveries(t *testing.T, svc *notify.Service) []notify.Delivery {
	t.Helper()
	ds, _, err := svc.Deliveries(context.Background(), notify.DeliveryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func TestEmailArrivesWithItsVietnameseIntactAndWaitsWhileTheServerIsDown(t *testing.T) {
	w := newWorld(t)
	box := &mailbox{}
	addr := box.start(t, "127.0.0.1:0")
	host, port, _ := net.SplitHostPort(addr)
	p, _ := strconv.Atoi(port)
	mailer, err := notify.NewMailer(notify.SMTP{Host: host, Port: p, From: "tiepdan@ubnd.sonha.gov.vn", TLS: "none"})
	if err != nil {
		t.Fatal(err)
	}
	svc := notify.NewService(w.f.DB, w.cat.Render, w.now, slog.New(slog.DiscardHandler), mailer, nil)
	ctx := context.Background()

	w.post(t, svc, 1)
	if err := svc.Dispatch(ctx); err != nil {
		t.Fatal(err)
	}
	msgs := box.received()
	if len(msgs) != 1 {
		t.Fatalf("%d emails, want 1", len(msgs))
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msgs[0].Header.Get("Subject"))
	if err != nil || subject != "Quá hạn: đơn ABC123, bước «Xử lý đơn» (hạn 10/07/2026)" {
		t.Fatalf("subject %q (%v)", subject, err)
	}
	if to := msgs[0].Header.Get("To"); !strings.Contains(to, "an@ubnd.sonha.gov.vn") {
		t.Fatalf("to %q", to)
	}
	body := decodeBody(t, msgs[0])
	if !strings.Contains(body, "Đơn ABC123 «Phản ánh đường làng xuống cấp»: bước «Xử lý đơn» đã quá hạn từ ngày 10/07/2026.") {
		t.Fatalf("body:\n%s", body)
	}
	if ds := w.deliveries(t, svc); len(ds) != 1 || ds[0].Status != "sent" || ds[0].Attempts != 1 || ds[0].Body != "" || ds[0].Subject != "" {
		t.Fatalf("delivery (the admins' list shows no message text): %+v", ds)
	}

	// The mail server goes down: the next email waits and is retried.
	box.srv.Close()
	w.post(t, svc, 2)
	if err := svc.Dispatch(ctx); err == nil {
		t.Fatal("a dispatch with the mail server down reported no failure")
	}
	ds := w.deliveries(t, svc)
	if ds[0].Status != "pending" || ds[0].Attempts != 1 || !ds[0].NextAt.Equal(t0.Add(time.Minute)) || ds[0].LastError == "" {
		t.Fatalf("while down: %+v", ds[0])
	}
	w.clock = t0.Add(30 * time.Second)
	if err := svc.Dispatch(ctx); err != nil {
		t.Fatalf("before its retry time the delivery was tried: %v", err)
	}
	w.clock = t0.Add(time.Minute)
	svc.Dispatch(ctx)
	if ds := w.deliveries(t, svc); ds[0].Attempts != 2 || !ds[0].NextAt.Equal(w.clock.Add(2*time.Minute)) {
		t.Fatalf("second failure: %+v", ds[0])
	}

	// It comes back on the same address: the email goes out.
	box.start(t, addr)
	w.clock = t0.Add(3 * time.Minute)
	if err := svc.Dispatch(ctx); err != nil {
		t.Fatal(err)
	}
	if got := box.received(); len(got) != 2 || !strings.Contains(decodeBody(t, got[1]), "Phản ánh đường làng") {
		t.Fatalf("after the server returned: %d emails", len(got))
	}
	if ds := w.deliveries(t, svc); ds[0].Status != "sent" || ds[0].Attempts != 3 {
		t.Fatalf("delivered: %+v", ds[0])
	}
}

func TestEmailsDueTogetherShareOneConnection(t *testing.T) {
	w := newWorld(t)
	box := &mailbox{}
	host, port, _ := net.SplitHostPort(box.start(t, "127.0.0.1:0"))
	p, _ := strconv.Atoi(port)
	mailer, _ := notify.NewMailer(notify.SMTP{Host: host, Port: p, From: "tiepdan@ubnd.sonha.gov.vn", TLS: "none"})
	svc := notify.NewService(w.f.DB, w.cat.Render, w.now, slog.New(slog.DiscardHandler), mailer, nil)
	for id := range int64(5) {
		w.post(t, svc, id+1)
	}
	if err := svc.Dispatch(context.Background()); err != nil {
		t.Fatal(err)
	}
	box.mu.Lock()
	sessions := box.sessions
	box.mu.Unlock()
	if n := len(box.received()); n != 5 || sessions != 1 {
		t.Fatalf("%d emails over %d connections, want 5 over 1", n, sessions)
	}
}

func decodeBody(t *testing.T, m *mail.Message) string {
	t.Helper()
	raw, _ := io.ReadAll(m.Body)
	m.Body = strings.NewReader(string(raw))
	switch strings.ToLower(m.Header.Get("Content-Transfer-Encoding")) {
	case "quoted-printable":
		b, err := io.ReadAll(quotedPrintable(string(raw)))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	case "base64":
		return decodeBase64(t, string(raw))
	}
	return string(raw)
}

func TestAWebhookIsSignedAndAFailingReceiverIsRetried(t *testing.T) {
	w := newWorld(t)
	secret := "bí-mật-chung"
	var mu sync.Mutex
	var calls, valid int
	var last notify.Event
	recv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		calls++
		if notify.Verify([]byte(secret), body, r.Header.Get(notify.SignatureHeader)) {
			valid++
			json.Unmarshal(body, &last)
		}
		if calls <= 2 {
			http.Error(rw, "gateway busy", http.StatusServiceUnavailable)
			return
		}
		rw.WriteHeader(http.StatusNoContent)
	}))
	defer recv.Close()
	hook, err := notify.NewWebhookSender(recv.URL, secret, w.now)
	if err != nil {
		t.Fatal(err)
	}
	svc := notify.NewService(w.f.DB, w.cat.Render, w.now, slog.New(slog.DiscardHandler), nil, hook)
	ctx := context.Background()
	w.post(t, svc, 1)
	for _, after := range []time.Duration{0, time.Minute, 3 * time.Minute} {
		w.clock = t0.Add(after)
		svc.Dispatch(ctx)
	}
	if calls != 3 || valid != 3 {
		t.Fatalf("%d calls, %d with a valid signature; want 3 and 3", calls, valid)
	}
	if last.Event != "notification" || last.UserID != w.user.ID || last.Subject != "Quá hạn: đơn ABC123, bước «Xử lý đơn» (hạn 10/07/2026)" {
		t.Fatalf("event: %+v", last)
	}
	ds := w.deliveries(t, svc)
	if len(ds) != 1 || ds[0].Channel != notify.Webhook || ds[0].Status != "sent" || ds[0].Attempts != 3 {
		t.Fatalf("delivery: %+v", ds)
	}
	// A forged or altered body fails verification.
	if notify.Verify([]byte(secret), []byte(`{"event":"notification"}`), notify.Sign([]byte("khác"), []byte(`{"event":"notification"}`))) {
		t.Fatal("a signature under another secret verified")
	}
}

func TestAReminderPostedTwiceIsStoredOnce(t *testing.T) {
	w := newWorld(t)
	svc := notify.NewService(w.f.DB, w.cat.Render, w.now, slog.New(slog.DiscardHandler), nil, nil)
	w.post(t, svc, 1)
	n, err := svc.Post(context.Background(), []notify.Outgoing{{Key: notify.Key{Topic: "deadline", ObjectID: 1, Step: "overdue", UserID: w.user.ID},
		Kind: "deadline", Subject: "lần hai", Body: "…"}})
	if err != nil || n != 0 {
		t.Fatalf("second post: %d %v", n, err)
	}
	if c, _ := svc.UnreadCount(context.Background(), w.user.ID); c != 1 {
		t.Fatalf("%d notifications, want 1", c)
	}
}

func TestDelaysDoubleUpToSixHours(t *testing.T) {
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute}
	for i, d := range want {
		if got := notify.Backoff(i + 1); got != d {
			t.Errorf("after failure %d: %s, want %s", i+1, got, d)
		}
	}
	if got := notify.Backoff(30); got != 6*time.Hour {
		t.Errorf("after failure 30: %s", got)
	}
}

// A scan posts thousands of reminders at once: each new key gets its own
// notification and one delivery per channel, a key sent before gets
// nothing, across more rows than one statement holds.
func TestAScanSizedPostStoresEachNewKeyOnceWithItsDeliveries(t *testing.T) {
	w := newWorld(t)
	mailer, err := notify.NewMailer(notify.SMTP{Host: "127.0.0.1", Port: 1, From: "tiepdan@ubnd.sonha.gov.vn", TLS: "none"})
	if err != nil {
		t.Fatal(err)
	}
	hook, err := notify.NewWebhookSender("http://127.0.0.1:1/hook", "bí mật", w.now)
	if err != nil {
		t.Fatal(err)
	}
	svc := notify.NewService(w.f.DB, w.cat.Render, w.now, slog.New(slog.DiscardHandler), mailer, hook)
	ctx := context.Background()
	outgoing := func(id int64, subject string) notify.Outgoing {
		return notify.Outgoing{Key: notify.Key{Topic: "deadline", ObjectID: id, Step: "overdue", UserID: w.user.ID},
			Kind: "deadline", Subject: subject, Body: "Đơn đã quá hạn.", Link: "/petitions/" + strconv.FormatInt(id, 10)}
	}
	before := map[int64]bool{3: true, 500: true, 901: true}
	for id := range before {
		if n, err := svc.Post(ctx, []notify.Outgoing{outgoing(id, "trước")}); err != nil || n != 1 {
			t.Fatalf("post %d: %d %v", id, n, err)
		}
	}
	var out []notify.Outgoing
	for id := int64(1); id <= 1000; id++ {
		out = append(out, outgoing(id, "đơn "+strconv.FormatInt(id, 10)))
	}
	if n, err := svc.Post(ctx, out); err != nil || n != 997 {
		t.Fatalf("post: %d %v, want 997", n, err)
	}
	if n, err := svc.Post(ctx, out); err != nil || n != 0 {
		t.Fatalf("post again: %d %v, want 0", n, err)
	}

	subjects := map[string]int{}
	ids := map[int64]bool{}
	var next int64
	for {
		page, err := svc.Inbox(ctx, w.user.ID, "vi", false, next, 200)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range page {
			subjects[n.Subject]++
			ids[n.ID] = true
			if id := strings.TrimPrefix(n.Link, "/petitions/"); n.Subject != "trước" && n.Subject != "đơn "+id {
				t.Fatalf("notification %d says %q and links %s", n.ID, n.Subject, n.Link)
			}
			next = n.ID
		}
		if len(page) < 200 {
			break
		}
	}
	if len(ids) != 1000 || subjects["trước"] != 3 {
		t.Fatalf("%d notifications, %d sent before; want 1000 and 3", len(ids), subjects["trước"])
	}
	for id := int64(1); id <= 1000; id++ {
		want := 1
		if before[id] {
			want = 0
		}
		if got := subjects["đơn "+strconv.FormatInt(id, 10)]; got != want {
			t.Fatalf("reminder %d stored %d times, want %d", id, got, want)
		}
	}

	channels := map[int64]map[notify.Channel]int{}
	for offset := 0; ; offset += 200 {
		page, total, err := svc.Deliveries(ctx, notify.DeliveryFilter{Limit: 200, Offset: offset})
		if err != nil {
			t.Fatal(err)
		}
		if total != 2000 {
			t.Fatalf("%d deliveries, want 2000 (an email and a webhook call each)", total)
		}
		for _, d := range page {
			if !ids[d.NotificationID] || d.Status != "pending" {
				t.Fatalf("delivery %+v for no notification of the inbox", d)
			}
			if channels[d.NotificationID] == nil {
				channels[d.NotificationID] = map[notify.Channel]int{}
			}
			channels[d.NotificationID][d.Channel]++
		}
		if len(page) < 200 {
			break
		}
	}
	for id := range ids {
		if c := channels[id]; c[notify.Email] != 1 || c[notify.Webhook] != 1 {
			t.Fatalf("notification %d has deliveries %v, want one of each", id, c)
		}
	}
}

// A message of the catalog is rendered when it goes out: in Vietnamese,
// with the code and summary of the petition it names.
func TestACatalogMessageGoesOutInVietnameseWithItsPetition(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	received := t0
	r, _, err := petition.NewService(w.f.DB, w.f.DB, w.now).Create(ctx, w.f.Reception, petition.Draft{UnitID: w.f.Commune.ID,
		Type: petition.TypeFeedback, Field: "land", Summary: "Phản ánh đường làng xuống cấp", ReceivedAt: &received}, petition.Idempotency{})
	if err != nil {
		t.Fatal(err)
	}
	var got notify.Event
	recv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		json.NewDecoder(r.Body).Decode(&got)
	}))
	defer recv.Close()
	hook, err := notify.NewWebhookSender(recv.URL, "bí mật", w.now)
	if err != nil {
		t.Fatal(err)
	}
	svc := notify.NewService(w.f.DB, w.cat.Render, w.now, slog.New(slog.DiscardHandler), nil, hook)
	code := r.Petition.Code
	if n, err := svc.Post(ctx, []notify.Outgoing{{Key: notify.Key{Topic: "deadline", ObjectID: 1, Step: "overdue", UserID: w.user.ID},
		Kind: "deadline", Message: "reminder.overdue", Params: map[string]any{"Due": "10/07/2026", "StepTerm": "step.process", "Late": 3},
		PetitionID: r.Petition.ID, Link: "/petitions/1"}}); err != nil || n != 1 {
		t.Fatalf("post: %d %v", n, err)
	}
	if err := svc.Dispatch(ctx); err != nil {
		t.Fatal(err)
	}
	if got.Subject != "Quá hạn: đơn "+code+", bước «Xử lý đơn» (hạn 10/07/2026)" ||
		got.Body != "Đơn "+code+" «Phản ánh đường làng xuống cấp»: bước «Xử lý đơn» đã quá hạn từ ngày 10/07/2026 (3 ngày làm việc)." {
		t.Errorf("the webhook received:\n%s\n%s", got.Subject, got.Body)
	}
	ns, err := svc.Inbox(ctx, w.user.ID, "en", false, 0, 10)
	if err != nil || len(ns) != 1 || ns[0].Subject != "Overdue: petition "+code+", step “Process the petition” (due 10/07/2026)" {
		t.Fatalf("inbox in English: %+v %v", ns, err)
	}
}

// One notification may answer for several keys (a message naming several
// deadlines): it goes out while any of its keys is new, once, with one
// delivery per channel.
func TestANotificationForSeveralKeysGoesOutWhileAnyIsNew(t *testing.T) {
	w := newWorld(t)
	hook, err := notify.NewWebhookSender("http://127.0.0.1:1/hook", "bí mật", w.now)
	if err != nil {
		t.Fatal(err)
	}
	svc := notify.NewService(w.f.DB, w.cat.Render, w.now, slog.New(slog.DiscardHandler), nil, hook)
	ctx := context.Background()
	key := func(id int64) notify.Key {
		return notify.Key{Topic: "deadline", ObjectID: id, Step: "overdue", UserID: w.user.ID}
	}
	post := func(subject string, first int64, also ...int64) int {
		o := notify.Outgoing{Key: key(first), Kind: "deadline", Subject: subject, Body: "…"}
		for _, id := range also {
			o.Also = append(o.Also, key(id))
		}
		n, err := svc.Post(ctx, []notify.Outgoing{o})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := post("một, hai, ba", 1, 2, 3); n != 1 {
		t.Fatalf("first: %d posted", n)
	}
	if n := post("ba, bốn", 3, 4); n != 1 {
		t.Fatalf("with one new key: %d posted, want 1", n)
	}
	if n := post("một, bốn", 1, 4); n != 0 {
		t.Fatalf("with no new key: %d posted, want 0", n)
	}
	ns, err := svc.Inbox(ctx, w.user.ID, "vi", false, 0, 10)
	if err != nil || len(ns) != 2 || ns[0].Subject != "ba, bốn" || ns[1].Subject != "một, hai, ba" {
		t.Fatalf("inbox: %+v %v", ns, err)
	}
	sent, err := svc.SentKeys(ctx, []notify.Key{key(1), key(2), key(3), key(4), key(5)})
	if err != nil || len(sent) != 4 || sent[key(5)] {
		t.Fatalf("keys used: %v %v", sent, err)
	}
	if _, total, err := svc.Deliveries(ctx, notify.DeliveryFilter{}); err != nil || total != 2 {
		t.Fatalf("%d deliveries (%v), want one per notification", total, err)
	}
}

// Marking all read marks the user's own notifications, and nobody else's.
func TestMarkAllReadTouchesOnlyTheUsersOwn(t *testing.T) {
	w := newWorld(t)
	svc := notify.NewService(w.f.DB, w.cat.Render, w.now, slog.New(slog.DiscardHandler), nil, nil)
	ctx := context.Background()
	var out []notify.Outgoing
	for i, u := range []int64{w.user.ID, w.user.ID, w.f.Leader.ID} {
		out = append(out, notify.Outgoing{Key: notify.Key{Topic: "test", ObjectID: int64(i), Step: "x", UserID: u}, Kind: "deadline", Subject: "Nhắc", Body: "…"})
	}
	if n, err := svc.Post(ctx, out); err != nil || n != 3 {
		t.Fatalf("post: %d %v", n, err)
	}
	if err := svc.MarkAllRead(ctx, w.user.ID); err != nil {
		t.Fatal(err)
	}
	mine, _ := svc.UnreadCount(ctx, w.user.ID)
	theirs, _ := svc.UnreadCount(ctx, w.f.Leader.ID)
	if mine != 0 || theirs != 1 {
		t.Fatalf("unread after marking all: mine %d, the leader's %d; want 0 and 1", mine, theirs)
	}
}
