package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// SignatureHeader carries "sha256=" and the hex HMAC-SHA256 of the request
// body under the shared secret.
const SignatureHeader = "X-Tiepdan-Signature"

// Event is the JSON a webhook receives.
type Event struct {
	Event          string    `json:"event"` // "notification"
	DeliveryID     int64     `json:"delivery_id"`
	NotificationID int64     `json:"notification_id"`
	UserID         int64     `json:"user_id"`
	Kind           string    `json:"kind"`
	Subject        string    `json:"subject"`
	Body           string    `json:"body"`
	Link           string    `json:"link,omitempty"`
	CreatedAt      time.Time `json:"created_at"`
	// SentAt lets a receiver refuse an old request replayed.
	SentAt time.Time `json:"sent_at"`
}

// WebhookSender posts deliveries to one URL.
type WebhookSender struct {
	URL    string
	secret []byte
	client *http.Client
	now    func() time.Time
}

// NewWebhookSender returns a sender, or nil (off) without a URL.
func NewWebhookSender(url, secret string, now func() time.Time) (*WebhookSender, error) {
	if url == "" {
		return nil, nil
	}
	if secret == "" {
		return nil, fmt.Errorf("notify: a webhook URL needs a shared secret (--webhook-secret)")
	}
	return &WebhookSender{URL: url, secret: []byte(secret), client: &http.Client{Timeout: 15 * time.Second}, now: now}, nil
}

// Sign returns the signature header's value for body.
func Sign(secret, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify reports whether header signs body under secret.
func Verify(secret, body []byte, header string) bool {
	return hmac.Equal([]byte(Sign(secret, body)), []byte(header))
}

// Send posts the event; any answer but 2xx is a failure to retry.
func (w *WebhookSender) Send(ctx context.Context, d Delivery) error {
	body, err := json.Marshal(Event{Event: "notification", DeliveryID: d.ID, NotificationID: d.NotificationID, UserID: d.UserID,
		Kind: d.Kind, Subject: d.Subject, Body: d.Body, Link: d.Link, CreatedAt: d.CreatedAt, SentAt: w.now().UTC()})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.Address, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set(SignatureHeader, Sign(w.secret, body))
	resp, err := w.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("webhook answered %s", resp.Status)
	}
	return nil
}
