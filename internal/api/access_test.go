package api_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"tiepdan/internal/api"
	"tiepdan/internal/calendar"
	"tiepdan/internal/notify"
	"tiepdan/internal/org"
	"tiepdan/internal/schedule"
)

// access is what one route lets each role do, inside the official's unit
// and outside it.
type access struct {
	roles []org.Role
	// in is a request within the scope of an official of the commune;
	// out, the same request aimed at another commune (nil: the route has
	// no unit scope). A request may be refused for its content (422) but
	// never for who sends it.
	in, out func(e *accessEnv, role org.Role) request
	// outStatus: 403 where the unit is named (units are public), 404 where
	// a record of another unit is (its existence is information).
	outStatus int
}

type request struct{ method, path, body string }

// accessEnv has one official per role in a commune, and a petition, a
// visit and an attachment in that commune and in another.
type accessEnv struct {
	*env
	commune               map[org.Role]org.User
	tokenIDs              map[org.Role][2]string // a token of the official's own, and one of someone else's
	petition, visit, file [2]string              // [in scope, out of scope]
	toMark                [2]string              // petitions the confidential route may mark
	session               [2]string              // a reception session in the commune and in another
	rule                  [2]string              // a reception rule in the commune and in another
	notes                 map[org.Role]int64     // a notification of each official's own
}

func newAccessEnv(t *testing.T) *accessEnv {
	e := &accessEnv{env: newEnv(t), commune: map[org.Role]org.User{}, tokenIDs: map[org.Role][2]string{}}
	svc := org.NewService(e.f.DB, func() time.Time { return now })
	for _, r := range org.Roles {
		u, err := svc.CreateUser(context.Background(), org.User{Username: "xa." + string(r), FullName: "Cán bộ xã", UnitID: e.f.Commune.ID, Roles: []org.Role{r}})
		if err != nil {
			t.Fatal(err)
		}
		e.commune[r] = *u
		e.addToken(*u)
	}
	for _, r := range org.Roles {
		own := e.do("POST", "/api/v1/auth/tokens", `{"name": "riêng"}`, as, e.commune[r].Username)
		other := e.do("POST", "/api/v1/auth/tokens", `{"name": "khác"}`, as, "admin")
		e.tokenIDs[r] = [2]string{fmt.Sprint(own.Body["id"]), fmt.Sprint(other.Body["id"])}
	}
	for i, unit := range []org.Unit{e.f.Commune, e.f.Other} {
		body := strings.Replace(e.petitionBody(), fmt.Sprintf(`"unit_id": %d`, e.f.Province.ID), fmt.Sprintf(`"unit_id": %d`, unit.ID), 1)
		p := e.do("POST", "/api/v1/petitions", body, as, "reception")
		v := e.do("POST", "/api/v1/visits", fmt.Sprintf(`{"unit_id": %d, "summary": "Hỏi chế độ", "citizen": {"full_name": "Phạm Thị Dung"}}`, unit.ID), as, "reception")
		if p.Code != 201 || v.Code != 201 {
			t.Fatalf("setup: %d %s / %d %s", p.Code, p.Raw, v.Code, v.Raw)
		}
		e.petition[i] = fmt.Sprintf("/api/v1/petitions/%v", p.Body["id"])
		m := e.do("POST", "/api/v1/petitions", body, as, "reception")
		e.toMark[i] = fmt.Sprintf("/api/v1/petitions/%v", m.Body["id"])
		e.visit[i] = fmt.Sprintf("/api/v1/visits/%v", v.Body["id"])
		f := e.upload(e.petition[i]+"/attachments", formFile("don.png"), samplePNG, as, "reception")
		if f.Code != 201 {
			t.Fatalf("setup upload: %d %s", f.Code, f.Raw)
		}
		e.file[i] = fmt.Sprintf("/api/v1/attachments/%v", f.Body["id"])
	}
	e.notes = map[org.Role]int64{}
	for _, r := range org.Roles {
		u := e.commune[r]
		if _, err := e.f.DB.Post(context.Background(), []notify.Outgoing{{Key: notify.Key{Topic: "test", ObjectID: 1, Step: "x", UserID: u.ID},
			Kind: "deadline", Subject: "Nhắc việc", Body: "Nội dung"}}, notify.Route{}, now); err != nil {
			t.Fatal(err)
		}
		ns, err := e.f.DB.Inbox(context.Background(), u.ID, false, 0, 1)
		if err != nil || len(ns) != 1 {
			t.Fatalf("setup notification: %v", err)
		}
		e.notes[r] = ns[0].ID
	}
	chair := e.commune[org.RoleLeader]
	otherChair, err := svc.CreateUser(context.Background(), org.User{Username: "pb.leader", FullName: "Chủ tịch phường", UnitID: e.f.Other.ID, Roles: []org.Role{org.RoleLeader}})
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range []*schedule.Session{
		{UnitID: e.f.Commune.ID, LeaderID: chair.ID},
		{UnitID: e.f.Other.ID, LeaderID: otherChair.ID},
	} {
		d := calendar.NewDate(2026, 7, 14)
		s.NominalDay, s.Day, s.Start, s.End, s.Place, s.Status, s.Created = d, d, "08:00", "11:00", "Trụ sở", schedule.Scheduled, now
		if err := e.f.DB.CreateSession(context.Background(), s); err != nil {
			t.Fatal(err)
		}
		e.session[i] = fmt.Sprintf("/api/v1/reception/sessions/%d", s.ID)
		r := &schedule.Rule{UnitID: s.UnitID, LeaderID: s.LeaderID, Kind: schedule.Weekly, Weekday: time.Thursday, Start: "08:00",
			End: "11:00", Place: "Trụ sở", Active: true, Created: now}
		if err := e.f.DB.CreateReceptionRule(context.Background(), r); err != nil {
			t.Fatal(err)
		}
		e.rule[i] = fmt.Sprintf("/api/v1/reception/rules/%d", r.ID)
	}
	return e
}

// The table of every signed-in route × role × scope: a role a route does
// not name gets 403, an official reaches their own unit's data and not
// another unit's. A route missing from the table fails the test, so a new
// route cannot ship without its check being tested.
func TestEveryRouteChecksRoleAndScope(t *testing.T) {
	e := newAccessEnv(t)
	unitOf := func(i int) int64 { return []int64{e.f.Commune.ID, e.f.Other.ID}[i] }
	get := func(path string) func(*accessEnv, org.Role) request {
		return func(*accessEnv, org.Role) request { return request{"GET", path, ""} }
	}
	withUnit := func(method, path, body string) (func(*accessEnv, org.Role) request, func(*accessEnv, org.Role) request) {
		mk := func(i int) func(*accessEnv, org.Role) request {
			return func(*accessEnv, org.Role) request {
				return request{method, strings.ReplaceAll(path, "UNIT", fmt.Sprint(unitOf(i))), strings.ReplaceAll(body, "UNIT", fmt.Sprint(unitOf(i)))}
			}
		}
		return mk(0), mk(1)
	}
	record := func(method string, which func(*accessEnv) [2]string, suffix, body string) (func(*accessEnv, org.Role) request, func(*accessEnv, org.Role) request) {
		mk := func(i int) func(*accessEnv, org.Role) request {
			return func(e *accessEnv, _ org.Role) request { return request{method, which(e)[i] + suffix, body} }
		}
		return mk(0), mk(1)
	}
	petitions := func(e *accessEnv) [2]string { return e.petition }
	visits := func(e *accessEnv) [2]string { return e.visit }
	files := func(e *accessEnv) [2]string { return e.file }
	upload := "FILE"
	none := func(method, path, body string) func(*accessEnv, org.Role) request {
		return func(*accessEnv, org.Role) request { return request{method, path, body} }
	}
	all := org.Roles
	cases := []org.Role{org.RoleReception, org.RoleHandler, org.RoleLeader, org.RoleAuditor}
	table := map[string]access{}
	add := func(route string, roles []org.Role, in, out func(*accessEnv, org.Role) request, outStatus int) {
		table[route] = access{roles: roles, in: in, out: out, outStatus: outStatus}
	}

	add("GET /api/v1/auth/me", all, get("/api/v1/auth/me"), nil, 0)
	add("POST /api/v1/auth/logout", all, none("POST", "/api/v1/auth/logout", ""), nil, 0)
	add("POST /api/v1/auth/password", all, none("POST", "/api/v1/auth/password", `{"current_password": "sai", "new_password": "mật khẩu mới dài"}`), nil, 0)
	add("GET /api/v1/auth/tokens", all, get("/api/v1/auth/tokens"), nil, 0)
	add("POST /api/v1/auth/tokens", all, none("POST", "/api/v1/auth/tokens", `{"name": "tích hợp"}`), nil, 0)
	add("DELETE /api/v1/auth/tokens/{id}", all,
		func(e *accessEnv, r org.Role) request {
			return request{"DELETE", "/api/v1/auth/tokens/" + e.tokenIDs[r][0], ""}
		},
		func(e *accessEnv, r org.Role) request {
			return request{"DELETE", "/api/v1/auth/tokens/" + e.tokenIDs[r][1], ""}
		}, 404)

	add("GET /api/v1/units", all, get("/api/v1/units"), nil, 0)
	add("GET /api/v1/units/{id}", all, get(fmt.Sprintf("/api/v1/units/%d", e.f.Other.ID)), nil, 0)
	in, out := withUnit("POST", "/api/v1/units", `{"code": "T-UNIT", "name": "Tổ tiếp dân", "level": "other", "parent_id": UNIT}`)
	add("POST /api/v1/units", []org.Role{org.RoleAdmin}, in, out, 403)
	in, out = withUnit("GET", "/api/v1/users?unit_id=UNIT", "")
	add("GET /api/v1/users", []org.Role{org.RoleLeader, org.RoleAdmin, org.RoleAuditor}, in, out, 403)
	in, out = withUnit("POST", "/api/v1/users", `{"username": "moi.UNIT", "full_name": "Cán bộ mới", "unit_id": UNIT, "roles": ["handler"]}`)
	add("POST /api/v1/users", []org.Role{org.RoleAdmin}, in, out, 403)
	add("GET /api/v1/fields", all, get("/api/v1/fields"), nil, 0)
	// Deployment-wide settings: an admin of a commune is outside their scope.
	add("POST /api/v1/fields", []org.Role{org.RoleAdmin}, nil, none("POST", "/api/v1/fields", `{"code": "fisheries", "name_vi": "Thủy sản", "name_en": "Fisheries"}`), 403)
	add("GET /api/v1/citizens/lookup", cases, get("/api/v1/citizens/lookup?id_number=001085012345"), nil, 0)

	in, out = withUnit("GET", "/api/v1/visits?unit_id=UNIT", "")
	add("GET /api/v1/visits", cases, in, out, 403)
	in, out = withUnit("POST", "/api/v1/visits", `{"unit_id": UNIT, "summary": "Hỏi chế độ", "citizen": {"full_name": "Lê Thị Hoa"}}`)
	add("POST /api/v1/visits", []org.Role{org.RoleReception, org.RoleLeader}, in, out, 403)
	in, out = record("GET", visits, "", "")
	add("GET /api/v1/visits/{id}", cases, in, out, 404)
	in, out = record("GET", visits, "/attachments", "")
	add("GET /api/v1/visits/{id}/attachments", cases, in, out, 404)
	in, out = record("POST", visits, "/attachments", upload)
	add("POST /api/v1/visits/{id}/attachments", []org.Role{org.RoleReception, org.RoleLeader}, in, out, 404)

	in, out = withUnit("GET", "/api/v1/petitions?unit_id=UNIT", "")
	add("GET /api/v1/petitions", cases, in, out, 403)
	in, out = withUnit("POST", "/api/v1/petitions", `{"unit_id": UNIT, "type": "feedback", "field": "land", "summary": "Phản ánh đường hỏng"}`)
	add("POST /api/v1/petitions", []org.Role{org.RoleReception, org.RoleHandler}, in, out, 403)
	in, out = record("GET", petitions, "", "")
	add("GET /api/v1/petitions/{id}", cases, in, out, 404)
	in, out = record("POST", petitions, "/events", `{"event": "guide", "version": 99, "target_body": "Sở Xây dựng", "doc_no": "1/HD"}`)
	add("POST /api/v1/petitions/{id}/events", []org.Role{org.RoleReception, org.RoleHandler, org.RoleLeader}, in, out, 404)
	in, out = record("GET", petitions, "/attachments", "")
	add("GET /api/v1/petitions/{id}/attachments", cases, in, out, 404)
	in, out = record("POST", petitions, "/attachments", upload)
	add("POST /api/v1/petitions/{id}/attachments", []org.Role{org.RoleReception, org.RoleHandler, org.RoleLeader}, in, out, 404)
	in, out = record("POST", func(e *accessEnv) [2]string { return e.toMark }, "/confidential", `{"version": 1, "reason": "Người khiếu nại đề nghị giữ bí mật"}`)
	add("POST /api/v1/petitions/{id}/confidential", []org.Role{org.RoleHandler, org.RoleLeader}, in, out, 404)
	heads := []org.Role{org.RoleLeader}
	in, out = record("GET", petitions, "/access", "")
	add("GET /api/v1/petitions/{id}/access", []org.Role{org.RoleLeader, org.RoleAuditor}, in, out, 404)
	in, out = record("POST", petitions, "/access", fmt.Sprintf(`{"user_id": %d}`, e.f.Handler.ID))
	add("POST /api/v1/petitions/{id}/access", heads, in, out, 404)
	in, out = record("DELETE", petitions, fmt.Sprintf("/access/%d", e.commune[org.RoleHandler].ID), "")
	add("DELETE /api/v1/petitions/{id}/access/{user_id}", heads, in, out, 404)
	in, out = record("GET", files, "", "")
	add("GET /api/v1/attachments/{id}", cases, in, out, 404)

	watchers := []org.Role{org.RoleHandler, org.RoleLeader, org.RoleAuditor}
	for _, p := range []string{"overdue", "due-soon", "counts"} {
		in, out = withUnit("GET", "/api/v1/deadlines/"+p+"?unit_id=UNIT", "")
		add("GET /api/v1/deadlines/"+p, watchers, in, out, 403)
	}
	in, out = withUnit("GET", "/api/v1/reports?period=2026&unit_id=UNIT", "")
	add("GET /api/v1/reports", watchers, in, out, 403)
	add("GET /api/v1/holidays", all, get("/api/v1/holidays?year=2026"), nil, 0)
	add("GET /api/v1/rules", all, get("/api/v1/rules"), nil, 0)
	add("POST /api/v1/holidays", []org.Role{org.RoleAdmin}, nil, none("POST", "/api/v1/holidays", `{"date": "2026-12-24", "kind": "holiday", "name_vi": "Nghỉ", "source": "x"}`), 403)
	add("PUT /api/v1/holidays/{id}", []org.Role{org.RoleAdmin}, nil, none("PUT", "/api/v1/holidays/1", `{"date": "2026-12-24", "kind": "holiday", "name_vi": "Nghỉ", "source": "x"}`), 403)
	add("DELETE /api/v1/holidays/{id}", []org.Role{org.RoleAdmin}, nil, none("DELETE", "/api/v1/holidays/1", ""), 403)
	add("PUT /api/v1/rules/{set}/{key}", []org.Role{org.RoleAdmin}, nil, none("PUT", "/api/v1/rules/2/accept.complaint", `{"limit": 8, "count_unit": "working_days", "source": "x", "reason": "y"}`), 403)

	add("GET /api/v1/audit", []org.Role{org.RoleAdmin, org.RoleAuditor}, nil, get("/api/v1/audit"), 403)

	add("GET /api/v1/notifications", all, get("/api/v1/notifications"), nil, 0)
	add("GET /api/v1/notifications/unread-count", all, get("/api/v1/notifications/unread-count"), nil, 0)
	// Another official's notification is not found.
	add("POST /api/v1/notifications/{id}/read", all,
		func(e *accessEnv, r org.Role) request {
			return request{"POST", fmt.Sprintf("/api/v1/notifications/%d/read", e.notes[r]), ""}
		},
		func(e *accessEnv, r org.Role) request {
			other := org.Roles[(slices.Index(org.Roles, r)+1)%len(org.Roles)]
			return request{"POST", fmt.Sprintf("/api/v1/notifications/%d/read", e.notes[other]), ""}
		}, 404)
	add("GET /api/v1/deliveries", []org.Role{org.RoleAdmin}, nil, get("/api/v1/deliveries"), 403)
	add("GET /api/v1/jobs", []org.Role{org.RoleAdmin}, nil, get("/api/v1/jobs"), 403)

	in, out = withUnit("GET", "/api/v1/reception/rules?unit_id=UNIT", "")
	add("GET /api/v1/reception/rules", all, in, out, 403)
	in, out = withUnit("POST", "/api/v1/reception/rules", `{"unit_id": UNIT, "leader_id": 1, "kind": "weekly", "weekday": 4, "start": "08:00", "end": "11:00", "place": "Trụ sở"}`)
	add("POST /api/v1/reception/rules", []org.Role{org.RoleLeader, org.RoleAdmin}, in, out, 403)
	in, out = record("POST", func(e *accessEnv) [2]string { return e.rule }, "/end", `{"notice": ""}`)
	add("POST /api/v1/reception/rules/{id}/end", []org.Role{org.RoleLeader, org.RoleAdmin}, in, out, 404)
	in, out = withUnit("GET", "/api/v1/reception/sessions?unit_id=UNIT", "")
	add("GET /api/v1/reception/sessions", all, in, out, 403)
	in, out = withUnit("POST", "/api/v1/reception/sessions", `{"unit_id": UNIT, "leader_id": 1, "day": "2026-07-09", "start": "08:00", "end": "11:00", "place": "Trụ sở"}`)
	add("POST /api/v1/reception/sessions", []org.Role{org.RoleLeader, org.RoleAdmin}, in, out, 403)
	in, out = record("POST", func(e *accessEnv) [2]string { return e.session }, "/postpone", `{"notice": ""}`)
	add("POST /api/v1/reception/sessions/{id}/postpone", []org.Role{org.RoleLeader, org.RoleAdmin}, in, out, 404)
	in, out = withUnit("GET", "/api/v1/reception/compliance?unit_id=UNIT", "")
	add("GET /api/v1/reception/compliance", all, in, out, 403)
	in, out = withUnit("GET", "/api/v1/retention/filed?unit_id=UNIT", "")
	add("GET /api/v1/retention/filed", []org.Role{org.RoleAdmin}, in, out, 403)

	// Open to anyone, checked elsewhere: health, the document, reference
	// lists, login and the public lookup.
	public := []string{"GET /healthz", "GET /readyz", "GET /api/openapi.yaml", "GET /api/v1/reference", "POST /api/v1/auth/login", "GET /api/v1/public/petitions/{code}",
		"GET /api/v1/public/units/{code}/reception-schedule", "GET /api/v1/public/units/{code}/reception-schedule.ics"}
	for _, r := range api.Routes() {
		key := r.Method + " " + r.Path
		if _, ok := table[key]; !ok && !slices.Contains(public, key) {
			t.Errorf("%s is not in the access table", key)
		}
	}

	send := func(rq request, user string) response {
		if rq.body == upload {
			return e.upload(rq.path, formFile("bien-ban.png"), samplePNG, as, user)
		}
		return e.do(rq.method, rq.path, rq.body, as, user)
	}
	for route, a := range table {
		for _, role := range org.Roles {
			t.Run(route+" as "+string(role), func(t *testing.T) {
				user := e.commune[role].Username
				for i, mk := range []func(*accessEnv, org.Role) request{a.in, a.out} {
					if mk == nil {
						continue
					}
					rq := mk(e, role)
					r := send(rq, user)
					switch {
					case !slices.Contains(a.roles, role):
						if r.Code != 403 {
							t.Errorf("%s %s: %d, want 403 for the role: %s", rq.method, rq.path, r.Code, r.Raw)
						}
					case i == 1:
						if r.Code != a.outStatus {
							t.Errorf("outside the scope, %s %s: %d, want %d: %s", rq.method, rq.path, r.Code, a.outStatus, r.Raw)
						}
					case r.Code == 401 || r.Code == 403 || r.Code == 404:
						t.Errorf("inside the scope, %s %s: %d: %s", rq.method, rq.path, r.Code, r.Raw)
					}
				}
			})
		}
	}
}
