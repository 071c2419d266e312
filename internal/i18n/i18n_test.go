package i18n_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"tiepdan/internal/i18n"
)

func TestBothLanguagesHaveTheSameKeys(t *testing.T) {
	vi, err := i18n.Keys(i18n.VI)
	if err != nil {
		t.Fatal(err)
	}
	en, err := i18n.Keys(i18n.EN)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range vi {
		if !slices.Contains(en, k) {
			t.Errorf("key %q is missing in English", k)
		}
	}
	for _, k := range en {
		if !slices.Contains(vi, k) {
			t.Errorf("key %q is missing in Vietnamese", k)
		}
	}
}

// Every message key the code names must be in the catalog; a missing one
// would reach the user as a bare key.
func TestEveryKeyInTheCodeIsInTheCatalog(t *testing.T) {
	keys, err := i18n.Keys(i18n.VI)
	if err != nil {
		t.Fatal(err)
	}
	spaces := map[string]bool{}
	for _, k := range keys {
		spaces[strings.SplitN(k, ".", 2)[0]] = true
	}
	literal := regexp.MustCompile(`"([a-z_]+)\.([a-z_.]+)"`)
	checked := 0
	err = filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range literal.FindAllStringSubmatch(string(src), -1) {
			if !spaces[m[1]] {
				continue
			}
			checked++
			key := m[1] + "." + m[2]
			// A notification's message is its subject and body.
			message := slices.Contains(keys, key+".subject") && slices.Contains(keys, key+".body")
			if !slices.Contains(keys, key) && !message {
				t.Errorf("%s names the message key %q, which the catalog lacks", path, key)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 50 {
		t.Fatalf("only %d keys found in the code: the scan is broken", checked)
	}
}

func TestLanguageChoice(t *testing.T) {
	c, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	for accept, want := range map[string]i18n.Lang{
		"": i18n.VI, "vi": i18n.VI, "vi-VN,vi;q=0.9,en;q=0.8": i18n.VI,
		"en": i18n.EN, "en-US,en;q=0.9": i18n.EN, "fr-FR": i18n.VI, "garbage;;": i18n.VI,
	} {
		if got := c.Pick(accept); got != want {
			t.Errorf("Pick(%q) = %s, want %s", accept, got, want)
		}
	}
	if got := c.T(i18n.VI, "visit.representatives_count", map[string]any{"People": 7, "Min": 1, "Max": 2, "Given": 3}); got != "Đoàn 7 người phải cử từ 1 đến 2 người đại diện (đã ghi 3)." {
		t.Errorf("template: %q", got)
	}
}
