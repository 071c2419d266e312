package api_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"tiepdan/internal/api"
)

// httpMethods are the keys of an OpenAPI path item that name operations;
// the others (parameters, summary, …) do not.
var httpMethods = map[string]bool{
	"get": true, "put": true, "post": true, "delete": true,
	"options": true, "head": true, "patch": true, "trace": true,
}

func openapiDoc(t *testing.T) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := yaml.Unmarshal(api.OpenAPI(), &doc); err != nil {
		t.Fatalf("openapi.yaml is not valid YAML: %v", err)
	}
	if v, _ := doc["openapi"].(string); v != "3.0.3" {
		t.Errorf("openapi version = %q, want 3.0.3", v)
	}
	for _, k := range []string{"info", "paths", "components"} {
		if _, ok := doc[k].(map[string]any); !ok {
			t.Fatalf("openapi.yaml has no %q object", k)
		}
	}
	return doc
}

// documented lists the "METHOD /path" operations of the document.
func documented(doc map[string]any) map[string]bool {
	out := map[string]bool{}
	for path, item := range doc["paths"].(map[string]any) {
		ops, _ := item.(map[string]any)
		for k := range ops {
			if httpMethods[k] {
				out[strings.ToUpper(k)+" "+path] = true
			}
		}
	}
	return out
}

func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	doc := openapiDoc(t)
	have := documented(doc)
	var missing []string
	for _, r := range api.Routes() {
		if !have[r.Method+" "+r.Path] {
			missing = append(missing, r.Method+" "+r.Path)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("routes missing from openapi.yaml:\n  %s", strings.Join(missing, "\n  "))
	}
}

func TestOpenAPIDocumentsNoStaleRoute(t *testing.T) {
	doc := openapiDoc(t)
	routes := map[string]bool{}
	for _, r := range api.Routes() {
		routes[r.Method+" "+r.Path] = true
	}
	var stale []string
	for op := range documented(doc) {
		if !routes[op] {
			stale = append(stale, op)
		}
	}
	sort.Strings(stale)
	if len(stale) > 0 {
		t.Errorf("openapi.yaml documents operations no route serves:\n  %s", strings.Join(stale, "\n  "))
	}
}

func TestOpenAPIRefsResolve(t *testing.T) {
	doc := openapiDoc(t)
	var refs []string
	collectRefs(doc, "", &refs)
	if len(refs) == 0 {
		t.Fatal("openapi.yaml has no $ref; the walk is broken")
	}
	var broken []string
	for _, r := range refs {
		at, ref, _ := strings.Cut(r, " -> ")
		if !strings.HasPrefix(ref, "#/components/") {
			broken = append(broken, fmt.Sprintf("%s: %s (only #/components/... refs are used)", at, ref))
			continue
		}
		if !resolves(doc, strings.TrimPrefix(ref, "#/")) {
			broken = append(broken, fmt.Sprintf("%s: %s", at, ref))
		}
	}
	sort.Strings(broken)
	if len(broken) > 0 {
		t.Errorf("unresolved $ref in openapi.yaml:\n  %s", strings.Join(broken, "\n  "))
	}
}

// collectRefs records every $ref under v as "where -> ref".
func collectRefs(v any, at string, out *[]string) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if k == "$ref" {
				s, _ := x.(string)
				*out = append(*out, at+" -> "+s)
				continue
			}
			collectRefs(x, at+"/"+k, out)
		}
	case []any:
		for i, x := range v {
			collectRefs(x, fmt.Sprintf("%s/%d", at, i), out)
		}
	}
}

// resolves follows a JSON pointer (without "#/") through the document.
func resolves(doc map[string]any, pointer string) bool {
	var cur any = doc
	for _, seg := range strings.Split(pointer, "/") {
		seg = strings.ReplaceAll(strings.ReplaceAll(seg, "~1", "/"), "~0", "~")
		m, ok := cur.(map[string]any)
		if !ok {
			return false
		}
		if cur, ok = m[seg]; !ok {
			return false
		}
	}
	return cur != nil
}
