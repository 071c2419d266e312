package reminder

import (
	"context"
	"strconv"
	"strings"

	"tiepdan/internal/calendar"
	"tiepdan/internal/deadline"
	"tiepdan/internal/notify"
)

// TopicDigest is the topic of the digests' keys; the object is the day.
const TopicDigest = "digest"

// Digest is the "digest" job: on a working day, one message to each leader
// with their units' overdue and due-soon deadlines (the unit and every unit
// under it), and one to each handler with their own. A day's digest goes
// out once per person, however often the job runs.
func (s *Service) Digest(ctx context.Context) error {
	_, err := s.DigestStats(ctx)
	return err
}

// DigestStats is Digest, reporting how many digests it posted.
func (s *Service) DigestStats(ctx context.Context) (int, error) {
	u, err := s.load(ctx)
	if err != nil {
		return 0, err
	}
	today := calendar.Of(s.now())
	if !u.cal.IsWorkingDay(today) {
		return 0, nil
	}
	soon, _ := u.cal.AddWorkingDays(today, s.cfg.SoonDays)
	day := dayKey(today)
	var out []notify.Outgoing
	for _, t := range u.tree {
		if len(t.Leaders) == 0 {
			continue
		}
		counts, err := s.store.CountByUnit(ctx, t.UnitID, today, soon)
		if err != nil {
			return 0, err
		}
		var over, due int
		for _, c := range counts {
			over, due = over+c.Overdue, due+c.DueSoon
		}
		if over+due == 0 {
			continue
		}
		body, err := s.digestBody(ctx, deadline.Filter{UnitID: t.UnitID}, today, soon, over, due)
		if err != nil {
			return 0, err
		}
		for _, id := range t.Leaders {
			out = append(out, notify.Outgoing{Key: notify.Key{Topic: TopicDigest, ObjectID: day, Step: "leader:" + strconv.FormatInt(t.UnitID, 10), UserID: id},
				Kind: "digest", Subject: s.text("digest.leader.subject", map[string]any{"Day": today.Format(), "Overdue": over, "DueSoon": due}),
				Body: body, Link: "/deadlines/overdue?unit_id=" + strconv.FormatInt(t.UnitID, 10)})
		}
	}
	loads, err := s.store.HandlerLoads(ctx, today, soon)
	if err != nil {
		return 0, err
	}
	for _, l := range loads {
		body, err := s.digestBody(ctx, deadline.Filter{HandlerID: l.UserID}, today, soon, l.Overdue, l.DueSoon)
		if err != nil {
			return 0, err
		}
		out = append(out, notify.Outgoing{Key: notify.Key{Topic: TopicDigest, ObjectID: day, Step: "handler", UserID: l.UserID},
			Kind: "digest", Subject: s.text("digest.handler.subject", map[string]any{"Day": today.Format(), "Overdue": l.Overdue, "DueSoon": l.DueSoon}),
			Body: body, Link: "/deadlines/overdue"})
	}
	return s.postNew(ctx, out)
}

// dayKey numbers a day as yyyymmdd for a digest's key.
func dayKey(d calendar.Date) int64 {
	y, m, dd := d.Civil()
	return int64(y*10000 + int(m)*100 + dd)
}

// digestBody lists the first deadlines of each list and says how many
// more there are.
func (s *Service) digestBody(ctx context.Context, f deadline.Filter, today, soon calendar.Date, over, due int) (string, error) {
	var b strings.Builder
	section := func(title string, n int, f deadline.Filter) error {
		if n == 0 {
			return nil
		}
		f.Limit = s.cfg.DigestItems
		page, err := s.store.Deadlines(ctx, f)
		if err != nil {
			return err
		}
		b.WriteString(s.text(title, map[string]any{"Count": n}) + "\n")
		for _, it := range page.Items {
			b.WriteString(s.text("digest.item", map[string]any{"Code": it.PetitionCode, "Step": s.text("step."+string(it.Step), nil),
				"Due": it.Due.Format(), "Summary": it.Summary, "Unit": it.UnitName}) + "\n")
		}
		if n > len(page.Items) {
			b.WriteString(s.text("digest.more", map[string]any{"Count": n - len(page.Items)}) + "\n")
		}
		b.WriteString("\n")
		return nil
	}
	of := f
	of.DueBefore = &today
	if err := section("digest.overdue", over, of); err != nil {
		return "", err
	}
	sf := f
	sf.DueFrom, sf.DueTo = &today, &soon
	if err := section("digest.due_soon", due, sf); err != nil {
		return "", err
	}
	return strings.TrimSpace(b.String()), nil
}
