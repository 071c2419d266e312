package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"tiepdan/internal/i18n"
	"tiepdan/internal/org"
	"tiepdan/internal/petition"
	"tiepdan/internal/visit"
)

type option struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

func options[T ~string](cat *i18n.Catalog, lang i18n.Lang, list string, values []T) []option {
	out := make([]option, len(values))
	for i, v := range values {
		out[i] = option{Value: string(v), Label: cat.Label(lang, list, string(v))}
	}
	return out
}

// reference returns the fixed lists with labels in the user's language,
// and the state machine: which events each state allows.
func (s *Server) reference(c *gin.Context) {
	lang, cat := langOf(c), s.Catalog
	machine := map[petition.State][]petition.Event{}
	for _, st := range petition.States {
		machine[st] = petition.Allowed(st)
	}
	ok(c, http.StatusOK, gin.H{
		"types":           options(cat, lang, "type", petition.Types),
		"channels":        options(cat, lang, "channel", petition.Channels),
		"states":          options(cat, lang, "state", petition.States),
		"events":          options(cat, lang, "event", petition.Events()),
		"competences":     options(cat, lang, "competence", petition.Competences),
		"eligibility":     options(cat, lang, "eligibility", petition.Eligibility_),
		"complexities":    options(cat, lang, "complexity", petition.Complexities),
		"conclusions":     options(cat, lang, "conclusion", petition.Conclusions),
		"file_reasons":    options(cat, lang, "file_reason", petition.FileReasons),
		"visit_kinds":     options(cat, lang, "visit_kind", visit.Kinds),
		"refusal_reasons": options(cat, lang, "refusal", visit.RefusalReasons),
		"unit_levels":     options(cat, lang, "level", org.Levels),
		"roles":           options(cat, lang, "role", org.Roles),
		"state_machine":   machine,
	})
}
