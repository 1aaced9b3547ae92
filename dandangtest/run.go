package dandangtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/internal/yamlfile"
	"github.com/dandang/dandang/kit"
	"github.com/dandang/dandang/policyfile"
)

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }

// Outcome is what one step did: allowed or refused and by which rule, the
// rules the engine recorded as applied, the state and deadline of the
// step's case after it, and the events it led to.
type Outcome struct {
	Step    *Step
	Err     error  // the command's error; nil when it was allowed
	Refused string // the rule that refused it
	// Applied are the rules the history records written in the step carry
	// (the command's and those of the deliveries after it), in order.
	Applied     []string
	CaseID      string
	State       string
	Due         dandang.Day
	Provisional bool
	Policy      kit.PolicyRef // the policy the step's case runs under
	Events      []string
	Failures    []string // expectations that did not hold
}

// Result is a scenario's run.
type Result struct {
	Scenario *Scenario
	Outcomes []Outcome
	// Err is the first failure: a step's expectation that did not hold, or
	// a world that could not be made, with the file and line.
	Err      error
	Coverage *Coverage
}

// Passed reports whether every expectation held.
func (r *Result) Passed() bool { return r.Err == nil }

// RunOptions change how a scenario runs.
type RunOptions struct {
	// Policy, when set, replaces the scenario's policy for its process
	// (dandang diff runs every scenario under two).
	Policy *policyfile.File
	// KeepGoing runs every step even after an expectation failed.
	KeepGoing bool
}

// Execute runs one scenario on a fresh World and returns what each step
// did, the first failure and the rules covered.
func Execute(ctx context.Context, sc *Scenario, o RunOptions) *Result {
	res := &Result{Scenario: sc, Coverage: NewCoverage()}
	pols := map[string]*policyfile.File{}
	for k, v := range sc.Policies {
		pols[k] = v
	}
	if o.Policy != nil {
		pols[o.Policy.Process] = o.Policy
	}
	opts := Options{Directory: sc.File.Directory}
	if sc.File.Calendar == "statutory" {
		opts.Calendar = new(dandang.Calendar) // no official schedule: the statutory reading alone
	}
	current := map[string]kit.PolicyRef{}
	for _, p := range policyfile.Processes() {
		pf := pols[p]
		if pf == nil {
			var err error
			if pf, err = policyfile.Default(p); err != nil {
				res.Err = err
				return res
			}
		} else {
			opts.Policies = append(opts.Policies, pf.Policy)
		}
		current[p] = pf.Policy.PolicyRef()
	}
	w, err := NewWorld(opts)
	if err != nil {
		res.Err = &Error{File: sc.File.Name, Line: sc.Line, Message: err.Error(), Err: err}
		return res
	}
	r := &runner{w: w, sc: sc, aliases: map[string]caseKey{}, seen: map[caseKey]int{}, current: current, cover: res.Coverage}
	w.Clock.Set(sc.Start.Date().Add(9 * time.Hour))
	for i, st := range sc.Steps {
		out := r.step(ctx, st, fmt.Sprintf("scenarios.steps[%d]", i))
		res.Outcomes = append(res.Outcomes, out)
		if len(out.Failures) > 0 && res.Err == nil {
			res.Err = &Error{File: sc.File.Name, Line: st.Line, Field: fmt.Sprintf("step %d (%s.%s)", i+1, st.Process, st.Command), Message: strings.Join(out.Failures, "; ")}
			if !o.KeepGoing {
				break
			}
		}
	}
	return res
}

type caseKey struct{ kind, id string }

type runner struct {
	w       *World
	sc      *Scenario
	aliases map[string]caseKey
	seen    map[caseKey]int // the history records already counted
	current map[string]kit.PolicyRef
	cover   *Coverage
}

func (r *runner) resolve(alias, kind string) caseKey {
	if k, ok := r.aliases[alias]; ok {
		return k
	}
	return caseKey{kind, alias}
}

func (r *runner) step(ctx context.Context, st *Step, field string) Outcome {
	out := Outcome{Step: st}
	fail := func(format string, args ...any) { out.Failures = append(out.Failures, fmt.Sprintf(format, args...)) }
	r.w.Clock.Set(st.On.Date().Add(9 * time.Hour))
	actor, _ := r.sc.File.Actor(st.Actor)
	var ref *dandang.Ref
	var key caseKey
	if st.Case != "" {
		key = r.resolve(st.Case, st.Process)
		v, err := r.w.stores[key.kind](ctx, key.id)
		if err != nil {
			fail("case %s: %v", st.Case, err)
			return out
		}
		ref = &dandang.Ref{CaseID: key.id, Version: v.Version}
	}
	in, err := st.decodeInput(r.sc.File.Name, field, ref)
	if err != nil {
		fail("%v", err)
		return out
	}
	if len(st.Cases) > 0 {
		refs := make([]dandang.Ref, len(st.Cases))
		for i, alias := range st.Cases {
			k := r.resolve(alias, st.Process)
			v, err := r.w.stores[k.kind](ctx, k.id)
			if err != nil {
				fail("case %s: %v", alias, err)
				return out
			}
			refs[i] = dandang.Ref{CaseID: k.id, Version: v.Version}
		}
		in.FieldByName("Refs").Set(reflect.ValueOf(refs))
	}
	svc := reflect.ValueOf(map[string]any{"accusation": r.w.Accusation, "clearance": r.w.Clearance, "tolerance": r.w.Tolerance, "followup": r.w.FollowUp}[st.Process])
	args := []reflect.Value{svc, reflect.ValueOf(ctx), reflect.ValueOf(actor)}
	if in.IsValid() {
		args = append(args, in)
	}
	if st.Conf != nil && st.method.Type.NumIn() == 4 {
		if err := st.decodeUnrecorded(r.sc.File.Name, field, in); err != nil {
			fail("%v", err)
			return out
		}
	}
	if st.method.Type.NumIn() == 5 {
		conf := reflect.New(st.method.Type.In(4))
		if st.Conf != nil {
			if err := yamlfile.Decode(r.sc.File.Name, st.Conf, field+".confidential", conf.Interface()); err != nil {
				fail("%v", err)
				return out
			}
		}
		args = append(args, conf.Elem())
	}
	rets := st.method.Func.Call(args)
	if e := rets[len(rets)-1]; !e.IsNil() {
		out.Err = e.Interface().(error)
		out.Refused = dandang.ErrorRule(out.Err)
	}
	for _, v := range rets[:len(rets)-1] {
		if id := caseIDOf(v); id != "" {
			key = caseKey{st.Process, id}
			break
		}
	}
	if st.Name != "" && out.Err == nil {
		if key.id == "" {
			fail("%s.%s returns no case to name %q", st.Process, st.Command, st.Name)
		}
		r.aliases[st.Name] = key
	}
	touched := r.w.obs.take()
	events, derr := r.w.Deliver(ctx)
	out.Events = events
	if derr != nil {
		fail("delivering events: %v", derr)
	}
	touched = append(touched, r.w.obs.take()...)
	for alias, kind := range st.Bind {
		var ids []string
		for _, t := range touched {
			if t.created && t.kind == kind && !slices.Contains(ids, t.id) {
				ids = append(ids, t.id)
			}
		}
		if len(ids) != 1 {
			fail("bind %s: the step opened %d %s cases, want 1", alias, len(ids), kind)
			continue
		}
		r.aliases[alias] = caseKey{kind, ids[0]}
	}
	// Coverage: the rules the engine recorded as applied, and the rules it
	// refused with, each counted once per step and policy.
	applied := map[string]map[string]bool{}
	refused := map[string]map[string]bool{}
	mark := func(m map[string]map[string]bool, pol, rule string) {
		if m[pol] == nil {
			m[pol] = map[string]bool{}
		}
		m[pol][rule] = true
	}
	cases := map[caseKey]bool{}
	for _, t := range touched {
		if t.id != "" {
			cases[caseKey{t.kind, t.id}] = true
		}
		if t.failed && t.rule != "" {
			pol := r.current[t.kind]
			if t.id != "" {
				if v, err := r.w.stores[t.kind](ctx, t.id); err == nil {
					pol = v.Policy
				}
			}
			mark(refused, pol.String(), t.rule)
		}
	}
	// The rule of the refusal the command returned counts too: a service
	// may name its own rule over the engine's (a second opening is
	// refused by CL01, not as a bare conflict), or refuse before the
	// engine runs (a campaign without a name, FU02).
	if out.Refused != "" {
		pol := r.current[st.Process]
		if key.id != "" {
			if v, err := r.w.stores[key.kind](ctx, key.id); err == nil {
				pol = v.Policy
			}
		}
		mark(refused, pol.String(), out.Refused)
	}
	keys := make([]caseKey, 0, len(cases))
	for k := range cases {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].kind+keys[i].id < keys[j].kind+keys[j].id })
	for _, k := range keys {
		get := r.w.stores[k.kind]
		if get == nil {
			continue
		}
		v, err := get(ctx, k.id)
		if err != nil {
			continue
		}
		for _, rec := range v.Records[min(r.seen[k], len(v.Records)):] {
			for _, rule := range rec.Rules {
				mark(applied, v.Policy.String(), rule)
				if !slices.Contains(out.Applied, rule) {
					out.Applied = append(out.Applied, rule)
				}
			}
		}
		r.seen[k] = len(v.Records)
	}
	r.cover.add(applied, refused)

	// The step's case, and what is expected of it.
	if st.Expect.Case != "" {
		key = r.resolve(st.Expect.Case, st.Process)
	}
	if key.id != "" {
		out.CaseID = key.id
		if v, err := r.w.stores[key.kind](ctx, key.id); err == nil {
			out.State, out.Due, out.Provisional, out.Policy = v.State, v.Due, v.Provisional, v.Policy
			r.expectCase(v, st.Expect, fail)
		} else if st.Expect.State != "" || st.Expect.DueSet || st.Expect.Provisional != nil || len(st.Expect.Notice) > 0 {
			fail("case %s: %v", key.id, err)
		}
	} else if st.Expect.State != "" || st.Expect.DueSet || st.Expect.Provisional != nil || len(st.Expect.Notice) > 0 {
		fail("the step names no case to look at: give expect.case")
	}
	switch {
	case st.Expect.Refused == "" && out.Err != nil:
		fail("refused: %v, want allowed", explain(out.Err))
	case st.Expect.Refused != "" && out.Err == nil:
		fail("allowed, want refused by %s", st.Expect.Refused)
	case st.Expect.Refused != "" && out.Refused != st.Expect.Refused:
		fail("refused by %q (%v), want %s", out.Refused, explain(out.Err), st.Expect.Refused)
	}
	for _, rule := range st.Expect.Rules {
		if !slices.Contains(out.Applied, rule) {
			fail("rules applied %v, want %s among them", out.Applied, rule)
		}
	}
	for _, k := range st.Expect.Events {
		if !slices.Contains(out.Events, k) {
			fail("events %v, want %s among them", out.Events, k)
		}
	}
	for _, s := range st.Expect.Stats {
		r.expectStat(ctx, s, fail)
	}
	return out
}

func explain(err error) string {
	var de *dandang.Error
	if errors.As(err, &de) {
		return err.Error()
	}
	return err.Error()
}

func (r *runner) expectCase(v caseView, e Expect, fail func(string, ...any)) {
	if e.State != "" && v.State != e.State {
		fail("state %s, want %s", v.State, e.State)
	}
	if e.DueSet && v.Due != e.Due {
		fail("deadline %s, want %s", dayString(v.Due), dayString(e.Due))
	}
	if e.Provisional != nil && v.Provisional != *e.Provisional {
		fail("deadline provisional: %v, want %v", v.Provisional, *e.Provisional)
	}
	for _, text := range e.Notice {
		if !bytes.Contains(v.JSON, []byte(text)) && !bytes.Contains(unescape(v.JSON), []byte(text)) {
			fail("no notice or record of the case contains %q", text)
		}
	}
}

func unescape(b []byte) []byte {
	var v any
	if json.Unmarshal(b, &v) != nil {
		return b
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return buf.Bytes()
}

func dayString(d dandang.Day) string {
	if d == 0 {
		return "none"
	}
	return d.String()
}

func (r *runner) expectStat(ctx context.Context, s Stat, fail func(string, ...any)) {
	actor, _ := r.sc.File.Actor(s.Actor)
	svc := reflect.ValueOf(map[string]any{"accusation": r.w.Accusation, "clearance": r.w.Clearance, "tolerance": r.w.Tolerance, "followup": r.w.FollowUp}[s.Process])
	// Statistics count a closed period: all time up to the evening of the
	// step's day, read once that evening has come.
	now := r.w.Clock.Now()
	r.w.Clock.Set(now.Add(9 * time.Hour))
	defer r.w.Clock.Set(now)
	p := dandang.Period{From: time.Date(1990, 1, 1, 0, 0, 0, 0, dandang.China), To: now.Add(8 * time.Hour)}
	rets := svc.MethodByName("Stats").Call([]reflect.Value{reflect.ValueOf(ctx), reflect.ValueOf(actor), reflect.ValueOf(p)})
	if !rets[1].IsNil() {
		fail("stat %s: %v", s.Path, rets[1].Interface())
		return
	}
	b, _ := json.Marshal(rets[0].Interface())
	var doc any
	_ = json.Unmarshal(b, &doc)
	got, ok := lookup(doc, yamlfile.Segments(s.Path))
	if !ok {
		fail("stat %s.%s: no such value in %s", s.Process, s.Path, b)
		return
	}
	wb, _ := json.Marshal(s.Equals)
	gb, _ := json.Marshal(got)
	if !bytes.Equal(wb, gb) {
		fail("stat %s.%s = %s, want %s", s.Process, s.Path, gb, wb)
	}
}

func lookup(v any, path []string) (any, bool) {
	for _, seg := range path {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[seg]; !ok {
				return nil, false
			}
		case []any:
			var i int
			if _, err := fmt.Sscan(seg, &i); err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// caseIDOf returns the ID of a case a command returned, or "".
func caseIDOf(v reflect.Value) string {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return ""
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return ""
	}
	h := v.FieldByName("Header")
	if !h.IsValid() {
		return ""
	}
	return h.FieldByName("ID").String()
}
