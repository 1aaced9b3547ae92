package dandangtest

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"sync"
	"time"
	"unicode"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/followup"
	cmdpkg "github.com/dandang/dandang/internal/command"
	"github.com/dandang/dandang/internal/walk"
	"github.com/dandang/dandang/internal/yamlfile"
	"github.com/dandang/dandang/kit"
	"github.com/dandang/dandang/tolerance"
)

// SeedDirectory returns the organs of the seed documents: Zhejiang's
// province, cities, counties and townships of the seed cases, and the
// Beijing organs of seed 003. It panics only if the library's own fixture
// is broken.
func SeedDirectory() *dandang.Directory {
	dir, err := walk.Directory()
	if err != nil {
		panic(err)
	}
	return dir
}

// Actor returns a user of organ with roles, named "organ/role": an actor
// per role, as a scenario names one.
func Actor(organ string, roles ...dandang.Role) dandang.Actor {
	name := organ
	if len(roles) > 0 {
		name += "/" + string(roles[0])
	}
	return dandang.Actor{ID: name, Name: name, Organ: dandang.Organ{ID: organ}, Roles: roles}
}

// Start is the time a World's clock reads when it is made: 09:00 on
// 1 March 2023, China time.
var Start = time.Date(2023, 3, 1, 9, 0, 0, 0, dandang.China)

// Options configure a World. The zero value runs the four processes under
// their default policies, on the seed directory and the default calendar.
type Options struct {
	Directory *dandang.Directory
	Calendar  *dandang.Calendar
	// Policies replace a process's default policy: an accusation.Policy,
	// clearance.Policy, tolerance.Policy or followup.Policy.
	Policies []kit.Versioned
}

// World is the four services on one in-memory store, with a fixed clock
// and a dispatcher that carries events between them: what a scenario runs
// on, and what a Go test of a process's rules can use directly.
type World struct {
	Directory  *dandang.Directory
	Clock      *dandang.FixedClock
	Outbox     dandang.Outbox
	Dispatcher *dandang.Dispatcher
	Accusation *accusation.Service
	Clearance  *clearance.Service
	Tolerance  *tolerance.Service
	FollowUp   *followup.Service

	stores map[string]func(ctx context.Context, id string) (caseView, error)
	obs    *observer
	mu     sync.Mutex
	events []string
}

// NewWorld wires the four services on a fresh memdb store.
func NewWorld(o Options) (*World, error) {
	if o.Directory == nil {
		o.Directory = SeedDirectory()
	}
	if o.Calendar == nil {
		o.Calendar = dandang.DefaultCalendar()
	}
	db := memdb.New()
	w := &World{Directory: o.Directory, Clock: dandang.NewFixedClock(Start), Outbox: db.Outbox(), obs: &observer{}}
	var (
		ap *kit.PolicySet[accusation.Policy]
		cp *kit.PolicySet[clearance.Policy]
		tp *kit.PolicySet[tolerance.Policy]
		fp *kit.PolicySet[followup.Policy]
	)
	for _, p := range o.Policies {
		switch p := p.(type) {
		case accusation.Policy:
			ap = kit.NewPolicySet(p)
		case clearance.Policy:
			cp = kit.NewPolicySet(p)
		case tolerance.Policy:
			tp = kit.NewPolicySet(p)
		case followup.Policy:
			fp = kit.NewPolicySet(p)
		default:
			return nil, fmt.Errorf("dandangtest: %T is no process's policy", p)
		}
	}
	as, cs, ts, fs := memdb.NewStore(db, accusation.Cases), memdb.NewStore(db, clearance.Cases), memdb.NewStore(db, tolerance.Cases), memdb.NewStore(db, followup.Cases)
	var err error
	if w.Accusation, err = accusation.NewService(accusation.Config{Store: as, Directory: o.Directory, Clock: w.Clock, Calendar: o.Calendar, Policies: ap, Observer: w.obs, Keys: accusation.RandomKeys()}); err != nil {
		return nil, err
	}
	if w.Clearance, err = clearance.NewService(clearance.Config{Store: cs, Directory: o.Directory, Clock: w.Clock, Calendar: o.Calendar, Policies: cp, Observer: w.obs}); err != nil {
		return nil, err
	}
	if w.Tolerance, err = tolerance.NewService(tolerance.Config{Store: ts, Directory: o.Directory, Clock: w.Clock, Calendar: o.Calendar, Policies: tp, Observer: w.obs}); err != nil {
		return nil, err
	}
	if w.FollowUp, err = followup.NewService(followup.Config{Store: fs, Directory: o.Directory, Clock: w.Clock, Calendar: o.Calendar, Policies: fp, Observer: w.obs}); err != nil {
		return nil, err
	}
	w.stores = map[string]func(context.Context, string) (caseView, error){
		accusation.Kind: viewOf(as), clearance.Kind: viewOf(cs), tolerance.Kind: viewOf(ts), followup.Kind: viewOf(fs),
	}
	d := dandang.NewDispatcher(w.Outbox, dandang.DispatcherConfig{Clock: w.Clock})
	d.Handle(event.KindReportConcluded, w.Clearance.HandleReportConcluded)
	d.Handle(event.KindMaliciousEstablished, w.Clearance.HandleMaliciousEstablished)
	d.Handle(event.KindClearanceCompleted, w.FollowUp.HandleClearanceCompleted)
	d.Handle(event.KindClearanceRevoked, w.FollowUp.HandleClearanceRevoked)
	d.Handle(event.KindDisciplineDecided, w.FollowUp.HandleDisciplineDecided)
	d.Handle(event.KindAccountabilityOpened, w.Tolerance.HandleAccountabilityOpened)
	d.Handle(event.KindAccountabilityDecided, w.Tolerance.HandleAccountabilityDecided)
	for _, k := range eventKinds() {
		d.Handle(dandang.EventKind(k), func(_ context.Context, e dandang.Event) error {
			w.mu.Lock()
			defer w.mu.Unlock()
			w.events = append(w.events, string(e.Kind))
			return nil
		})
	}
	w.Dispatcher = d
	return w, nil
}

// Deliver hands every pending event to its handlers, and the events
// those write, until none is left, and returns the kinds delivered.
func (w *World) Deliver(ctx context.Context) ([]string, error) {
	for i := 0; i < 100; i++ {
		n, err := w.Dispatcher.Dispatch(ctx)
		if err != nil {
			return w.takeEvents(), err
		}
		if n == 0 {
			return w.takeEvents(), nil
		}
	}
	return w.takeEvents(), fmt.Errorf("dandangtest: events still pending after 100 rounds")
}

func (w *World) takeEvents() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := w.events
	w.events = nil
	return out
}

// eventKinds are the kinds of event the processes write.
func eventKinds() []string {
	ks := []dandang.EventKind{event.KindReportConcluded, event.KindMaliciousEstablished, event.KindClearanceCompleted,
		event.KindDisciplineDecided, event.KindAccountabilityOpened, event.KindClearanceRevoked, event.KindSanctionLifted,
		event.KindFollowUpReported, event.KindAppraisalIssued, event.KindPromotionRecommended, event.KindAccountabilityDecided,
		event.KindToleranceDecided, event.KindNoNegativeEvaluation}
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = string(k)
	}
	sort.Strings(out)
	return out
}

// caseView is what a scenario looks at of a case, whatever its process.
type caseView struct {
	State       string
	Due         dandang.Day
	Provisional bool
	Policy      kit.PolicyRef
	Version     int
	Records     []dandang.Record
	JSON        []byte
}

func viewOf[C kit.Stored[C]](st kit.Store[C]) func(context.Context, string) (caseView, error) {
	return func(ctx context.Context, id string) (caseView, error) {
		c, recs, err := st.Load(ctx, id)
		if err != nil {
			return caseView{}, err
		}
		v := reflect.ValueOf(c).Elem()
		h := v.FieldByName("Header")
		b, _ := jsonMarshal(c)
		return caseView{
			State:       h.FieldByName("State").String(),
			Due:         dandang.Day(h.FieldByName("Due").Int()),
			Provisional: h.FieldByName("Provisional").Bool(),
			Policy:      h.FieldByName("Policy").Interface().(kit.PolicyRef),
			Version:     int(h.FieldByName("Version").Int()),
			Records:     recs,
			JSON:        b,
		}, nil
	}
}

// command finds a process's command (internal/command).
func command(proc, name string) (reflect.Method, error) { return cmdpkg.Lookup(proc, name) }

// Commands lists the commands (and reads) of a process a step may name.
func Commands(proc string) []string { return cmdpkg.List(proc) }

func hasRef(m reflect.Method) bool  { return cmdpkg.HasRef(m) }
func hasRefs(m reflect.Method) bool { return cmdpkg.HasRefs(m) }

// decodeInput decodes the step's input into the command's input type,
// with ref set when the step names a case.
func (st *Step) decodeInput(file, field string, ref *dandang.Ref) (reflect.Value, error) {
	if st.method.Type.NumIn() < 4 {
		if st.Input != nil {
			return reflect.Value{}, yamlfile.At(file, st.Input, field+".input", fmt.Sprintf("%s.%s takes no input", st.Process, st.Command))
		}
		return reflect.Value{}, nil
	}
	v := reflect.New(st.method.Type.In(3))
	if st.Input != nil {
		if err := yamlfile.Decode(file, st.Input, field+".input", v.Interface()); err != nil {
			return reflect.Value{}, err
		}
	}
	if ref != nil {
		v.Elem().FieldByName("Ref").Set(reflect.ValueOf(*ref))
	}
	return v.Elem(), nil
}

// unrecorded returns the fields of a command's input that are never
// recorded (json:"-"): a step gives them under confidential, by their
// lowerCamelCase names.
func unrecorded(m reflect.Method) []reflect.StructField { return cmdpkg.Unrecorded(m) }

// decodeUnrecorded decodes the step's confidential part into the
// unrecorded fields of in, an addressable input: an unknown key fails
// with its line, as an unknown input field does.
func (st *Step) decodeUnrecorded(file, field string, in reflect.Value) error {
	fields := unrecorded(st.method)
	shape := make([]reflect.StructField, len(fields))
	for i, f := range fields {
		name := []rune(f.Name)
		name[0] = unicode.ToLower(name[0])
		shape[i] = reflect.StructField{Name: f.Name, Type: f.Type, Tag: reflect.StructTag(`json:"` + string(name) + `"`)}
	}
	v := reflect.New(reflect.StructOf(shape))
	if err := yamlfile.Decode(file, st.Conf, field+".confidential", v.Interface()); err != nil {
		return err
	}
	for i, f := range fields {
		in.FieldByIndex(f.Index).Set(v.Elem().Field(i))
	}
	return nil
}

// observer records the cases each command touched and the rule that
// refused it: coverage is the engine's own record, not the scenario's.
type observer struct {
	mu      sync.Mutex
	touched []touch
}

type touch struct {
	kind, id string
	created  bool
	rule     string
	failed   bool
}

type createdKey struct{}

func (o *observer) CommandStart(ctx context.Context, info dandang.CommandInfo) context.Context {
	return context.WithValue(ctx, createdKey{}, info.CaseID == "")
}

func (o *observer) CommandEnd(ctx context.Context, info dandang.CommandInfo, err error) {
	created, _ := ctx.Value(createdKey{}).(bool)
	o.mu.Lock()
	defer o.mu.Unlock()
	o.touched = append(o.touched, touch{kind: info.Kind, id: info.CaseID, created: created && err == nil, rule: info.Rule, failed: err != nil})
}

func (o *observer) DeliveryStart(ctx context.Context, _ dandang.DeliveryInfo) context.Context {
	return ctx
}

func (o *observer) DeliveryEnd(context.Context, dandang.DeliveryInfo, error) {}

func (o *observer) take() []touch {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := o.touched
	o.touched = nil
	return out
}

// knownState reports whether some process has a state named s.
func knownState(s string) bool {
	_, e1 := clearance.ParseState(s)
	_, e2 := accusation.ParseState(s)
	_, e3 := tolerance.ParseState(s)
	_, e4 := followup.ParseState(s)
	return e1 == nil || e2 == nil || e3 == nil || e4 == nil
}
