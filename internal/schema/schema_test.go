package schema_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/audit"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/followup"
	"github.com/dandang/dandang/internal/backfill"
	"github.com/dandang/dandang/internal/schema"
	"github.com/dandang/dandang/kit"
	"github.com/dandang/dandang/tolerance"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden schemas under schema/")

// goldenDir is the repository's schema/ directory.
const goldenDir = "../../schema"

// contractType is a type of the data contract and the file its schema is
// kept in, without ".json".
type contractType struct {
	file string
	typ  reflect.Type
}

// stored are the types stores keep and services publish: every process's
// case, the history record, the event envelope and every event payload.
func stored() []contractType {
	out := []contractType{
		{"accusation.case", reflect.TypeFor[accusation.Case]()},
		{"clearance.case", reflect.TypeFor[clearance.Case]()},
		{"followup.case", reflect.TypeFor[followup.Case]()},
		{"tolerance.case", reflect.TypeFor[tolerance.Case]()},
		{"record", reflect.TypeFor[dandang.Record]()},
		{"event", reflect.TypeFor[dandang.Event]()},
		{"audit.bundle", reflect.TypeFor[audit.Bundle]()},
	}
	for _, p := range []event.Payload{
		event.ReportConcluded{}, event.MaliciousEstablished{}, event.ClearanceCompleted{},
		event.DisciplineDecided{}, event.AccountabilityOpened{},
		event.ClearanceRevoked{}, event.SanctionLifted{}, event.FollowUpReported{},
		event.AppraisalIssued{}, event.PromotionRecommended{},
		event.AccountabilityDecided{}, event.ToleranceDecided{}, event.NoNegativeEvaluation{}, event.ToleranceRevoked{},
	} {
		out = append(out, contractType{"event." + string(p.Kind()), reflect.TypeOf(p)})
	}
	return out
}

// results are what the services' queries return and policy files hold:
// each process's Stats and Policy, and the results of a sweep, a campaign
// and Awaiting, as a host or the HTTP API hands them on; and a line of an
// import file of historical cases (dandang import).
func results() []contractType {
	return []contractType{
		{"accusation.stats", reflect.TypeFor[accusation.Stats]()},
		{"clearance.stats", reflect.TypeFor[clearance.Stats]()},
		{"followup.stats", reflect.TypeFor[followup.Stats]()},
		{"tolerance.stats", reflect.TypeFor[tolerance.Stats]()},
		{"accusation.policy", reflect.TypeFor[accusation.Policy]()},
		{"clearance.policy", reflect.TypeFor[clearance.Policy]()},
		{"followup.policy", reflect.TypeFor[followup.Policy]()},
		{"tolerance.policy", reflect.TypeFor[tolerance.Policy]()},
		{"clearance.sweep", reflect.TypeFor[clearance.SweepResult]()},
		{"followup.campaign", reflect.TypeFor[followup.CampaignResult]()},
		{"pending", reflect.TypeFor[kit.Pending]()},
		{"period", reflect.TypeFor[dandang.Period]()},
		{"import.case", reflect.TypeFor[backfill.Case]()},
	}
}

var (
	ctxType   = reflect.TypeFor[context.Context]()
	actorType = reflect.TypeFor[dandang.Actor]()
)

// inputs are the command inputs of every process's Service: each struct a
// method takes after the context and the actor, in a file named by the
// process and the method (and the type, when a method takes two).
func inputs() []contractType {
	var out []contractType
	for _, svc := range []struct {
		kind string
		typ  reflect.Type
	}{
		{"accusation", reflect.TypeFor[*accusation.Service]()},
		{"clearance", reflect.TypeFor[*clearance.Service]()},
		{"followup", reflect.TypeFor[*followup.Service]()},
		{"tolerance", reflect.TypeFor[*tolerance.Service]()},
	} {
		for i := range svc.typ.NumMethod() {
			m := svc.typ.Method(i)
			mt := m.Type // the receiver is the first argument
			if mt.NumIn() < 4 || mt.In(1) != ctxType || mt.In(2) != actorType {
				continue
			}
			var structs []reflect.Type
			for j := 3; j < mt.NumIn(); j++ {
				if t := mt.In(j); t.Kind() == reflect.Struct && t != reflect.TypeFor[dandang.Event]() {
					structs = append(structs, t)
				}
			}
			for _, t := range structs {
				file := svc.kind + ".input." + strings.ToLower(m.Name)
				if len(structs) > 1 {
					file += "." + strings.ToLower(t.Name())
				}
				out = append(out, contractType{file, t})
			}
		}
	}
	return out
}

// TestSchemas compares the schema of every type of the data contract with
// its golden file under schema/; go test ./internal/schema -update
// rewrites them.
func TestSchemas(t *testing.T) {
	all := slices.Concat(stored(), inputs(), results())
	want := map[string]bool{}
	for _, ct := range all {
		want[ct.file+".json"] = true
		t.Run(ct.file, func(t *testing.T) {
			g := schema.New()
			got, err := schema.String(g.Generate(ct.typ, schema.Name(ct.typ)))
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(goldenDir, ct.file+".json")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			golden, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/schema -update)", err)
			}
			if diff := cmp.Diff(string(golden), got); diff != "" {
				t.Errorf("%s drifted from its golden schema (-golden +got); a contract change is a migration (CONTRACT.md), then -update:\n%s", ct.file, diff)
			}
		})
	}
	// A golden file of a type no longer in the contract is stale.
	files, err := filepath.Glob(filepath.Join(goldenDir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !want[filepath.Base(f)] {
			if *update {
				if err := os.Remove(f); err != nil {
					t.Fatal(err)
				}
				continue
			}
			t.Errorf("%s: golden schema of no contract type (run -update to remove it)", f)
		}
	}
}

// TestSchemas_ExplicitNames fails when a stored or published type, or a
// type nested in one, has a field without an explicit json name: the
// contract must never follow a Go rename.
func TestSchemas_ExplicitNames(t *testing.T) {
	for _, ct := range slices.Concat(stored(), inputs(), results()) {
		g := schema.New()
		g.Generate(ct.typ, ct.file)
		if u := g.Untagged(); len(u) > 0 {
			t.Errorf("%s: fields without an explicit json name: %s", ct.file, strings.Join(u, ", "))
		}
	}
}

// TestSchemas_LowerCamel checks the one casing of the contract: every
// property of a stored or published type is lowerCamelCase.
func TestSchemas_LowerCamel(t *testing.T) {
	for _, ct := range slices.Concat(stored(), inputs(), results()) {
		g := schema.New()
		doc := g.Generate(ct.typ, ct.file)
		var walk func(v any)
		walk = func(v any) {
			switch v := v.(type) {
			case schema.Schema:
				if props, ok := v["properties"].(schema.Schema); ok {
					for name := range props {
						if name == "" || !unicode.IsLower(rune(name[0])) || strings.ContainsAny(name, "_- ") {
							t.Errorf("%s: property %q is not lowerCamelCase", ct.file, name)
						}
					}
				}
				for _, x := range v {
					walk(x)
				}
			case []any:
				for _, x := range v {
					walk(x)
				}
			}
		}
		walk(doc)
	}
}
