package app_test

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"tiepdan/internal/app"
)

func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := app.Run(context.Background(), app.Env{Args: args, Getenv: func(k string) string {
		if k == "TIEPDAN_SCHEDULE_DIGEST" {
			return "0 8 * * 1-5"
		}
		return ""
	}, Stdin: strings.NewReader(""), Stdout: &out, Stderr: io.Discard})
	return out.String(), err
}

func TestTheJobsCommandListsAndRunsTheJobs(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	if _, err := run(t, "jobs", "run", "reminders", "--db", db, "--now", "2026-07-13T07:30:00+07:00"); err != nil {
		t.Fatal(err)
	}
	if _, err := run(t, "jobs", "run", "--db", db, "reception"); err != nil {
		t.Fatal(err)
	}
	out, err := run(t, "jobs", "list", "--db", db, "--schedule-deliveries", "off")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`reminders\s+5 7-17 \* \* \*\s+2026-07-13 07:30:00\s+ok`, `digest\s+0 8 \* \* 1-5\s+never`,
		`deliveries\s+off\s+never`, `reception\s+0 6 \* \* \*\s+\S+ \S+\s+ok`} {
		if !regexp.MustCompile(`(?m)^` + want).MatchString(out) {
			t.Errorf("the list lacks %q:\n%s", want, out)
		}
	}
	if _, err := run(t, "jobs", "run", "cleanup", "--db", db); err == nil || !strings.Contains(err.Error(), "reminders") {
		t.Errorf("an unknown job: %v (the error should list the jobs)", err)
	}
	if _, err := run(t, "jobs", "run", "--db", db); err == nil {
		t.Error("jobs run without a name was accepted")
	}
	if _, err := run(t, "jobs", "run", "digest", "--db", db, "--reminder-windows", "3,x"); err == nil {
		t.Error("a bad --reminder-windows was accepted")
	}
}
