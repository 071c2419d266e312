// Package notify tells officials what needs them: an inbox in the
// application for every user, and copies by email and by webhook (an
// agency's SMS or messaging gateway) queued in the database and retried
// until they go out.
package notify

import (
	"context"
	"time"
)

// Notification is one message in a user's inbox.
type Notification struct {
	ID        int64      `json:"id"`
	UserID    int64      `json:"user_id"`
	Kind      string     `json:"kind"` // deadline, escalation, digest, reception, reception_minimum
	Subject   string     `json:"subject"`
	Body      string     `json:"body"`
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

// Outgoing is a notification to post once under its key.
type Outgoing struct {
	Key     Key
	Kind    string
	Subject string
	Body    string
	Link    string
}

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
	UserID  int64  `json:"user_id"`
	Kind    string `json:"kind"`
	Subject string `json:"subject,omitempty"`
	Body    string `json:"body,omitempty"`
	Link    string `json:"link,omitempty"`
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
	// Post stores each outgoing notification whose key was never used,
	// with its key and its deliveries, in one transaction, and returns
	// how many it stored. A key already used is skipped silently: that
	// reminder went out before.
	Post(ctx context.Context, out []Outgoing, route Route, at time.Time) (int, error)
	// SentKeys returns which of the keys were already used.
	SentKeys(ctx context.Context, keys []Key) (map[Key]bool, error)
	// SentSteps returns, for each object of a topic, the steps sent for it
	// to anyone.
	SentSteps(ctx context.Context, topic string, ids []int64) (map[int64][]string, error)
	Inbox(ctx context.Context, userID int64, unreadOnly bool, beforeID int64, limit int) ([]Notification, error)
	UnreadCount(ctx context.Context, userID int64) (int, error)
	// MarkRead marks the user's own notification read; another user's
	// is not found.
	MarkRead(ctx context.Context, userID, id int64, at time.Time) error
	// DueDeliveries returns up to limit pending deliveries whose time has
	// come, the oldest first.
	DueDeliveries(ctx context.Context, now time.Time, limit int) ([]Delivery, error)
	// DeliveryDone records an attempt: sent when errText is "", otherwise
	// retried at next, or failed for good when final.
	DeliveryDone(ctx context.Context, id int64, at time.Time, errText string, next time.Time, final bool) error
	Deliveries(ctx context.Context, f DeliveryFilter) ([]Delivery, int, error)
}
