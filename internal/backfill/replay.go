package backfill

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/followup"
	"github.com/dandang/dandang/internal/command"
	"github.com/dandang/dandang/kit"
	"github.com/dandang/dandang/tolerance"
)

// Refusal is a historical case that was not imported: the line, the step
// (0 the opening, n the n-th of steps) and command refused, and the rule
// and field of the refusal. A line that does not decode is refused at
// step -1 with its XC06 error.
type Refusal struct {
	Line    int    `json:"line"`
	CaseID  string `json:"caseId,omitempty"` // the case, once opened
	Step    int    `json:"step"`
	Command string `json:"command,omitempty"`
	Rule    string `json:"rule,omitempty"`
	Field   string `json:"field,omitempty"`
	Err     error  `json:"-"`
}

// replayer replays historical cases on the four services, each on a
// scratch store holding the case being replayed, with a clock set to each
// step's time. A worker owns one: it is not safe for concurrent use.
type replayer struct {
	clock *dandang.FixedClock
	now   dandang.Clock // when the import runs
	svc   map[string]reflect.Value
	acc   *scratch[*accusation.Case]
	clr   *scratch[*clearance.Case]
	tol   *scratch[*tolerance.Case]
	fu    *scratch[*followup.Case]
	meth  map[string]reflect.Method
}

// setup is what a replayer's services are made of.
type setup struct {
	dir  *dandang.Directory
	cal  *dandang.Calendar
	keys accusation.Keys
	pol  Policies
	now  dandang.Clock // when the import runs
}

func newReplayer(s setup) (*replayer, error) {
	r := &replayer{
		clock: dandang.NewFixedClock(time.Date(2000, 1, 1, 0, 0, 0, 0, dandang.China)),
		acc:   &scratch[*accusation.Case]{kind: accusation.Kind}, clr: &scratch[*clearance.Case]{kind: clearance.Kind},
		tol: &scratch[*tolerance.Case]{kind: tolerance.Kind}, fu: &scratch[*followup.Case]{kind: followup.Kind},
		meth: map[string]reflect.Method{}, now: s.now,
	}
	as, err := accusation.NewService(accusation.Config{Store: r.acc, Directory: s.dir, Clock: r.clock, Calendar: s.cal, Keys: s.keys, Policies: s.pol.Accusation})
	if err != nil {
		return nil, err
	}
	cs, err := clearance.NewService(clearance.Config{Store: r.clr, Directory: s.dir, Clock: r.clock, Calendar: s.cal, Policies: s.pol.Clearance})
	if err != nil {
		return nil, err
	}
	ts, err := tolerance.NewService(tolerance.Config{Store: r.tol, Directory: s.dir, Clock: r.clock, Calendar: s.cal, Policies: s.pol.Tolerance})
	if err != nil {
		return nil, err
	}
	fs, err := followup.NewService(followup.Config{Store: r.fu, Directory: s.dir, Clock: r.clock, Calendar: s.cal, Policies: s.pol.FollowUp})
	if err != nil {
		return nil, err
	}
	r.svc = map[string]reflect.Value{accusation.Kind: reflect.ValueOf(as), clearance.Kind: reflect.ValueOf(cs),
		tolerance.Kind: reflect.ValueOf(ts), followup.Kind: reflect.ValueOf(fs)}
	return r, nil
}

func (r *replayer) method(proc, name string) (reflect.Method, error) {
	k := proc + "." + name
	if m, ok := r.meth[k]; ok {
		return m, nil
	}
	m, err := command.Lookup(proc, name)
	if err == nil {
		r.meth[k] = m
	}
	return m, err
}

// replayed is a case replayed: a kit.Imported of its process's case type.
type replayed struct {
	line    int
	process string
	id      string
	events  int
	c       any // kit.Imported[*accusation.Case], …
}

// replay runs c's commands in order and returns the case with its history,
// or the refusal of the first step refused.
func (r *replayer) replay(ctx context.Context, line int, c *Case) (*replayed, *Refusal) {
	r.acc.reset()
	r.clr.reset()
	r.tol.reset()
	r.fu.reset()
	svc := r.svc[c.Process]
	var (
		id      string
		version int
	)
	for i, st := range c.all() {
		field := "open"
		if i > 0 {
			field = fmt.Sprintf("steps[%d]", i-1)
		}
		refuse := func(err error) (*replayed, *Refusal) {
			return nil, &Refusal{Line: line, CaseID: id, Step: i, Command: c.Process + "." + st.Command,
				Rule: dandang.ErrorRule(err), Field: dandang.ErrorField(err), Err: err}
		}
		var m reflect.Method
		var in, conf reflect.Value
		if len(c.decoded) == len(c.Steps)+1 {
			// As Decode read it.
			d := c.decoded[i]
			m, in, conf = d.m, d.in, d.conf
		} else {
			var err error
			if m, err = r.method(c.Process, st.Command); err != nil {
				return refuse(kit.Invalidf(decodeOp, "XC06", field+".command", err.Error()))
			}
			if in, err = input(m, st, field, nil); err != nil {
				return refuse(err)
			}
			if conf, err = confidential(m, st, field); err != nil {
				return refuse(err)
			}
		}
		if i > 0 {
			in.FieldByName("Ref").Set(reflect.ValueOf(dandang.Ref{CaseID: id, Version: version}))
		}
		args := []reflect.Value{svc, reflect.ValueOf(ctx), reflect.ValueOf(st.Actor.actor())}
		if in.IsValid() {
			args = append(args, in)
		}
		if conf.IsValid() {
			args = append(args, conf)
		}
		if r.now != nil && st.At.After(r.now.Now()) {
			return refuse(kit.Invalidf(decodeOp, "XC06", field+".at", fmt.Sprintf("%s is after the import: a historical case has happened", st.At.Format(time.RFC3339))))
		}
		r.clock.Set(st.At)
		rets := m.Func.Call(args)
		if e := rets[len(rets)-1]; !e.IsNil() {
			return refuse(e.Interface().(error))
		}
		found := false
		for _, v := range rets[:len(rets)-1] {
			if v.Type().Implements(caseType) && !v.IsNil() {
				meta := v.Interface().(interface{ Meta() kit.Meta }).Meta()
				if i > 0 && meta.ID != id {
					return refuse(kit.Invalidf(decodeOp, "XC06", field+".command", fmt.Sprintf("%s.%s returned case %q, not %q", c.Process, st.Command, meta.ID, id)))
				}
				id, version, found = meta.ID, meta.Version, true
				break
			}
		}
		if !found {
			return refuse(kit.Invalidf(decodeOp, "XC06", field+".command", fmt.Sprintf("%s.%s returned no case", c.Process, st.Command)))
		}
	}
	out := &replayed{line: line, process: c.Process, id: id}
	switch c.Process {
	case accusation.Kind:
		out.c, out.events = r.acc.imported(), r.acc.events
	case clearance.Kind:
		out.c, out.events = r.clr.imported(), r.clr.events
	case tolerance.Kind:
		out.c, out.events = r.tol.imported(), r.tol.events
	case followup.Kind:
		out.c, out.events = r.fu.imported(), r.fu.events
	default:
		return nil, &Refusal{Line: line, Step: -1, Err: errors.New("unknown process " + c.Process)}
	}
	return out, nil
}
