package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"tiepdan/internal/org"
)

// provinceName is how addresses end.
const provinceName = "tỉnh Sơn Hà"

// unitSpec describes one unit of the fictional province of Sơn Hà, as it
// stands after the 2025 reform: a province, its departments and communes,
// no districts.
type unitSpec struct {
	code   string
	name   string
	level  org.Level
	remote bool
	// suffix is the unit's abbreviation in document numbers ("…/QĐ-UBND").
	suffix string
	// place is the commune or ward as written inside a sentence
	// ("xã Tân Phú"); empty for the province and departments.
	place string
	ward  bool
	// hamlets are the communes' villages; wards have streets instead.
	hamlets []string
	// fields a department is competent for: petitions in them are
	// forwarded to it.
	fields []string
}

var provinceSpec = unitSpec{code: "SONHA", name: "UBND tỉnh Sơn Hà", level: org.LevelProvince, suffix: "UBND"}

var departmentSpecs = []unitSpec{
	{code: "TTT", name: "Thanh tra tỉnh", level: org.LevelDepartment, suffix: "TTr", fields: []string{"party_officials"}},
	{code: "SNNMT", name: "Sở Nông nghiệp và Môi trường", level: org.LevelDepartment, suffix: "SNNMT", fields: []string{"land", "environment", "site_clearance"}},
	{code: "SXD", name: "Sở Xây dựng", level: org.LevelDepartment, suffix: "SXD", fields: []string{"construction"}},
	{code: "STC", name: "Sở Tài chính", level: org.LevelDepartment, suffix: "STC", fields: []string{"site_clearance", "other"}},
	{code: "SNV", name: "Sở Nội vụ", level: org.LevelDepartment, suffix: "SNV", fields: []string{"policy", "administration"}},
	{code: "SYT", name: "Sở Y tế", level: org.LevelDepartment, suffix: "SYT", fields: []string{"policy"}},
}

var communeSpecs = []unitSpec{
	{code: "HATRUNG", level: org.LevelCommune, suffix: "UBND", name: "Phường Hà Trung", place: "phường Hà Trung", ward: true},
	{code: "BACSON", level: org.LevelCommune, suffix: "UBND", name: "Phường Bắc Sơn", place: "phường Bắc Sơn", ward: true},
	{code: "ANLAC", level: org.LevelCommune, suffix: "UBND", name: "Phường An Lạc", place: "phường An Lạc", ward: true},
	{code: "TANPHU", level: org.LevelCommune, suffix: "UBND", name: "Xã Tân Phú", place: "xã Tân Phú", hamlets: []string{"Thôn Phú Thọ", "Thôn Tân Lập", "Thôn Đồng Tâm", "Thôn Phú Hòa"}},
	{code: "PHULOC", level: org.LevelCommune, suffix: "UBND", name: "Xã Phú Lộc", place: "xã Phú Lộc", hamlets: []string{"Thôn Lộc Thượng", "Thôn Lộc Hạ", "Thôn Phước Thành", "Thôn An Bình"}},
	{code: "HOABINH", level: org.LevelCommune, suffix: "UBND", name: "Xã Hòa Bình", place: "xã Hòa Bình", hamlets: []string{"Thôn Hòa Mỹ", "Thôn Hòa Lợi", "Thôn Bình Minh", "Thôn Trung Hòa"}},
	{code: "SUOIDA", level: org.LevelCommune, suffix: "UBND", name: "Xã Suối Đá", place: "xã Suối Đá", remote: true, hamlets: []string{"Bản Nà Hin", "Bản Khe Ve", "Thôn Suối Cát", "Bản Pà Cò"}},
	{code: "TRALINH", level: org.LevelCommune, suffix: "UBND", name: "Xã Trà Linh", place: "xã Trà Linh", remote: true, hamlets: []string{"Thôn Trà Cổ", "Bản Làng Mới", "Thôn Linh Sơn", "Bản Đắk Rơ"}},
}

// provinceUsers are the officials the README names, one per role.
var provinceUsers = []struct {
	username, fullName string
	role               org.Role
}{
	{"admin", "Phạm Minh Tuấn", org.RoleAdmin},
	{"reception", "Nguyễn Thị Thu Hà", org.RoleReception},
	{"handler", "Lê Văn Dũng", org.RoleHandler},
	{"leader", "Trần Quốc Hưng", org.RoleLeader},
	{"auditor", "Đoàn Thị Thanh", org.RoleAuditor},
}

// unit is a created unit with the officials who act for it.
type unit struct {
	spec unitSpec
	org.Unit
	// reception records visits and petitions, handler fires the events;
	// leader signs decisions.
	reception, handler, leader org.User
	weight                     int
}

// createProvince writes the unit tree and its users through the org
// service, so demo data passes the same rules as an admin's.
func createProvince(ctx context.Context, st Store, g *gen, now time.Time) ([]*unit, int, error) {
	svc := org.NewService(st, func() time.Time { return now })
	users := 0
	mkUnit := func(s unitSpec, parent *int64) (*unit, error) {
		u, err := svc.CreateUnit(ctx, org.Unit{Code: s.code, Name: s.name, ParentID: parent, Level: s.level, RemoteArea: s.remote})
		if err != nil {
			return nil, fmt.Errorf("unit %s: %w", s.code, err)
		}
		return &unit{spec: s, Unit: *u}, nil
	}
	mkUser := func(username, fullName string, unitID int64, roles ...org.Role) (org.User, error) {
		u, err := svc.CreateUser(ctx, org.User{Username: username, FullName: fullName, UnitID: unitID, Roles: roles})
		if err != nil {
			return org.User{}, fmt.Errorf("user %s: %w", username, err)
		}
		users++
		return *u, nil
	}

	prov, err := mkUnit(provinceSpec, nil)
	if err != nil {
		return nil, 0, err
	}
	for _, pu := range provinceUsers {
		u, err := mkUser(pu.username, pu.fullName, prov.ID, pu.role)
		if err != nil {
			return nil, 0, err
		}
		switch pu.role {
		case org.RoleReception:
			prov.reception = u
		case org.RoleHandler:
			prov.handler = u
		case org.RoleLeader:
			prov.leader = u
		}
	}
	// The provincial reception office (Ban Tiếp công dân) is the busiest
	// door; communes together take most visits, departments the post.
	prov.weight = 30
	units := []*unit{prov}

	for _, s := range departmentSpecs {
		d, err := mkUnit(s, &prov.ID)
		if err != nil {
			return nil, 0, err
		}
		// A department's one officer both receives and handles.
		u, err := mkUser("handler."+strings.ToLower(s.code), g.fullName(), d.ID, org.RoleReception, org.RoleHandler)
		if err != nil {
			return nil, 0, err
		}
		d.reception, d.handler = u, u
		if d.leader, err = mkUser("leader."+strings.ToLower(s.code), g.fullName(), d.ID, org.RoleLeader); err != nil {
			return nil, 0, err
		}
		d.weight = 3
		units = append(units, d)
	}
	for _, s := range communeSpecs {
		c, err := mkUnit(s, &prov.ID)
		if err != nil {
			return nil, 0, err
		}
		code := strings.ToLower(s.code)
		if c.reception, err = mkUser("reception."+code, g.fullName(), c.ID, org.RoleReception); err != nil {
			return nil, 0, err
		}
		if c.handler, err = mkUser("handler."+code, g.fullName(), c.ID, org.RoleHandler); err != nil {
			return nil, 0, err
		}
		// The commune's chairman receives citizens and signs decisions.
		if c.leader, err = mkUser("leader."+code, g.fullName(), c.ID, org.RoleLeader); err != nil {
			return nil, 0, err
		}
		c.weight = 8
		if s.remote {
			c.weight = 4 // fewer people, farther from the office
		}
		units = append(units, c)
	}
	return units, users, nil
}
