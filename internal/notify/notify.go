// Package notify tells officials what needs them: an inbox in the
// application for every user, and copies by email and by webhook (an
// agency's SMS or messaging gateway) queued in the database and retried
// until they go out.
package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// Text is what a notification says: written out when it was posted, or a
// message of the catalog rendered for whoever reads it, in their language.
// A deadline's reminder is the second kind: it is stored as a message key
// and a few parameters, and names its petition, whose code and summary
// are read with it (so a scan of thousands of deadlines writes short rows
// and renders nothing).
type Text struct {
	Subject string `json:"subject"`
	Body    string `json:"body"`
	// Message is the catalog message (its ".subject" and ".body"), or ""
	// when Subject and Body are written out.
	Message string `json:"-"`
	// Params are the message's parameters, as JSON.
	Params string `json:"-"`
	// Code and Summary are those of the petition the notification is
	// about, given to the message as "Code" and "Summary".
	Code    string `json:"-"`
	Summary string `json:"-"`
}

// Notification is one message in a user's inbox.
type Notification struct {
	ID     int64  `json:"id"`
	UserID int64  `json:"user_id"`
	Kind   string `json:"kind"` // deadline, escalation, digest, reception, reception_minimum
	Text
	Link      string     `json:"link,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	ReadAt    *time.Time `json:"read_at,omitempty"`
}

// Key makes a reminder happen once: the thing it is about (a deadline, a
// day's digest, a session), the window or step, and the person.
type Key struct {
	Topic    string
	ObjectID int64
	Step     string
	UserID   int64
}

// Outgoing is a notification to post once under its key: its Subject and
// Body written out, or a Message of the catalog with its Params.
type Outgoing struct {
	Key Key
	// Also are further keys the one notification answers for: a message
	// naming several deadlines. It is posted when any of its keys is new;
	// those already used were told before and stay as they were.
	Also    []Key
	Kind    string
	Subject string
	Body    string
	Message string
	// Params of the message. A parameter whose name ends in "Term" holds a
	// key of the catalog, rendered in the reader's language and given to
	// the message under the name without "Term" ("StepTerm":
	// "step.resolve" gives Step).
	Params map[string]any
	// PetitionID is the petition the notification is about (0: none).
	PetitionID int64
	Link       string
}

// Renderer renders a message of the catalog in a language ("vi", "en").
type Renderer func(lang, key string, params map[string]any) string

// Channel is a way out of the application besides the inbox.
type Channel string

const (
	Email   Channel = "email"
	Webhook Channel = "webhook"
)

// Delivery is a notification on its way out by one channel.
type Delivery struct {
	ID             int64      `json:"id"`
	NotificationID int64      `json:"notification_id"`
	Channel        Channel    `json:"channel"`
	Address        string     `json:"address"`
	Status         string     `json:"status"` // pending, sent, failed
	Attempts       int        `json:"attempts"`
	NextAt         time.Time  `json:"next_at"`
	LastError      string     `json:"last_error,omitempty"`
	SentAt         *time.Time `json:"sent_at,omitempty"`
	CreatedAt      time.Time  `json:"created_at"`
	// The notification it carries (the admins' list leaves out its text).
	UserID int64  `json:"user_id"`
	Kind   string `json:"kind"`
	Text   `json:"-"`
	Link   string `json:"link,omitempty"`
}

// DeliveryFilter selects deliveries for the admins' list.
type DeliveryFilter struct {
	Status string // "" for all
	Limit  int
	Offset int
}

// Route is where copies of a notification go: by email to the user's
// address when email is on, and to the webhook URL when one is set.
type Route struct {
	Email   bool
	Webhook string
}

// Store keeps inboxes and the delivery queue.
type Store interface {
	// Post stores each outgoing notification that has a key never used,
	// with its keys and its deliveries, in one transaction, and returns
	// how many it stored. A notification whose keys were all used is
	// skipped silently: it went out before.
	Post(ctx context.Context, out []Outgoing, route Route, at time.Time) (int, error)
	// SentKeys returns which of the keys were already used.
	SentKeys(ctx context.Context, keys []Key) (map[Key]bool, error)
	// SentSteps returns, for each object of a topic, the steps sent for it
	// to anyone.
	SentSteps(ctx context.Context, topic string, ids []int64) (map[int64][]string, error)
	// Inbox returns a user's notifications, newest first, before beforeID
	// (0: from the newest), as stored: a Message not yet rendered.
	Inbox(ctx context.Context, userID int64, unreadOnly bool, beforeID int64, limit int) ([]Notification, error)
	UnreadCount(ctx context.Context, userID int64) (int, error)
	// MarkRead marks the user's own notification read; another user's
	// is not found.
	MarkRead(ctx context.Context, userID, id int64, at time.Time) error
	// MarkAllRead marks all the user's unread notifications read.
	MarkAllRead(ctx context.Context, userID int64, at time.Time) error
	// DueDeliveries returns up to limit pending deliveries whose time has
	// come, the oldest first.
	DueDeliveries(ctx context.Context, now time.Time, limit int) ([]Delivery, error)
	// DeliveryDone records an attempt: sent when errText is "", otherwise
	// retried at next, or failed for good when final.
	DeliveryDone(ctx context.Context, id int64, at time.Time, errText string, next time.Time, final bool) error
	Deliveries(ctx context.Context, f DeliveryFilter) ([]Delivery, int, error)
}

// Keys returns the notification's keys: Key, then Also.
func (o Outgoing) Keys() []Key {
	return append([]Key{o.Key}, o.Also...)
}

// ParamsJSON returns each outgoing notification's parameters as the JSON
// the stores keep ("" for none).
func ParamsJSON(out []Outgoing) ([]string, error) {
	js := make([]string, len(out))
	for i, o := range out {
		if len(o.Params) == 0 {
			continue
		}
		b, err := json.Marshal(o.Params)
		if err != nil {
			return nil, fmt.Errorf("notify: parameters of %s: %w", o.Message, err)
		}
		js[i] = string(b)
	}
	return js, nil
}
