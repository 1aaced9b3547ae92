// Package backfill imports historical cases — reports concluded years ago,
// clearances carried out, decisions made, with their original dates,
// organs and actors — into a store, as if they had been handled with the
// library at the time: each case is replayed command by command through
// the processes' own services, on a clock set to each step's original
// time, so that every rule that would refuse the step live refuses it
// here; the case and its chained, state-bound history (XC01, XC11) are
// then written to the store in batches (memdb: many cases per
// transaction; PostgreSQL: COPY), with the leaves of the audit log.
//
// # The import file
//
// An import file is JSON lines, one historical case per line ([Case]),
// in format [Format]:
//
//	{"format":"dandang.import/1","process":"clearance",
//	 "open":{"command":"Open","actor":{"id":"u1","name":"镇干部","organ":"330110104","roles":["petition_office"]},
//	         "at":"2019-05-08T09:00:00+08:00","input":{"report":{…},"subject":{…},"allegations":[…]}},
//	 "steps":[{"command":"Plan","actor":{…},"at":"2019-05-09T09:00:00+08:00","input":{"forms":["written"],…}},…]}
//
// process is accusation, clearance, tolerance or followup; open is the
// command that opens the case (accusation's Receive, the others' Open);
// steps are the commands that followed, in order, each a method of the
// process's Service by its Go name, with the command's own input by its
// json names (the input's ref is filled in by the import: a step names no
// version), and confidential for what a command takes but never records
// (accusation's Receive: the reporter and the text, sealed under the
// host's keys; an input's json:"-" fields, by their lowerCamelCase names).
// Times are RFC 3339 and never go back. The schema is
// schema/import.case.json.
//
// # What is checked
//
// Every step runs through the real command under the host's directory,
// calendar and current policies ([Config.Policies]; the CLI's -policy), so
// a step the rules refuse refuses the case: it is reported with the step,
// the rule and the field ([Refusal]), nothing of it is written, and the
// other cases go on. A step dated after the import runs is refused (XC06):
// a historical case has happened. Rules across cases are checked against
// the store only where it keeps them: a case whose ID the store holds with
// another history, or whose unique keys (a report registered twice, AC15)
// another case holds, is a conflict and is not written. A case's replay
// sees no other case, imported or stored: a report's repeats are not
// linked (AC10), a repeat naming the report it repeats is refused as
// naming none (AC15 RepeatOf), screening flags no identical reports
// (AC05), and a follow-up does not join a person's open file (FU04).
// Historical cases that need them are best imported as they stood, each
// on its own line.
//
// # Idempotent and resumable
//
// A case the store holds with the same history — the same records but for
// a report's sealed confidential part, sealed under a fresh nonce at each
// replay so that its hashes differ ([kit.SameHistory]) — or with that
// history followed by records saved live since ([kit.Continues]), is
// skipped: importing a file again after a stop writes only the cases not
// written yet. A case the
// store holds with another history is a conflict, reported and left as
// it is.
//
// # Events
//
// A historical case's commands write the events a live one writes
// (report concluded, clearance completed, …); the import drops them and
// writes none to the outbox, counting them in the summary. Years later,
// they would open follow-on cases nobody asked for and tell people of
// things long done. The cases such events led to at the time are
// historical cases of their own: they are lines of the file.
package backfill

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/internal/command"
	"github.com/dandang/dandang/kit"
)

// Format is the format of this version of the import file, which each
// line names.
const Format = "dandang.import/1"

// Case is one historical case: one line of an import file.
type Case struct {
	Format  string `json:"format"`          // Format
	Process string `json:"process"`         // accusation, clearance, tolerance or followup
	Open    Step   `json:"open"`            // the command that opened the case
	Steps   []Step `json:"steps,omitempty"` // the commands that followed, in order

	decoded []decoded // Decode's reading of each step, the opening first
}

// decoded is a step as Decode read it: its command and its arguments.
type decoded struct {
	m        reflect.Method
	in, conf reflect.Value
}

// Step is one command of a historical case.
type Step struct {
	Command string    `json:"command"` // the Service method, such as "Propose"
	Actor   Actor     `json:"actor"`   // who gave it
	At      time.Time `json:"at"`      // when, RFC 3339
	// Input is the command's input by its json names; the ref is filled
	// in by the import.
	Input json.RawMessage `json:"input,omitempty"`
	// Confidential is what the command takes but never records.
	Confidential json.RawMessage `json:"confidential,omitempty"`
}

// Actor is who gave a command: the organ by its ID in the host's
// directory.
type Actor struct {
	ID    string         `json:"id"`
	Name  string         `json:"name"`
	Organ string         `json:"organ"`
	Roles []dandang.Role `json:"roles"`
}

func (a Actor) actor() dandang.Actor {
	return dandang.Actor{ID: a.ID, Name: a.Name, Organ: dandang.Organ{ID: a.Organ}, Roles: a.Roles}
}

const decodeOp = "backfill.Decode"

// Decode decodes one line of an import file strictly (an unknown field is
// refused) and checks its shape: the format, a known process, known
// commands (the first one opening a case, the others naming it), times
// that never go back, inputs and confidential parts that decode into the
// command's types. It does not run the commands. A bad line is an Invalid
// *dandang.Error (XC06) naming the field.
func Decode(line []byte) (*Case, error) {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	var c Case
	if err := dec.Decode(&c); err != nil {
		return nil, &dandang.Error{Code: dandang.Invalid, Op: decodeOp, Rule: "XC06", Message: "not a historical case", Err: err}
	}
	if dec.More() {
		return nil, kit.Invalidf(decodeOp, "XC06", "", "data after the case")
	}
	if c.Format != Format {
		return nil, kit.Invalidf(decodeOp, "XC06", "format", fmt.Sprintf("format %q: this version reads %q", c.Format, Format))
	}
	if _, ok := command.Services()[c.Process]; !ok {
		return nil, kit.Invalidf(decodeOp, "XC06", "process", fmt.Sprintf("unknown process %q; known: accusation, clearance, tolerance, followup", c.Process))
	}
	var last time.Time
	for i, st := range c.all() {
		field := "open"
		if i > 0 {
			field = fmt.Sprintf("steps[%d]", i-1)
		}
		m, err := command.Lookup(c.Process, st.Command)
		if err != nil {
			return nil, kit.Invalidf(decodeOp, "XC06", field+".command", err.Error())
		}
		switch {
		case command.HasRefs(m):
			return nil, kit.Invalidf(decodeOp, "XC06", field+".command", fmt.Sprintf("%s.%s acts on several cases: a line holds one", c.Process, st.Command))
		case i == 0 && command.HasRef(m):
			return nil, kit.Invalidf(decodeOp, "XC06", field+".command", fmt.Sprintf("%s.%s does not open a case", c.Process, st.Command))
		case i > 0 && !command.HasRef(m):
			return nil, kit.Invalidf(decodeOp, "XC06", field+".command", fmt.Sprintf("%s.%s names no case", c.Process, st.Command))
		case !returnsCase(m):
			return nil, kit.Invalidf(decodeOp, "XC06", field+".command", fmt.Sprintf("%s.%s returns no case", c.Process, st.Command))
		}
		if st.At.IsZero() {
			return nil, kit.Invalidf(decodeOp, "XC06", field+".at", "a step has its original time")
		}
		if st.At.Before(last) {
			return nil, kit.Invalidf(decodeOp, "XC06", field+".at", "a step cannot come before the one above it")
		}
		last = st.At
		in, err := input(m, st, field, nil)
		if err != nil {
			return nil, err
		}
		conf, err := confidential(m, st, field)
		if err != nil {
			return nil, err
		}
		c.decoded = append(c.decoded, decoded{m: m, in: in, conf: conf})
	}
	return &c, nil
}

// all returns the open step and the steps after it.
func (c *Case) all() []Step { return append([]Step{c.Open}, c.Steps...) }

var caseType = reflect.TypeOf((*interface{ Meta() kit.Meta })(nil)).Elem()

// returnsCase reports whether m returns a case among its results.
func returnsCase(m reflect.Method) bool {
	for i := 0; i < m.Type.NumOut(); i++ {
		if m.Type.Out(i).Implements(caseType) {
			return true
		}
	}
	return false
}

// input decodes the step's input into the command's input type, with ref
// set when given, and its confidential part into the input's unrecorded
// fields when the command takes no confidential argument.
func input(m reflect.Method, st Step, field string, ref *dandang.Ref) (reflect.Value, error) {
	if m.Type.NumIn() < 4 {
		if len(st.Input) > 0 {
			return reflect.Value{}, kit.Invalidf(decodeOp, "XC06", field+".input", fmt.Sprintf("%s takes no input", st.Command))
		}
		return reflect.Value{}, nil
	}
	v := reflect.New(m.Type.In(3))
	if len(st.Input) > 0 {
		if err := strict(st.Input, v.Interface()); err != nil {
			return reflect.Value{}, &dandang.Error{Code: dandang.Invalid, Op: decodeOp, Rule: "XC06", Field: field + ".input", Message: "input does not decode", Err: err}
		}
	}
	if ref != nil {
		v.Elem().FieldByName("Ref").Set(reflect.ValueOf(*ref))
	}
	if m.Type.NumIn() == 4 && len(st.Confidential) > 0 {
		fields := command.Unrecorded(m)
		if len(fields) == 0 {
			return reflect.Value{}, kit.Invalidf(decodeOp, "XC06", field+".confidential", fmt.Sprintf("%s takes no confidential part", st.Command))
		}
		shape := make([]reflect.StructField, len(fields))
		for i, f := range fields {
			name := []byte(f.Name)
			name[0] = bytes.ToLower(name[:1])[0]
			shape[i] = reflect.StructField{Name: f.Name, Type: f.Type, Tag: reflect.StructTag(`json:"` + string(name) + `"`)}
		}
		u := reflect.New(reflect.StructOf(shape))
		if err := strict(st.Confidential, u.Interface()); err != nil {
			return reflect.Value{}, &dandang.Error{Code: dandang.Invalid, Op: decodeOp, Rule: "XC06", Field: field + ".confidential", Message: "confidential part does not decode", Err: err}
		}
		for i, f := range fields {
			v.Elem().FieldByIndex(f.Index).Set(u.Elem().Field(i))
		}
	}
	return v.Elem(), nil
}

// confidential decodes the step's confidential part into the command's
// confidential argument (accusation's Receive), or returns the invalid
// Value when the command takes none.
func confidential(m reflect.Method, st Step, field string) (reflect.Value, error) {
	if m.Type.NumIn() != 5 {
		if len(st.Confidential) > 0 {
			return reflect.Value{}, kit.Invalidf(decodeOp, "XC06", field+".confidential", fmt.Sprintf("%s takes no confidential part", st.Command))
		}
		return reflect.Value{}, nil
	}
	v := reflect.New(m.Type.In(4))
	if len(st.Confidential) > 0 {
		if err := strict(st.Confidential, v.Interface()); err != nil {
			return reflect.Value{}, &dandang.Error{Code: dandang.Invalid, Op: decodeOp, Rule: "XC06", Field: field + ".confidential", Message: "confidential part does not decode", Err: err}
		}
	}
	return v.Elem(), nil
}

func strict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("data after the value")
	}
	return nil
}
