// Package reminder tells handlers and leaders about deadlines: reminders in
// windows before a deadline, escalation up the unit tree once it is
// overdue, and a daily digest. Every reminder goes out once: its key (the
// deadline, the window or step, the person) is stored with it, so a second
// run, a restart or two nodes send nothing twice, and a server that was
// down sends on its return what is still due.
package reminder

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"tiepdan/internal/calendar"
	"tiepdan/internal/deadline"
	"tiepdan/internal/notify"
)

// Config is what an agency can tune.
type Config struct {
	// Windows are the working days before the due day a handler is
	// reminded: by default 3, 1 and 0 (the day itself).
	Windows []int
	// Escalate lists, for each level above the handler, after how many
	// working days overdue it is told: the unit's leaders after the first
	// value, the leaders of the unit above after the second, and so on up.
	Escalate []int
	// Batch is how many deadlines are read and written at a time: the
	// scan holds one batch in memory whatever the number of deadlines.
	Batch int
	// SoonDays is what "due soon" means in the digest, in working days.
	SoonDays int
	// DigestItems is how many deadlines of each list a digest names.
	DigestItems int
	// GroupFrom is from how many overdue notices, or escalations of one
	// level, for one person in one batch they go as one message naming
	// the petitions (default 5).
	GroupFrom int
}

// DefaultConfig is the configuration when nothing is set.
func DefaultConfig() Config {
	return Config{Windows: []int{3, 1, 0}, Escalate: []int{3, 6}, Batch: 1000, SoonDays: 3, DigestItems: 10, GroupFrom: 5}
}

// Row is an open deadline as the scan reads it: from the index of open
// deadlines alone.
type Row struct {
	DeadlineID int64
	PetitionID int64
	UnitID     int64
	Step       deadline.Step
	Due        calendar.Date
}

// Brief is a petition's code and who handles it: its reminders go to
// them.
type Brief struct {
	PetitionID int64
	Code       string
	HandlerID  *int64
}

// Cursor is where a scan stopped: rows come in (due, unit, id) order.
type Cursor struct {
	Due    calendar.Date
	UnitID int64
	ID     int64
}

// UnitLeaders is a unit, its parent and its active leaders.
type UnitLeaders struct {
	UnitID   int64
	ParentID *int64
	Leaders  []int64
}

// Load is one person's open deadlines for the digest.
type Load struct {
	UserID  int64
	UnitID  int64 // the leader's unit; 0 for a handler
	Overdue int
	DueSoon int
}

// Store reads what the reminders need.
type Store interface {
	CalendarEntries(ctx context.Context) ([]calendar.Entry, error)
	// OpenDeadlinesDue returns up to limit open deadlines due on or before
	// until, after the cursor, in (due day, unit, id) order.
	OpenDeadlinesDue(ctx context.Context, until calendar.Date, after Cursor, limit int) ([]Row, error)
	// PetitionBriefs returns the code and handler of each petition.
	PetitionBriefs(ctx context.Context, ids []int64) (map[int64]Brief, error)
	// UnitLeaders returns every unit with its parent and active leaders.
	UnitLeaders(ctx context.Context) ([]UnitLeaders, error)
	// HandlerLoads counts each handler's open deadlines overdue (due
	// before today) and due soon (today to soon), for those who have any.
	HandlerLoads(ctx context.Context, today, soon calendar.Date) ([]Load, error)
	CountByUnit(ctx context.Context, unitID int64, today, soon calendar.Date) ([]deadline.UnitCount, error)
	Deadlines(ctx context.Context, f deadline.Filter) (deadline.Page, error)
}

// Poster posts notifications once under their keys (notify.Service).
type Poster interface {
	Post(ctx context.Context, out []notify.Outgoing) (int, error)
	SentKeys(ctx context.Context, keys []notify.Key) (map[notify.Key]bool, error)
	SentSteps(ctx context.Context, topic string, ids []int64) (map[int64][]string, error)
}

// Texts renders a message of the catalog in the users' language.
type Texts func(key string, params map[string]any) string

// Service runs the reminder and digest jobs.
type Service struct {
	store Store
	post  Poster
	text  Texts
	cfg   Config
	now   func() time.Time
	log   *slog.Logger
}

// NewService returns the service.
func NewService(store Store, post Poster, text Texts, cfg Config, now func() time.Time, log *slog.Logger) (*Service, error) {
	def := DefaultConfig()
	if len(cfg.Windows) == 0 {
		cfg.Windows = def.Windows
	}
	if cfg.Escalate == nil {
		cfg.Escalate = def.Escalate
	}
	if cfg.Batch <= 0 {
		cfg.Batch = def.Batch
	}
	if cfg.SoonDays <= 0 {
		cfg.SoonDays = def.SoonDays
	}
	if cfg.DigestItems <= 0 {
		cfg.DigestItems = def.DigestItems
	}
	if cfg.GroupFrom <= 0 {
		cfg.GroupFrom = def.GroupFrom
	}
	for _, w := range cfg.Windows {
		if w < 0 || w > 60 {
			return nil, fmt.Errorf("reminder: a window of %d working days is out of range 0–60", w)
		}
	}
	for i, n := range cfg.Escalate {
		if n < 0 || (i > 0 && n < cfg.Escalate[i-1]) {
			return nil, fmt.Errorf("reminder: escalation steps must be non-negative and rising: %v", cfg.Escalate)
		}
	}
	cfg.Windows = slices.Sorted(slices.Values(cfg.Windows))
	return &Service{store: store, post: post, text: text, cfg: cfg, now: now, log: log}, nil
}

// Stats is what a scan did.
type Stats struct {
	Scanned int // open deadlines read
	Sent    int // notifications posted
}

// units caches the calendar per unit and the tree with its leaders for one
// scan.
type units struct {
	cal   *calendar.Calendar
	views map[int64]*calendar.Calendar
	tree  map[int64]UnitLeaders
}

func (u *units) calendar(unitID int64) *calendar.Calendar {
	c, ok := u.views[unitID]
	if !ok {
		c = u.cal.For(unitID)
		u.views[unitID] = c
	}
	return c
}

// leaders returns the leaders up the tree: level 0 is the unit's own,
// level 1 its parent's, and so on.
func (u *units) leaders(unitID int64, level int) []int64 {
	id := unitID
	for range level {
		p := u.tree[id].ParentID
		if p == nil {
			return nil
		}
		id = *p
	}
	return u.tree[id].Leaders
}

func (s *Service) load(ctx context.Context) (*units, error) {
	entries, err := s.store.CalendarEntries(ctx)
	if err != nil {
		return nil, err
	}
	tree, err := s.store.UnitLeaders(ctx)
	if err != nil {
		return nil, err
	}
	u := &units{cal: calendar.New(entries), views: map[int64]*calendar.Calendar{}, tree: map[int64]UnitLeaders{}}
	for _, t := range tree {
		u.tree[t.UnitID] = t
	}
	return u, nil
}

// Scan is the "reminders" job: it reads every open deadline due within
// the widest window, batch by batch in due order, and posts the reminders
// and escalations due today that were never sent.
func (s *Service) Scan(ctx context.Context) error {
	_, err := s.ScanStats(ctx)
	return err
}

// ScanStats is Scan, reporting what it did.
//
// Each batch costs three reads and at most one write: the deadlines from
// the index of open deadlines; the steps already sent for them, so a
// deadline whose steps are all done is dropped without reading its
// petition; the petitions of those left; then one transaction posting
// their reminders. A repeated scan thus reads no petition and writes
// nothing. Reading and writing overlap: while one batch's reminders are
// written, the next batch is read and its messages rendered, so at most
// three batches are held at once.
func (s *Service) ScanStats(ctx context.Context) (Stats, error) {
	var scanned, sent int
	u, err := s.load(ctx)
	if err != nil {
		return Stats{}, err
	}
	today := calendar.Of(s.now())
	widest := s.cfg.Windows[len(s.cfg.Windows)-1]
	// A unit's own calendar may differ from the deployment's by a few
	// days; read a week more and decide per unit.
	until, _ := u.cal.AddWorkingDays(today, widest)
	until = until.AddDays(7)

	g, gctx := errgroup.WithContext(ctx)
	ready := make(chan []notify.Outgoing, 1)
	g.Go(func() error {
		defer close(ready)
		var cur Cursor
		for {
			rows, err := s.store.OpenDeadlinesDue(gctx, until, cur, s.cfg.Batch)
			if err != nil {
				return err
			}
			scanned += len(rows)
			out, err := s.remindBatch(gctx, u, today, rows)
			if err != nil {
				return err
			}
			if len(out) > 0 {
				select {
				case ready <- out:
				case <-gctx.Done():
					return gctx.Err()
				}
			}
			if len(rows) < s.cfg.Batch {
				return nil
			}
			last := rows[len(rows)-1]
			cur = Cursor{Due: last.Due, UnitID: last.UnitID, ID: last.DeadlineID}
		}
	})
	g.Go(func() error {
		for out := range ready {
			n, err := s.post.Post(gctx, out)
			sent += n
			if err != nil {
				return err
			}
		}
		return nil
	})
	err = g.Wait()
	return Stats{Scanned: scanned, Sent: sent}, err
}

// due is one step a deadline calls for today.
type due struct {
	row   *Row
	step  string
	level int // 0: the handler; n: the leaders n-1 units up
	late  int
	left  int
}

// remindBatch returns the reminders a batch of deadlines calls for today
// that were never sent.
func (s *Service) remindBatch(ctx context.Context, u *units, today calendar.Date, rows []Row) ([]notify.Outgoing, error) {
	var todo []due
	ids := make([]int64, 0, len(rows))
	for i := range rows {
		todo = append(todo, s.stepsFor(u, today, &rows[i])...)
		ids = append(ids, rows[i].DeadlineID)
	}
	if len(todo) == 0 {
		return nil, nil
	}
	sent, err := s.post.SentSteps(ctx, TopicDeadline, ids)
	if err != nil {
		return nil, err
	}
	fresh := todo[:0]
	var petitions []int64
	for _, d := range todo {
		if !slices.Contains(sent[d.row.DeadlineID], d.step) {
			// A deadline's steps are consecutive in todo: its petition
			// is asked for once.
			if len(fresh) == 0 || fresh[len(fresh)-1].row.PetitionID != d.row.PetitionID {
				petitions = append(petitions, d.row.PetitionID)
			}
			fresh = append(fresh, d)
		}
	}
	if len(fresh) == 0 {
		return nil, nil
	}
	briefs, err := s.store.PetitionBriefs(ctx, petitions)
	if err != nil {
		return nil, err
	}
	var out []notify.Outgoing
	for _, d := range fresh {
		out = append(out, s.render(u, d, briefs[d.row.PetitionID])...)
	}
	return s.group(out, briefs), nil
}

// grouped names the message that stands for several of a kind.
var grouped = map[string]string{
	"reminder.overdue":    "reminder.overdue_many",
	"reminder.escalation": "reminder.escalation_many",
}

// groupCodes is how many petitions a grouped message names.
const groupCodes = 10

// group turns a person's overdue notices, or escalations of one level, in
// a batch into one message naming the petitions, from GroupFrom of them
// on, linked to the overdue list. In daily work a person is told of an
// overdue petition or two at a time, each in its own message; the scan
// after a year of deadlines is imported, or after long downtime, tells a
// leader of thousands in a few messages instead of thousands. The message
// carries every deadline's key, so none is told again.
func (s *Service) group(out []notify.Outgoing, briefs map[int64]Brief) []notify.Outgoing {
	type kind struct {
		user    int64
		message string
		level   any
	}
	members := map[kind][]int{}
	for i, o := range out {
		if _, ok := grouped[o.Message]; ok {
			k := kind{o.Key.UserID, o.Message, o.Params["Level"]}
			members[k] = append(members[k], i)
		}
	}
	var res []notify.Outgoing
	for i, o := range out {
		k := kind{o.Key.UserID, o.Message, o.Params["Level"]}
		m := members[k]
		if len(m) < s.cfg.GroupFrom {
			res = append(res, o)
			continue
		}
		if m[0] != i {
			continue // in the message of the first
		}
		g := notify.Outgoing{Key: o.Key, Kind: o.Kind, Message: grouped[o.Message], Link: "/petitions?overdue=1",
			Params: map[string]any{"Count": len(m)}}
		if lvl, ok := o.Params["Level"]; ok {
			g.Params["Level"] = lvl
		}
		var codes []string
		for _, j := range m[1:] {
			g.Also = append(g.Also, out[j].Key)
		}
		for _, j := range m[:min(len(m), groupCodes)] {
			codes = append(codes, briefs[out[j].PetitionID].Code)
		}
		g.Params["Codes"] = strings.Join(codes, ", ")
		if len(m) > groupCodes {
			g.Params["More"] = len(m) - groupCodes
		}
		res = append(res, g)
	}
	return res
}

// postNew posts those of out whose key was never used: a repeated scan
// reads and writes nothing more.
func (s *Service) postNew(ctx context.Context, out []notify.Outgoing) (int, error) {
	if len(out) == 0 {
		return 0, nil
	}
	keys := make([]notify.Key, len(out))
	for i, o := range out {
		keys[i] = o.Key
	}
	sent, err := s.post.SentKeys(ctx, keys)
	if err != nil {
		return 0, err
	}
	fresh := out[:0]
	for _, o := range out {
		if !sent[o.Key] {
			fresh = append(fresh, o)
		}
	}
	return s.post.Post(ctx, fresh)
}

// Topic of the keys of deadline reminders.
const TopicDeadline = "deadline"

// stepsFor returns what a deadline calls for today: the reminder of the
// narrowest window it is in, or, once overdue, the overdue notice and
// every escalation step it has reached.
func (s *Service) stepsFor(u *units, today calendar.Date, r *Row) []due {
	cal := u.calendar(r.UnitID)
	if !r.Due.Before(today) {
		left := cal.WorkingDaysBetween(today, r.Due)
		for _, w := range s.cfg.Windows {
			if left <= w {
				return []due{{row: r, step: "before:" + strconv.Itoa(w), left: left}}
			}
		}
		return nil
	}
	late := cal.WorkingDaysBetween(r.Due, today)
	out := []due{{row: r, step: "overdue", late: late}}
	for i, n := range s.cfg.Escalate {
		if late < n {
			break
		}
		out = append(out, due{row: r, step: "escalate:" + strconv.Itoa(i+1), level: i + 1, late: late})
	}
	return out
}

// render addresses a step's message to each of its recipients: the
// handler (the unit's leaders when nobody handles it) or the leaders up
// the tree. The message is stored as its catalog key and parameters and
// rendered when read, with the petition's code and summary.
func (s *Service) render(u *units, d due, b Brief) []notify.Outgoing {
	r := d.row
	to := u.leaders(r.UnitID, d.level-1)
	if d.level == 0 {
		to = u.leaders(r.UnitID, 0)
		if b.HandlerID != nil {
			to = []int64{*b.HandlerID}
		}
	}
	if len(to) == 0 {
		return nil
	}
	params := map[string]any{"Due": r.Due.Format(), "StepTerm": "step." + string(r.Step)}
	kind, message := "deadline", "reminder.due_soon"
	switch {
	case d.level > 0:
		kind, message = "escalation", "reminder.escalation"
		params["Late"], params["Level"] = d.late, d.level
	case d.step == "overdue":
		message = "reminder.overdue"
		params["Late"] = d.late
	case d.left == 0:
		message = "reminder.due_today"
	default:
		params["Left"] = d.left
	}
	link := "/petitions/" + strconv.FormatInt(r.PetitionID, 10)
	out := make([]notify.Outgoing, 0, len(to))
	for _, id := range to {
		out = append(out, notify.Outgoing{Key: notify.Key{Topic: TopicDeadline, ObjectID: r.DeadlineID, Step: d.step, UserID: id},
			Kind: kind, Message: message, Params: params, PetitionID: r.PetitionID, Link: link})
	}
	return out
}
