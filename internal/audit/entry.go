package audit

import (
	"encoding/json"
	"time"
)

// Entry is one row of the trail: who, when, from which address, what, and
// the object before and after.
type Entry struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	UserID     *int64    `json:"user_id"` // nil for work no official asked for (the command line, the scheduler)
	Username   string    `json:"username"`
	Address    string    `json:"address"`
	Action     Action    `json:"action"`
	ObjectType string    `json:"object_type"`
	ObjectID   string    `json:"object_id"`
	// Before and After are small JSON documents: the fields that identify
	// the object and those the action changed. Never a citizen's identity
	// number. Nil when there is nothing to say (a create has no before).
	Before   json.RawMessage `json:"before"`
	After    json.RawMessage `json:"after"`
	PrevHash string          `json:"prev_hash"`
	Hash     string          `json:"hash"`
}

// Action is what an entry records. The names avoid dots so they are never
// mistaken for message keys.
type Action string

const (
	CreateUnit          Action = "create_unit"
	CreateUser          Action = "create_user"
	CreateField         Action = "create_field"
	CreateVisit         Action = "create_visit"
	CreatePetition      Action = "create_petition"
	PetitionEvent       Action = "petition_event"
	BulkLoadPetitions   Action = "bulk_load_petitions" // one entry per batch of generated petitions
	CreateHoliday       Action = "create_holiday"
	UpdateHoliday       Action = "update_holiday"
	DeleteHoliday       Action = "delete_holiday"
	ChangeRule          Action = "change_rule"
	SeedRules           Action = "seed_rules" // the shipped rules and calendar, written into an empty database
	LookupCitizen       Action = "lookup_citizen"
	Login               Action = "login"
	LoginFailed         Action = "login_failed"
	Logout              Action = "logout"
	SetPassword         Action = "set_password"
	CreateToken         Action = "create_token"
	RevokeToken         Action = "revoke_token"
	ReadIdentity        Action = "read_identity" // a confidential petition's complainants were shown
	MarkConfidential    Action = "mark_confidential"
	GrantAccess         Action = "grant_access"
	RevokeAccess        Action = "revoke_access"
	Attach              Action = "attach"
	CreateReceptionRule Action = "create_reception_rule"
	CreateSession       Action = "create_reception_session" // added by hand, or a postponed one's replacement
	PostponeSession     Action = "postpone_reception_session"
	EndReceptionRule    Action = "end_reception_rule" // its scheduled sessions are cancelled
)

// Actions lists every action, for documentation and filters.
var Actions = []Action{CreateUnit, CreateUser, CreateField, CreateVisit, CreatePetition, PetitionEvent,
	BulkLoadPetitions, CreateHoliday, UpdateHoliday, DeleteHoliday, ChangeRule, SeedRules, LookupCitizen,
	Login, LoginFailed, Logout, SetPassword, CreateToken, RevokeToken, ReadIdentity, MarkConfidential, GrantAccess, RevokeAccess, Attach,
	CreateReceptionRule, CreateSession, PostponeSession, EndReceptionRule}

// Filter selects entries for a search; zero fields select everything.
type Filter struct {
	UserID     int64
	Username   string
	Action     Action
	ObjectType string
	ObjectID   string
	From, To   *time.Time // instants: From inclusive, To exclusive
	Limit      int
	Offset     int
}

// Page is one page of a search, newest first, and the number of matches.
type Page struct {
	Items []Entry
	Total int
}
