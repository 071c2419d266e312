package petition

import (
	"context"
	"errors"
	"slices"

	"github.com/looplab/fsm"

	"tiepdan/internal/org"
)

// State is where a petition stands.
type State string

const (
	StateReceived  State = "received"  // tiếp nhận
	StateGuided    State = "guided"    // đã hướng dẫn
	StateAnswered  State = "answered"  // đã trả lời
	StateFiled     State = "filed"     // lưu đơn
	StateForwarded State = "forwarded" // đã chuyển đơn
	StateAccepted  State = "accepted"  // đã thụ lý
	StateSuspended State = "suspended" // tạm đình chỉ
	StateResolved  State = "resolved"  // đã giải quyết
	StateWithdrawn State = "withdrawn" // rút đơn, đình chỉ
)

// States lists every state in display order.
var States = []State{StateReceived, StateGuided, StateAnswered, StateFiled, StateForwarded, StateAccepted, StateSuspended, StateResolved, StateWithdrawn}

// Event names what an official does to a petition.
type Event string

const (
	EventGuide    Event = "guide"
	EventAnswer   Event = "answer"
	EventFile     Event = "file"
	EventForward  Event = "forward"
	EventAccept   Event = "accept"
	EventResolve  Event = "resolve"
	EventExtend   Event = "extend"
	EventSuspend  Event = "suspend"
	EventResume   Event = "resume"
	EventWithdraw Event = "withdraw"
	EventReply    Event = "record_reply" // the body a petition was forwarded to has answered
)

// EventReceive is the history entry written when a petition is recorded;
// EventRecompute, when a calendar or rule change moved one of its
// deadlines; EventAttach, when a file was attached to it. Nobody fires
// any of them; recompute and attach change neither the petition's state
// nor its version.
const (
	EventReceive   Event = "receive"
	EventRecompute Event = "recompute"
	EventAttach    Event = "attach"
)

// Who may fire an event. A reception officer guides a citizen on the
// spot; handlers classify and conclude petitions; the decisions a head
// signs (resolution, extension, suspension and resumption) are the
// leader's. Admins and auditors fire none.
var (
	desk      = []org.Role{org.RoleReception, org.RoleHandler, org.RoleLeader}
	handling  = []org.Role{org.RoleHandler, org.RoleLeader}
	decisions = []org.Role{org.RoleLeader}
)

// transitions is the state machine, defined once with who may fire each
// event: the API, the allowed events, the validation and the README's
// diagram all come from it.
var transitions = []struct {
	Event Event
	From  []State
	To    State
	Roles []org.Role
}{
	{EventGuide, []State{StateReceived}, StateGuided, desk},
	{EventAnswer, []State{StateReceived}, StateAnswered, handling},
	{EventFile, []State{StateReceived}, StateFiled, handling},
	{EventForward, []State{StateReceived}, StateForwarded, handling},
	{EventAccept, []State{StateReceived}, StateAccepted, handling},
	{EventResolve, []State{StateAccepted}, StateResolved, decisions},
	{EventExtend, []State{StateAccepted}, StateAccepted, decisions},
	{EventSuspend, []State{StateAccepted}, StateSuspended, decisions},
	{EventResume, []State{StateSuspended}, StateAccepted, decisions},
	{EventWithdraw, []State{StateReceived, StateAccepted, StateSuspended}, StateWithdrawn, handling},
	{EventReply, []State{StateForwarded}, StateForwarded, handling},
}

// MayFire reports whether the user holds a role that may fire e.
func MayFire(u org.User, e Event) bool {
	for _, t := range transitions {
		if t.Event == e {
			return u.HasAny(t.Roles...)
		}
	}
	return false
}

// AllowedFor returns the events a petition in state s allows that the user
// may fire.
func AllowedFor(s State, u org.User) []Event {
	out := []Event{}
	for _, e := range Allowed(s) {
		if MayFire(u, e) {
			out = append(out, e)
		}
	}
	return out
}

// Events lists every event in the order of the definition.
func Events() []Event {
	out := make([]Event, len(transitions))
	for i, t := range transitions {
		out[i] = t.Event
	}
	return out
}

func machine(current State) *fsm.FSM {
	descs := make([]fsm.EventDesc, len(transitions))
	for i, t := range transitions {
		src := make([]string, len(t.From))
		for j, s := range t.From {
			src[j] = string(s)
		}
		descs[i] = fsm.EventDesc{Name: string(t.Event), Src: src, Dst: string(t.To)}
	}
	return fsm.NewFSM(string(current), descs, nil)
}

// Allowed returns the events a petition in the given state allows, in the
// order of the definition.
func Allowed(s State) []Event {
	avail := machine(s).AvailableTransitions()
	out := []Event{}
	for _, e := range Events() {
		if slices.Contains(avail, string(e)) {
			out = append(out, e)
		}
	}
	return out
}

// KnownEvent reports whether e is an event of the state machine.
func KnownEvent(e Event) bool { return slices.Contains(Events(), e) }

// next runs the event through the state machine and returns the new state;
// ok is false when the event is not allowed in the current state.
func next(current State, e Event) (State, bool) {
	f := machine(current)
	err := f.Event(context.Background(), string(e))
	var same fsm.NoTransitionError
	if err != nil && !errors.As(err, &same) {
		return current, false
	}
	return State(f.Current()), true
}

// Diagram renders the state machine as a Mermaid state diagram.
func Diagram() string {
	out, err := fsm.VisualizeForMermaidWithGraphType(machine(StateReceived), fsm.StateDiagram)
	if err != nil {
		panic(err) // only an unknown diagram type fails, and ours is fixed
	}
	return out
}
