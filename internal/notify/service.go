package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"tiepdan/internal/fault"
)

// Sender sends a delivery by its channel.
type Sender interface {
	Send(ctx context.Context, d Delivery) error
}

// batchSender sends several deliveries at once (emails over one
// connection) and returns each one's outcome.
type batchSender interface {
	SendBatch(ctx context.Context, ds []Delivery) []error
}

// Service is the inbox and the delivery queue.
type Service struct {
	store   Store
	now     func() time.Time
	log     *slog.Logger
	senders map[Channel]Sender
	route   Route
	render  Renderer
	// MaxAttempts is how many times a delivery is tried before it is
	// marked failed for an admin to see.
	MaxAttempts int
}

// NewService returns the service; email and webhook may be nil (off).
// render renders the catalog's messages.
func NewService(store Store, render Renderer, now func() time.Time, log *slog.Logger, email *Mailer, webhook *WebhookSender) *Service {
	s := &Service{store: store, render: render, now: now, log: log, senders: map[Channel]Sender{}, MaxAttempts: 20}
	if email != nil {
		s.senders[Email] = email
		s.route.Email = true
	}
	if webhook != nil {
		s.senders[Webhook] = webhook
		s.route.Webhook = webhook.URL
	}
	return s
}

// Post stores the outgoing notifications not sent before and queues their
// copies; it returns how many were new.
func (s *Service) Post(ctx context.Context, out []Outgoing) (int, error) {
	if len(out) == 0 {
		return 0, nil
	}
	return s.store.Post(ctx, out, s.route, s.now())
}

// SentKeys tells which keys were already used.
func (s *Service) SentKeys(ctx context.Context, keys []Key) (map[Key]bool, error) {
	if len(keys) == 0 {
		return map[Key]bool{}, nil
	}
	return s.store.SentKeys(ctx, keys)
}

// SentSteps tells which steps were sent for each object of a topic.
func (s *Service) SentSteps(ctx context.Context, topic string, ids []int64) (map[int64][]string, error) {
	if len(ids) == 0 {
		return map[int64][]string{}, nil
	}
	return s.store.SentSteps(ctx, topic, ids)
}

// Inbox returns a page of the user's notifications, newest first, in
// their language.
func (s *Service) Inbox(ctx context.Context, userID int64, lang string, unreadOnly bool, beforeID int64, limit int) ([]Notification, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	ns, err := s.store.Inbox(ctx, userID, unreadOnly, beforeID, limit)
	for i := range ns {
		s.written(&ns[i].Text, lang)
	}
	return ns, err
}

// Copies by email and webhook are written in Vietnamese, the language of
// the agencies' own correspondence.
const deliveryLang = "vi"

// written renders a catalog message into Subject and Body. Parameters it
// cannot read leave the message without them rather than unsaid.
func (s *Service) written(t *Text, lang string) {
	if t.Message == "" {
		return
	}
	params := map[string]any{}
	if t.Params != "" {
		if err := json.Unmarshal([]byte(t.Params), &params); err != nil {
			s.log.Warn("notification parameters unreadable", "message", t.Message, "err", err)
		}
	}
	for k, v := range params {
		if name, ok := strings.CutSuffix(k, "Term"); ok {
			if key, ok := v.(string); ok {
				params[name] = s.render(lang, key, nil)
			}
		}
	}
	params["Code"], params["Summary"] = t.Code, t.Summary
	t.Subject = s.render(lang, t.Message+".subject", params)
	t.Body = s.render(lang, t.Message+".body", params)
}

// UnreadCount is how many of the user's notifications are unread.
func (s *Service) UnreadCount(ctx context.Context, userID int64) (int, error) {
	return s.store.UnreadCount(ctx, userID)
}

// MarkAllRead marks all the user's unread notifications read.
func (s *Service) MarkAllRead(ctx context.Context, userID int64) error {
	return s.store.MarkAllRead(ctx, userID, s.now())
}

// MarkRead marks one of the user's notifications read.
func (s *Service) MarkRead(ctx context.Context, userID, id int64) error {
	return s.store.MarkRead(ctx, userID, id, s.now())
}

// Deliveries lists the queue for the admins.
func (s *Service) Deliveries(ctx context.Context, f DeliveryFilter) ([]Delivery, int, error) {
	switch f.Status {
	case "", "pending", "sent", "failed":
	default:
		return nil, 0, fault.New(fault.Invalid, "invalid.choice", map[string]any{"Value": f.Status})
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	ds, total, err := s.store.Deliveries(ctx, f)
	// Administrators run the system and do not read cases: a message names
	// a petition and says what it is about, so the queue shows only where
	// each went and how.
	for i := range ds {
		ds[i].Text, ds[i].Link = Text{}, ""
	}
	return ds, total, err
}

// Backoff is how long a delivery waits after its n-th failed attempt:
// one minute, doubling, at most six hours.
func Backoff(n int) time.Duration {
	d := time.Minute
	for i := 1; i < n && d < 6*time.Hour; i++ {
		d *= 2
	}
	return min(d, 6*time.Hour)
}

// Dispatch sends the deliveries whose time has come, batch by batch,
// until none is due. It is the "deliveries" job. One failing delivery
// does not stop the others; it is tried again later.
func (s *Service) Dispatch(ctx context.Context) error {
	var failed int
	seen := map[int64]bool{}
	for {
		now := s.now()
		batch, err := s.store.DueDeliveries(ctx, now, 100)
		if err != nil {
			return err
		}
		var fresh []Delivery
		for _, d := range batch {
			if !seen[d.ID] { // one retried in this run already waits for its later time
				seen[d.ID] = true
				fresh = append(fresh, d)
			}
		}
		if len(fresh) == 0 {
			break
		}
		for i := range fresh {
			s.written(&fresh[i].Text, deliveryLang)
		}
		errs := s.send(ctx, fresh)
		for i, d := range fresh {
			errText := ""
			if errs[i] != nil {
				errText = errs[i].Error()
			}
			attempts := d.Attempts + 1
			final := errText != "" && attempts >= s.MaxAttempts
			if errText != "" {
				failed++
				s.log.Warn("delivery failed", "delivery", d.ID, "channel", d.Channel, "attempt", attempts, "err", errText)
			}
			if err := s.store.DeliveryDone(ctx, d.ID, s.now(), errText, now.Add(Backoff(attempts)), final); err != nil {
				return err
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if len(batch) < 100 {
			break
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d deliveries failed and wait for a retry", failed)
	}
	return nil
}

// send sends a batch by channel: all emails over one connection.
func (s *Service) send(ctx context.Context, ds []Delivery) []error {
	errs := make([]error, len(ds))
	byChannel := map[Channel][]int{}
	for i, d := range ds {
		byChannel[d.Channel] = append(byChannel[d.Channel], i)
	}
	for ch, idx := range byChannel {
		sender, ok := s.senders[ch]
		if !ok {
			for _, i := range idx {
				errs[i] = fmt.Errorf("channel %s is not configured", ch)
			}
			continue
		}
		if b, ok := sender.(batchSender); ok {
			part := make([]Delivery, len(idx))
			for k, i := range idx {
				part[k] = ds[i]
			}
			for k, err := range b.SendBatch(ctx, part) {
				errs[idx[k]] = err
			}
			continue
		}
		for _, i := range idx {
			errs[i] = sender.Send(ctx, ds[i])
		}
	}
	return errs
}
