package org

import (
	"slices"
	"time"
)

// Role is what an official may do.
type Role string

const (
	RoleReception Role = "reception" // cán bộ tiếp công dân
	RoleHandler   Role = "handler"   // chuyên viên xử lý đơn
	RoleLeader    Role = "leader"    // lãnh đạo
	RoleAdmin     Role = "admin"     // quản trị
	RoleAuditor   Role = "auditor"   // thanh tra, kiểm tra: reads everything, changes nothing
)

// Roles lists the roles in display order.
var Roles = []Role{RoleReception, RoleHandler, RoleLeader, RoleAdmin, RoleAuditor}

// User is an official working in one unit. Every write records the user
// who made it.
type User struct {
	ID       int64     `json:"id"`
	Username string    `json:"username"`
	FullName string    `json:"full_name"`
	Email    string    `json:"email,omitempty"` // where notifications are copied when email is on
	UnitID   int64     `json:"unit_id"`
	Roles    []Role    `json:"roles"`
	Active   bool      `json:"active"`
	Created  time.Time `json:"created_at"`
}

// Has reports whether the user holds the role.
func (u User) Has(r Role) bool { return slices.Contains(u.Roles, r) }

// HasAny reports whether the user holds at least one of the roles.
func (u User) HasAny(rs ...Role) bool {
	return slices.ContainsFunc(rs, u.Has)
}
