// Package i18n is the message catalog: every user-visible string, in
// Vietnamese (the default) and English.
package i18n

import (
	"embed"
	"fmt"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed locales/*.toml
var locales embed.FS

// Lang is a language the catalog speaks.
type Lang string

const (
	VI Lang = "vi" // the default
	EN Lang = "en"
)

// Catalog translates message keys.
type Catalog struct {
	bundle  *goi18n.Bundle
	matcher language.Matcher
	local   map[Lang]*goi18n.Localizer
}

// New loads the embedded catalogs.
func New() (*Catalog, error) {
	b := goi18n.NewBundle(language.Vietnamese)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	for _, l := range []Lang{VI, EN} {
		if _, err := b.LoadMessageFileFS(locales, "locales/"+string(l)+".toml"); err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
	}
	return &Catalog{
		bundle:  b,
		matcher: language.NewMatcher([]language.Tag{language.Vietnamese, language.English}),
		local: map[Lang]*goi18n.Localizer{
			VI: goi18n.NewLocalizer(b, "vi"),
			EN: goi18n.NewLocalizer(b, "en"),
		},
	}, nil
}

// Pick chooses the language for an Accept-Language header (or a ?lang=
// value): Vietnamese unless the client prefers English.
func (c *Catalog) Pick(accept string) Lang {
	tags, _, err := language.ParseAcceptLanguage(accept)
	if err != nil || len(tags) == 0 {
		return VI
	}
	_, i, conf := c.matcher.Match(tags...)
	if conf == language.No || i == 0 {
		return VI
	}
	return EN
}

// Render is T for a language named by its code ("vi", "en"), as the
// notifications render their messages.
func (c *Catalog) Render(lang, key string, params map[string]any) string {
	return c.T(Lang(lang), key, params)
}

// T returns the message for key in lang with params filled in; an unknown
// key comes back as itself so a gap is visible, not silent.
func (c *Catalog) T(lang Lang, key string, params map[string]any) string {
	l, ok := c.local[lang]
	if !ok {
		l = c.local[VI]
	}
	s, err := l.Localize(&goi18n.LocalizeConfig{MessageID: key, TemplateData: params})
	if err != nil {
		return key
	}
	return s
}

// Has reports whether key exists in lang.
func (c *Catalog) Has(lang Lang, key string) bool {
	_, err := c.local[lang].Localize(&goi18n.LocalizeConfig{MessageID: key})
	return err == nil
}

// Keys returns the keys of one language's catalog file, sorted.
func Keys(lang Lang) ([]string, error) {
	raw, err := locales.ReadFile("locales/" + string(lang) + ".toml")
	if err != nil {
		return nil, err
	}
	m := map[string]any{}
	if err := toml.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys, nil
}

// Label returns the label of a reference-list value ("type", "complaint").
func (c *Catalog) Label(lang Lang, list, value string) string {
	return c.T(lang, list+"."+strings.TrimSpace(value), nil)
}
