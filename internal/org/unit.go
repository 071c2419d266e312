// Package org holds the units of a deployment (a tree: province, its
// departments and communes) and the officials who work in them.
package org

import (
	"context"
	"strings"
	"time"

	"tiepdan/internal/fault"
)

// Level is a unit's place in the state apparatus; the legal minimum of
// reception days depends on it.
type Level string

const (
	LevelProvince   Level = "province"   // UBND tỉnh
	LevelDepartment Level = "department" // sở, ban, ngành
	LevelDistrict   Level = "district"   // huyện: only in data from before 1/7/2025
	LevelCommune    Level = "commune"    // xã, phường, đặc khu
	LevelOther      Level = "other"      // public service units and the like
)

// Levels lists the levels in display order.
var Levels = []Level{LevelProvince, LevelDepartment, LevelDistrict, LevelCommune, LevelOther}

// Unit is one node of the deployment's tree.
type Unit struct {
	ID         int64     `json:"id"`
	Code       string    `json:"code"`
	Name       string    `json:"name"`
	ParentID   *int64    `json:"parent_id"`
	Level      Level     `json:"level"`
	RemoteArea bool      `json:"remote_area"`
	Created    time.Time `json:"created_at"`
	// Path lists the ids from the root down to the unit, "/1/4/9/": a
	// unit's scope is every unit whose path starts with its own.
	Path string `json:"-"`
}

// Validate checks a unit before it is stored.
func (u *Unit) Validate() error {
	u.Code = strings.TrimSpace(u.Code)
	u.Name = strings.Join(strings.Fields(u.Name), " ")
	var p fault.Problems
	if u.Code == "" {
		p.Add("code", "invalid.required", nil)
	} else if len(u.Code) > 50 {
		p.Add("code", "invalid.too_long", map[string]any{"Max": 50})
	}
	if u.Name == "" {
		p.Add("name", "invalid.required", nil)
	} else if len([]rune(u.Name)) > 300 {
		p.Add("name", "invalid.too_long", map[string]any{"Max": 300})
	}
	if !validLevel(u.Level) {
		p.Add("level", "invalid.choice", map[string]any{"Value": string(u.Level)})
	}
	return p.Err()
}

func validLevel(l Level) bool {
	for _, v := range Levels {
		if v == l {
			return true
		}
	}
	return false
}

// Store keeps units and users.
type Store interface {
	CreateUnit(ctx context.Context, u *Unit) error
	Unit(ctx context.Context, id int64) (*Unit, error)
	Units(ctx context.Context) ([]Unit, error)
	// Roots counts the units without a parent.
	Roots(ctx context.Context) (int, error)
	CreateUser(ctx context.Context, u *User) error
	User(ctx context.Context, id int64) (*User, error)
	UserByUsername(ctx context.Context, username string) (*User, error)
	Users(ctx context.Context, unitID int64) ([]User, error)
}
