package petition_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"tiepdan/internal/petition"
)

func TestAllowedEventsFollowTheLaw(t *testing.T) {
	want := map[petition.State][]petition.Event{
		petition.StateReceived:  {"guide", "answer", "file", "forward", "accept", "withdraw"},
		petition.StateAccepted:  {"resolve", "extend", "suspend", "withdraw"},
		petition.StateSuspended: {"resume", "withdraw"},
		petition.StateGuided:    {}, petition.StateAnswered: {}, petition.StateFiled: {},
		petition.StateForwarded: {"record_reply"}, petition.StateResolved: {}, petition.StateWithdrawn: {},
	}
	for s, w := range want {
		if got := petition.Allowed(s); !slices.Equal(got, w) {
			t.Errorf("%s allows %v, want %v", s, got, w)
		}
	}
}

// The README carries the state diagram generated from the definition; it
// must not drift from the code.
func TestReadmeDiagramIsCurrent(t *testing.T) {
	raw, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), "```mermaid\n"+petition.Diagram()+"```") {
		t.Fatalf("README.md's state diagram is stale; replace it with:\n```mermaid\n%s```", petition.Diagram())
	}
}
