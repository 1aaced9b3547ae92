package kit_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/followup"
	"github.com/dandang/dandang/kit"
	"github.com/dandang/dandang/tolerance"
)

// process is what the naming table is checked against: a process's
// Service, Config and Case types, and its package's import path.
type process struct {
	name    string
	service reflect.Type // *Service
	config  reflect.Type
	cs      reflect.Type // *Case
	moves   reflect.Type // []kit.Move[State]
}

func processes() []process {
	return []process{
		{"clearance", reflect.TypeFor[*clearance.Service](), reflect.TypeFor[clearance.Config](), reflect.TypeFor[*clearance.Case](), reflect.TypeFor[[]kit.Move[clearance.State]]()},
		{"accusation", reflect.TypeFor[*accusation.Service](), reflect.TypeFor[accusation.Config](), reflect.TypeFor[*accusation.Case](), reflect.TypeFor[[]kit.Move[accusation.State]]()},
		{"tolerance", reflect.TypeFor[*tolerance.Service](), reflect.TypeFor[tolerance.Config](), reflect.TypeFor[*tolerance.Case](), reflect.TypeFor[[]kit.Move[tolerance.State]]()},
		{"followup", reflect.TypeFor[*followup.Service](), reflect.TypeFor[followup.Config](), reflect.TypeFor[*followup.Case](), reflect.TypeFor[[]kit.Move[followup.State]]()},
	}
}

var (
	ctxType    = reflect.TypeFor[context.Context]()
	actorType  = reflect.TypeFor[dandang.Actor]()
	errType    = reflect.TypeFor[error]()
	eventType  = reflect.TypeFor[dandang.Event]()
	stringType = reflect.TypeFor[string]()
)

// sig is a method's signature with the receiver left out.
type sig struct {
	in, out []reflect.Type
}

func sigOf(m reflect.Method) sig {
	var s sig
	for i := 1; i < m.Type.NumIn(); i++ {
		s.in = append(s.in, m.Type.In(i))
	}
	for i := 0; i < m.Type.NumOut(); i++ {
		s.out = append(s.out, m.Type.Out(i))
	}
	return s
}

func (s sig) String() string {
	names := func(ts []reflect.Type) string {
		var out []string
		for _, t := range ts {
			out = append(out, t.String())
		}
		return strings.Join(out, ", ")
	}
	return "(" + names(s.in) + ") (" + names(s.out) + ")"
}

func same(a, b []reflect.Type) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// queries is the table's read side: the name every process gives each
// query, and its signature for a process.
func queries(p process) map[string]sig {
	cases := reflect.SliceOf(p.cs)
	stats := reflect.PointerTo(typeIn(p, "Stats"))
	return map[string]sig{
		"Get":          {[]reflect.Type{ctxType, actorType, stringType}, []reflect.Type{p.cs, errType}},
		"History":      {[]reflect.Type{ctxType, actorType, stringType}, []reflect.Type{reflect.TypeFor[[]dandang.Record](), errType}},
		"Verify":       {[]reflect.Type{ctxType, actorType, stringType}, []reflect.Type{errType}},
		"Find":         {[]reflect.Type{ctxType, actorType, typeIn(p, "Filter")}, []reflect.Type{cases, errType}},
		"Overdue":      {[]reflect.Type{ctxType, actorType, reflect.TypeFor[time.Time]()}, []reflect.Type{cases, errType}},
		"Provisional":  {[]reflect.Type{ctxType, actorType}, []reflect.Type{cases, errType}},
		"Redate":       {[]reflect.Type{ctxType, actorType}, []reflect.Type{cases, errType}},
		"LoadCalendar": {[]reflect.Type{reflect.TypeFor[*dandang.Calendar]()}, []reflect.Type{errType}},
		"Stats":        {[]reflect.Type{ctxType, actorType, reflect.TypeFor[dandang.Period]()}, []reflect.Type{stats, errType}},
		"Awaiting":     {[]reflect.Type{p.cs}, []reflect.Type{reflect.TypeFor[kit.Pending]()}},
		"Moves":        {nil, []reflect.Type{p.moves}},
	}
}

// typeIn returns the named type of p's package the table refers to: the
// process's Filter (kit.Query of its state) and Stats.
func typeIn(p process, name string) reflect.Type {
	switch name {
	case "Filter":
		return reflect.TypeOf(p.zeroFilter())
	case "Stats":
		return p.statsType()
	}
	panic(name)
}

func (p process) zeroFilter() any {
	switch p.name {
	case "clearance":
		return clearance.Filter{}
	case "accusation":
		return accusation.Filter{}
	case "tolerance":
		return tolerance.Filter{}
	default:
		return followup.Filter{}
	}
}

func (p process) statsType() reflect.Type {
	switch p.name {
	case "clearance":
		return reflect.TypeFor[clearance.Stats]()
	case "accusation":
		return reflect.TypeFor[accusation.Stats]()
	case "tolerance":
		return reflect.TypeFor[tolerance.Stats]()
	default:
		return reflect.TypeFor[followup.Stats]()
	}
}

// special is what the table allows a process beyond the shared shape, each
// with its reason.
var special = map[string]map[string]string{
	"accusation": {
		// The sealed identity and text travel apart from the input that
		// is recorded in the history, so that neither is ever recorded in
		// clear (AC16).
		"Receive": "(context.Context, dandang.Actor, accusation.NewReport, accusation.Confidential) (*accusation.Case, error)",
		// The one read that returns the sealed identity, under a grant, and
		// records itself on the case (AC04).
		"ReadIdentity": "(context.Context, dandang.Actor, accusation.ReadInput) (accusation.Confidential, *accusation.Case, error)",
		// Screening reads by the key the report holds (AC05, AC15).
		"Identical": "(context.Context, dandang.Actor, string) ([]*accusation.Case, error)",
		"Linked":    "(context.Context, dandang.Actor, string) ([]*accusation.Case, error)",
		"Repeats":   "(context.Context, dandang.Actor, string) ([]*accusation.Case, error)",
	},
	"followup": {
		// Like Redate, a sweep of the actor's reach with no input of its
		// own: every lift due by now (FU07).
		"LiftDue": "(context.Context, dandang.Actor) ([]*followup.Case, error)",
		// Like Overdue, as of a time: the duties a rule sets a cadence for,
		// due and overdue (FU02), which are no case's deadline.
		"Cadences": "(context.Context, dandang.Actor, time.Time) ([]kit.Cadence, error)",
	},
	"clearance": {
		// As followup's: the weekly progress reports (CL10) and monthly
		// three-office reviews (CL08) due and overdue.
		"Cadences": "(context.Context, dandang.Actor, time.Time) ([]kit.Cadence, error)",
	},
}

// XC06: one naming table holds every process's Service to the same names
// for the same things: the queries (Get, Find, Overdue, Stats, …) with one
// signature, event handlers named Handle and the event type they take, and
// every other method a command: a verb taking the context, the actor and
// one input struct of its package, named …Input or New…, returning the
// case, the cases or a …Result. A name or signature outside the table
// fails here, so that a fifth process, or a drift in one of four, is seen.
func TestNaming_XC06_OneTableForEveryService(t *testing.T) {
	for _, p := range processes() {
		t.Run(p.name, func(t *testing.T) {
			qs := queries(p)
			seen := map[string]bool{}
			for i := 0; i < p.service.NumMethod(); i++ {
				m := p.service.Method(i)
				got := sigOf(m)
				seen[m.Name] = true
				if want, ok := special[p.name][m.Name]; ok {
					if got.String() != want {
						t.Errorf("%s.%s%s, want %s", p.name, m.Name, got, want)
					}
					continue
				}
				if want, ok := qs[m.Name]; ok {
					if !same(got.in, want.in) || !same(got.out, want.out) {
						t.Errorf("%s.%s%s, want %s", p.name, m.Name, got, want)
					}
					continue
				}
				if strings.HasPrefix(m.Name, "Handle") {
					checkHandler(t, p, m, got)
					continue
				}
				checkCommand(t, p, m, got)
			}
			for name := range qs {
				if !seen[name] {
					t.Errorf("%s has no %s: every process has every query of the table", p.name, name)
				}
			}
		})
	}
}

// eventTypes returns the names of the payload types of package event.
func eventTypes() map[string]bool {
	out := map[string]bool{}
	for _, p := range []event.Payload{event.ReportConcluded{}, event.MaliciousEstablished{}, event.ClearanceCompleted{},
		event.DisciplineDecided{}, event.AccountabilityOpened{}, event.ClearanceRevoked{}, event.SanctionLifted{},
		event.FollowUpReported{}, event.AppraisalIssued{}, event.PromotionRecommended{}, event.AccountabilityDecided{},
		event.ToleranceDecided{}, event.NoNegativeEvaluation{}} {
		out[reflect.TypeOf(p).Name()] = true
	}
	return out
}

func checkHandler(t *testing.T, p process, m reflect.Method, got sig) {
	t.Helper()
	if !eventTypes()[strings.TrimPrefix(m.Name, "Handle")] {
		t.Errorf("%s.%s handles no event type of package event", p.name, m.Name)
	}
	if !same(got.in, []reflect.Type{ctxType, eventType}) || !same(got.out, []reflect.Type{errType}) {
		t.Errorf("%s.%s%s, want (context.Context, dandang.Event) (error)", p.name, m.Name, got)
	}
}

func checkCommand(t *testing.T, p process, m reflect.Method, got sig) {
	t.Helper()
	if len(got.in) != 3 || got.in[0] != ctxType || got.in[1] != actorType {
		t.Errorf("%s.%s%s: a command takes (context.Context, dandang.Actor, input)", p.name, m.Name, got)
		return
	}
	in := got.in[2]
	if in.Kind() != reflect.Struct || in.PkgPath() != p.cs.Elem().PkgPath() ||
		!(strings.HasSuffix(in.Name(), "Input") || strings.HasPrefix(in.Name(), "New")) {
		t.Errorf("%s.%s takes %s: a command's input is a struct of its package named …Input or New…", p.name, m.Name, in)
	}
	if len(got.out) != 2 || got.out[1] != errType {
		t.Errorf("%s.%s%s: a command returns (result, error)", p.name, m.Name, got)
		return
	}
	switch out := got.out[0]; {
	case out == p.cs, out == reflect.SliceOf(p.cs):
	case out.Kind() == reflect.Pointer && strings.HasSuffix(out.Elem().Name(), "Result") && out.Elem().PkgPath() == p.cs.Elem().PkgPath():
	default:
		t.Errorf("%s.%s returns %s: a command returns the case, the cases or a …Result", p.name, m.Name, out)
	}
}

// XC06: every process's Config holds the kit's Setup, field for field and
// in its order, so a host configures every process alike; a process adds
// fields of its own only after them (accusation's Keys).
func TestNaming_XC06_ConfigsHoldTheSetup(t *testing.T) {
	setup := reflect.TypeFor[kit.Setup[*clearance.Case, clearance.Policy]]()
	for _, p := range processes() {
		var names []string
		for i := 0; i < p.config.NumField(); i++ {
			names = append(names, p.config.Field(i).Name)
		}
		for i := 0; i < setup.NumField(); i++ {
			want := setup.Field(i).Name
			if i >= len(names) || names[i] != want {
				t.Errorf("%s.Config fields %v: field %d should be %s, as kit.Setup has it", p.name, names, i, want)
				break
			}
		}
	}
}
