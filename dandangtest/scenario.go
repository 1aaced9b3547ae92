package dandangtest

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/internal/yamlfile"
	"github.com/dandang/dandang/policyfile"
	"github.com/goccy/go-yaml/ast"
)

// Error is a scenario file that does not read: the file, the line and
// column, the field and what is wrong. A policy file a scenario names
// fails with the same type.
type Error = yamlfile.Error

// File is a scenario file: the world its scenarios run in and the
// scenarios, in order.
type File struct {
	Name      string
	Directory *dandang.Directory // the seed organs unless the file names a directory file
	Calendar  string             // "default" or "statutory"
	// Policies are the policies the file names, by process; a process
	// not named runs under its default policy.
	Policies  map[string]*policyfile.File
	Actors    map[string]dandang.Actor // the actors the file names
	Scenarios []*Scenario
}

// Scenario is one story: steps run in order on a fresh world.
type Scenario struct {
	File     *File
	Name     string
	Line     int
	Start    dandang.Day // the first day; a step's On moves the clock
	Policies map[string]*policyfile.File
	Steps    []*Step
}

// Step is one command: who does what, with what input, on which day, and
// what is expected after it.
type Step struct {
	Line    int
	On      dandang.Day // the day the step runs on, at 09:00 China time
	Actor   string      // the actor's name in the file, or "organ/role"
	Process string      // such as "clearance"
	Command string      // the Service method, such as "Propose"
	Case    string      // the case the input's ref names: an alias or a case ID
	Cases   []string    // the cases the input's refs name, for a command on several (CarryOutJointly)
	Name    string      // an alias for the case the command returns
	Bind    map[string]string
	Input   ast.Node // the command's input, by its json names
	Conf    ast.Node // what the command takes but never records: Receive's Confidential, an input's json:"-" fields
	Expect  Expect

	method reflect.Method
}

// Expect is what must hold after a step. A step without Refused must be
// allowed.
type Expect struct {
	Refused     string      // the rule that refuses the step
	Rules       []string    // rules the step must have applied
	Case        string      // the case State, Deadline and Notice look at; default: the step's
	State       string      // the case's state after the step
	Due         dandang.Day // the case's deadline
	DueSet      bool
	Provisional *bool    // whether that deadline is provisional (XC10)
	Notice      []string // texts the case's record holds (its notices, decisions and feedback)
	Events      []string // event kinds the step emitted, directly or through deliveries
	Stats       []Stat
}

// Stat is a statistic expected after a step: the value at Path of the
// process's Stats, as the actor sees them, over all time.
type Stat struct {
	Line    int
	Process string
	Actor   string
	Path    string // json path in the Stats, such as "persons" or "byOrgan[0].persons"
	Equals  any
}

// Load reads the scenario files named by paths; a directory stands for
// the .yaml and .yml files in it and below it.
func Load(paths ...string) ([]*File, error) {
	var files []*File
	for _, p := range paths {
		names, err := expand(p)
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			data, err := os.ReadFile(n)
			if err != nil {
				return nil, &Error{File: n, Message: err.Error(), Err: err}
			}
			f, err := Parse(n, data)
			if err != nil {
				return nil, err
			}
			files = append(files, f)
		}
	}
	return files, nil
}

func expand(p string) ([]string, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, &Error{File: p, Message: err.Error(), Err: err}
	}
	if !st.IsDir() {
		return []string{p}, nil
	}
	var out []string
	err = filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")) && !strings.Contains(filepath.ToSlash(path), "/policies/") {
			out = append(out, path)
		}
		return nil
	})
	if err != nil {
		return nil, &Error{File: p, Message: err.Error(), Err: err}
	}
	return out, nil
}

// Parse reads a scenario file's data; name is the file's path, against
// which the policy and directory files it names are found. Everything is
// checked before anything runs: a syntax error, an unknown key, command,
// input field, actor, organ, role or rule is an *Error with file and line.
func Parse(name string, data []byte) (*File, error) {
	_, root, err := yamlfile.Parse(name, data)
	if err != nil {
		return nil, err
	}
	keys, err := yamlfile.Keys(name, root, "", "directory", "calendar", "policies", "actors", "scenarios")
	if err != nil {
		return nil, err
	}
	f := &File{Name: name, Calendar: "default", Actors: map[string]dandang.Actor{}}
	if mv := keys["directory"]; mv != nil {
		s, err := yamlfile.String(name, mv.Value, "directory")
		if err != nil {
			return nil, err
		}
		dir, err := readDirectory(filepath.Join(filepath.Dir(name), s))
		if err != nil {
			return nil, yamlfile.Wrap(name, mv.Value, "directory", err)
		}
		f.Directory = dir
	} else {
		f.Directory = SeedDirectory()
	}
	if mv := keys["calendar"]; mv != nil {
		s, err := yamlfile.String(name, mv.Value, "calendar")
		if err != nil {
			return nil, err
		}
		if s != "default" && s != "statutory" {
			return nil, yamlfile.At(name, mv.Value, "calendar", fmt.Sprintf("unknown calendar %q; known: default, statutory", s))
		}
		f.Calendar = s
	}
	if mv := keys["policies"]; mv != nil {
		if f.Policies, err = policies(name, mv.Value); err != nil {
			return nil, err
		}
	}
	if mv := keys["actors"]; mv != nil {
		if err := f.actors(mv.Value); err != nil {
			return nil, err
		}
	}
	mv := keys["scenarios"]
	if mv == nil {
		return nil, yamlfile.At(name, root, "scenarios", "missing: a scenario file lists its scenarios")
	}
	seq, err := yamlfile.Sequence(name, mv.Value, "scenarios")
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for i, n := range seq.Values {
		sc, err := f.scenario(n, fmt.Sprintf("scenarios[%d]", i))
		if err != nil {
			return nil, err
		}
		if seen[sc.Name] {
			return nil, yamlfile.At(name, n, fmt.Sprintf("scenarios[%d].name", i), fmt.Sprintf("a scenario named %q is already in the file", sc.Name))
		}
		seen[sc.Name] = true
		f.Scenarios = append(f.Scenarios, sc)
	}
	return f, nil
}

func readDirectory(path string) (*dandang.Directory, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	return dandang.ReadDirectory(fh)
}

func policies(name string, n ast.Node) (map[string]*policyfile.File, error) {
	m, err := yamlfile.Mapping(name, n, "policies")
	if err != nil {
		return nil, err
	}
	out := map[string]*policyfile.File{}
	keys, err := yamlfile.Keys(name, m, "policies", policyfile.Processes()...)
	if err != nil {
		return nil, err
	}
	for proc, mv := range keys {
		s, err := yamlfile.String(name, mv.Value, "policies."+proc)
		if err != nil {
			return nil, err
		}
		pf, err := policyfile.Load(filepath.Join(filepath.Dir(name), s))
		if err != nil {
			return nil, err
		}
		if pf.Process != proc {
			return nil, yamlfile.At(name, mv.Value, "policies."+proc, fmt.Sprintf("%s holds a %s policy", s, pf.Process))
		}
		out[proc] = pf
	}
	return out, nil
}

func (f *File) actors(n ast.Node) error {
	m, err := yamlfile.Mapping(f.Name, n, "actors")
	if err != nil {
		return err
	}
	for _, mv := range m.Values {
		who := yamlfile.Key(mv)
		field := "actors." + who
		am, err := yamlfile.Mapping(f.Name, mv.Value, field)
		if err != nil {
			return err
		}
		var spec struct {
			Organ string         `json:"organ"`
			Roles []dandang.Role `json:"roles"`
			Name  string         `json:"name"`
		}
		if err := yamlfile.Decode(f.Name, am, field, &spec); err != nil {
			return err
		}
		a, err := f.actor(spec.Organ, spec.Roles...)
		if err != nil {
			return yamlfile.Wrap(f.Name, am, field, err)
		}
		a.ID, a.Name = who, who
		if spec.Name != "" {
			a.Name = spec.Name
		}
		f.Actors[who] = a
	}
	return nil
}

// actor returns an actor of organ with roles, checked against the
// directory and the roles the library knows.
func (f *File) actor(organ string, roles ...dandang.Role) (dandang.Actor, error) {
	if _, ok := f.Directory.Organ(organ); !ok {
		return dandang.Actor{}, fmt.Errorf("unknown organ %q: it is not in the directory", organ)
	}
	if len(roles) == 0 {
		return dandang.Actor{}, fmt.Errorf("an actor has at least one role")
	}
	for _, r := range roles {
		if !r.Valid() {
			return dandang.Actor{}, fmt.Errorf("unknown role %q", r)
		}
	}
	return dandang.Actor{ID: organ + "/" + string(roles[0]), Name: organ + "/" + string(roles[0]), Organ: dandang.Organ{ID: organ}, Roles: roles}, nil
}

// Actor returns the actor a step names: one the file declares, or
// "organ/role" for a user of that organ with that role.
func (f *File) Actor(name string) (dandang.Actor, error) {
	if a, ok := f.Actors[name]; ok {
		return a, nil
	}
	organ, role, ok := strings.Cut(name, "/")
	if !ok {
		return dandang.Actor{}, fmt.Errorf("unknown actor %q: declare it under actors, or write organ/role", name)
	}
	return f.actor(organ, dandang.Role(role))
}

func (f *File) scenario(n ast.Node, field string) (*Scenario, error) {
	m, err := yamlfile.Mapping(f.Name, n, field)
	if err != nil {
		return nil, err
	}
	keys, err := yamlfile.Keys(f.Name, m, field, "name", "start", "policies", "steps")
	if err != nil {
		return nil, err
	}
	sc := &Scenario{File: f, Policies: f.Policies}
	sc.Line, _ = yamlfile.Pos(m)
	if keys["name"] == nil {
		return nil, yamlfile.At(f.Name, m, field+".name", "a scenario has a name")
	}
	if sc.Name, err = yamlfile.String(f.Name, keys["name"].Value, field+".name"); err != nil {
		return nil, err
	}
	if mv := keys["start"]; mv != nil {
		if sc.Start, err = day(f.Name, mv.Value, field+".start"); err != nil {
			return nil, err
		}
	} else {
		sc.Start = dandang.DayOf(time.Date(2023, 3, 1, 9, 0, 0, 0, dandang.China))
	}
	if mv := keys["policies"]; mv != nil {
		own, err := policies(f.Name, mv.Value)
		if err != nil {
			return nil, err
		}
		merged := map[string]*policyfile.File{}
		for k, v := range f.Policies {
			merged[k] = v
		}
		for k, v := range own {
			merged[k] = v
		}
		sc.Policies = merged
	}
	if keys["steps"] == nil {
		return nil, yamlfile.At(f.Name, m, field+".steps", "a scenario has steps")
	}
	seq, err := yamlfile.Sequence(f.Name, keys["steps"].Value, field+".steps")
	if err != nil {
		return nil, err
	}
	aliases := map[string]bool{}
	on := sc.Start
	for i, sn := range seq.Values {
		st, err := f.step(sn, fmt.Sprintf("%s.steps[%d]", field, i), on, aliases)
		if err != nil {
			return nil, err
		}
		on = st.On
		sc.Steps = append(sc.Steps, st)
	}
	return sc, nil
}

func day(name string, n ast.Node, field string) (dandang.Day, error) {
	s, err := yamlfile.String(name, n, field)
	if err != nil {
		return 0, err
	}
	t, err := time.ParseInLocation(time.DateOnly, s, dandang.China)
	d := dandang.DayOf(t)
	if err != nil {
		return 0, yamlfile.At(name, n, field, fmt.Sprintf("%q is not a date such as 2023-03-01", s))
	}
	return d, nil
}

func (f *File) rule(n ast.Node, field string) (string, error) {
	s, err := yamlfile.String(f.Name, n, field)
	if err != nil {
		return "", err
	}
	if _, ok := dandang.RuleByID(s); !ok {
		return "", yamlfile.At(f.Name, n, field, fmt.Sprintf("unknown rule %q: `dandang rules` lists them", s))
	}
	return s, nil
}

func (f *File) step(n ast.Node, field string, on dandang.Day, aliases map[string]bool) (*Step, error) {
	m, err := yamlfile.Mapping(f.Name, n, field)
	if err != nil {
		return nil, err
	}
	keys, err := yamlfile.Keys(f.Name, m, field, "on", "as", "do", "case", "cases", "name", "bind", "input", "confidential", "expect")
	if err != nil {
		return nil, err
	}
	st := &Step{On: on}
	st.Line, _ = yamlfile.Pos(m)
	if mv := keys["on"]; mv != nil {
		if st.On, err = day(f.Name, mv.Value, field+".on"); err != nil {
			return nil, err
		}
		if st.On < on {
			return nil, yamlfile.At(f.Name, mv.Value, field+".on", "a step cannot run before the one above it")
		}
	}
	if keys["do"] == nil {
		return nil, yamlfile.At(f.Name, m, field+".do", "a step says what is done, such as do: clearance.Propose")
	}
	do, err := yamlfile.String(f.Name, keys["do"].Value, field+".do")
	if err != nil {
		return nil, err
	}
	proc, cmd, _ := strings.Cut(do, ".")
	meth, err := command(proc, cmd)
	if err != nil {
		return nil, yamlfile.At(f.Name, keys["do"].Value, field+".do", err.Error())
	}
	st.Process, st.Command, st.method = proc, cmd, meth
	if keys["as"] == nil {
		return nil, yamlfile.At(f.Name, m, field+".as", "a step says who acts, such as as: 330723/petition_office")
	}
	if st.Actor, err = yamlfile.String(f.Name, keys["as"].Value, field+".as"); err != nil {
		return nil, err
	}
	if _, err := f.Actor(st.Actor); err != nil {
		return nil, yamlfile.At(f.Name, keys["as"].Value, field+".as", err.Error())
	}
	if mv := keys["case"]; mv != nil {
		if st.Case, err = yamlfile.String(f.Name, mv.Value, field+".case"); err != nil {
			return nil, err
		}
		if !hasRef(meth) {
			return nil, yamlfile.At(f.Name, mv.Value, field+".case", fmt.Sprintf("%s.%s names no case", proc, cmd))
		}
	}
	if mv := keys["cases"]; mv != nil {
		if !hasRefs(meth) {
			return nil, yamlfile.At(f.Name, mv.Value, field+".cases", fmt.Sprintf("%s.%s names no cases", proc, cmd))
		}
		if err := yamlfile.Decode(f.Name, mv.Value, field+".cases", &st.Cases); err != nil {
			return nil, err
		}
	}
	if mv := keys["name"]; mv != nil {
		if st.Name, err = yamlfile.String(f.Name, mv.Value, field+".name"); err != nil {
			return nil, err
		}
		aliases[st.Name] = true
	}
	if mv := keys["bind"]; mv != nil {
		bm, err := yamlfile.Mapping(f.Name, mv.Value, field+".bind")
		if err != nil {
			return nil, err
		}
		st.Bind = map[string]string{}
		for _, b := range bm.Values {
			k, _ := yamlfile.String(f.Name, b.Value, field+".bind."+yamlfile.Key(b))
			if !contains(policyfile.Processes(), k) {
				return nil, yamlfile.At(f.Name, b.Value, field+".bind."+yamlfile.Key(b), fmt.Sprintf("unknown process %q", k))
			}
			st.Bind[yamlfile.Key(b)] = k
			aliases[yamlfile.Key(b)] = true
		}
	}
	// The input is decoded now, so that an unknown field fails before
	// anything runs; the step decodes it again when it runs.
	if mv := keys["input"]; mv != nil {
		st.Input = mv.Value
	}
	if _, err := st.decodeInput(f.Name, field, nil); err != nil {
		return nil, err
	}
	if mv := keys["confidential"]; mv != nil {
		st.Conf = mv.Value
		if meth.Type.NumIn() != 5 && unrecorded(meth) == nil {
			return nil, yamlfile.At(f.Name, mv.Value, field+".confidential", fmt.Sprintf("%s.%s takes no confidential part", proc, cmd))
		}
		if meth.Type.NumIn() != 5 {
			if err := st.decodeUnrecorded(f.Name, field, reflect.New(meth.Type.In(3)).Elem()); err != nil {
				return nil, err
			}
		}
	}
	if mv := keys["expect"]; mv != nil {
		if st.Expect, err = f.expect(mv.Value, field+".expect"); err != nil {
			return nil, err
		}
	}
	return st, nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

func (f *File) expect(n ast.Node, field string) (Expect, error) {
	var e Expect
	m, err := yamlfile.Mapping(f.Name, n, field)
	if err != nil {
		return e, err
	}
	keys, err := yamlfile.Keys(f.Name, m, field, "refused", "rules", "case", "state", "deadline", "provisional", "notice", "event", "stat")
	if err != nil {
		return e, err
	}
	if mv := keys["refused"]; mv != nil {
		if e.Refused, err = f.rule(mv.Value, field+".refused"); err != nil {
			return e, err
		}
	}
	list := func(k string, each func(ast.Node, string) (string, error)) ([]string, error) {
		mv := keys[k]
		if mv == nil {
			return nil, nil
		}
		nodes := []ast.Node{mv.Value}
		if seq, ok := mv.Value.(*ast.SequenceNode); ok {
			nodes = seq.Values
		}
		var out []string
		for i, n := range nodes {
			s, err := each(n, fmt.Sprintf("%s.%s[%d]", field, k, i))
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		}
		return out, nil
	}
	if e.Rules, err = list("rules", f.rule); err != nil {
		return e, err
	}
	str := func(n ast.Node, fl string) (string, error) { return yamlfile.String(f.Name, n, fl) }
	if e.Notice, err = list("notice", str); err != nil {
		return e, err
	}
	if e.Events, err = list("event", func(n ast.Node, fl string) (string, error) {
		s, err := str(n, fl)
		if err == nil && !contains(eventKinds(), s) {
			err = yamlfile.At(f.Name, n, fl, fmt.Sprintf("unknown event kind %q; known: %s", s, strings.Join(eventKinds(), ", ")))
		}
		return s, err
	}); err != nil {
		return e, err
	}
	if mv := keys["case"]; mv != nil {
		if e.Case, err = str(mv.Value, field+".case"); err != nil {
			return e, err
		}
	}
	if mv := keys["state"]; mv != nil {
		if e.State, err = str(mv.Value, field+".state"); err != nil {
			return e, err
		}
		if !knownState(e.State) {
			return e, yamlfile.At(f.Name, mv.Value, field+".state", fmt.Sprintf("unknown state %q: no process has it", e.State))
		}
	}
	if mv := keys["deadline"]; mv != nil {
		if e.Due, err = day(f.Name, mv.Value, field+".deadline"); err != nil {
			return e, err
		}
		e.DueSet = true
	}
	if mv := keys["provisional"]; mv != nil {
		var b bool
		if err := yamlfile.Decode(f.Name, mv.Value, field+".provisional", &b); err != nil {
			return e, err
		}
		e.Provisional = &b
	}
	if mv := keys["stat"]; mv != nil {
		nodes := []ast.Node{mv.Value}
		if seq, ok := mv.Value.(*ast.SequenceNode); ok {
			nodes = seq.Values
		}
		for i, sn := range nodes {
			fl := fmt.Sprintf("%s.stat[%d]", field, i)
			sm, err := yamlfile.Mapping(f.Name, sn, fl)
			if err != nil {
				return e, err
			}
			var spec struct {
				Process string `json:"process"`
				As      string `json:"as"`
				Path    string `json:"path"`
				Equals  any    `json:"equals"`
			}
			if err := yamlfile.Decode(f.Name, sm, fl, &spec); err != nil {
				return e, err
			}
			if !contains(policyfile.Processes(), spec.Process) {
				return e, yamlfile.At(f.Name, sm, fl+".process", fmt.Sprintf("unknown process %q", spec.Process))
			}
			if _, err := f.Actor(spec.As); err != nil {
				return e, yamlfile.At(f.Name, sm, fl+".as", err.Error())
			}
			if spec.Path == "" {
				return e, yamlfile.At(f.Name, sm, fl+".path", "a statistic names its path, such as persons")
			}
			line, _ := yamlfile.Pos(sm)
			e.Stats = append(e.Stats, Stat{Line: line, Process: spec.Process, Actor: spec.As, Path: spec.Path, Equals: spec.Equals})
		}
	}
	return e, nil
}
