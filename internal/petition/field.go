package petition

import (
	"context"
	"strings"

	"tiepdan/internal/fault"
)

// Field is a subject area of petitions (lĩnh vực): land, construction, site
// clearance, policy… The list ships with the common fields and an admin
// extends it.
type Field struct {
	Code     string `json:"code"`
	NameVi   string `json:"name_vi"`
	NameEn   string `json:"name_en"`
	Position int    `json:"position"`
	Active   bool   `json:"active"`
}

// FieldStore keeps the list of fields.
type FieldStore interface {
	Fields(ctx context.Context) ([]Field, error)
	CreateField(ctx context.Context, f Field) error
}

// ValidateField checks a new field.
func ValidateField(f *Field) error {
	f.Code = strings.ToLower(strings.TrimSpace(f.Code))
	f.NameVi = strings.TrimSpace(f.NameVi)
	f.NameEn = strings.TrimSpace(f.NameEn)
	var p fault.Problems
	if f.Code == "" || len(f.Code) > 50 || strings.ContainsAny(f.Code, " /") {
		p.Add("code", "field.code", nil)
	}
	if f.NameVi == "" {
		p.Add("name_vi", "invalid.required", nil)
	}
	if f.NameEn == "" {
		f.NameEn = f.NameVi
	}
	f.Active = true
	return p.Err()
}
