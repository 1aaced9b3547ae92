package httpapi

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/followup"
	"github.com/dandang/dandang/tolerance"
)

// The command tables hold every command of every Service, by the naming
// table (kit/doc.go): each method taking the context, the actor and an
// input struct is served, under its name in lowerCamelCase ("open" for the
// one that opens a case); and every event of the transition table is
// fired by some route, so that the commands a case's state allows are
// offered.
func TestTables_EveryCommandServed(t *testing.T) {
	dir, err := dandang.NewDirectory(dandang.Organ{ID: "33", Name: "浙江省纪委监委", Level: dandang.Province, Region: "33"})
	if err != nil {
		t.Fatal(err)
	}
	db := memdb.New()
	acc, _ := accusation.NewService(accusation.Config{Store: memdb.NewStore(db, accusation.Cases), Directory: dir, Keys: accusation.RandomKeys()})
	cl, _ := clearance.NewService(clearance.Config{Store: memdb.NewStore(db, clearance.Cases), Directory: dir})
	tol, _ := tolerance.NewService(tolerance.Config{Store: memdb.NewStore(db, tolerance.Cases), Directory: dir})
	fu, _ := followup.NewService(followup.Config{Store: memdb.NewStore(db, followup.Cases), Directory: dir})
	clock := dandang.NewFixedClock(time.Now())
	for _, tc := range []struct {
		svc    any
		p      process
		events []string
		// notServed are methods a route does not take as they are.
		notServed []string
		// byHandler are events only an event handler fires.
		byHandler []string
	}{
		{acc, accusationProcess(acc, clock), movesOf(acc.Moves()), []string{"Receive"}, nil},
		{cl, clearanceProcess(cl, clock), movesOf(cl.Moves()), nil, []string{"malice_established"}},
		{tol, toleranceProcess(tol, clock), movesOf(tol.Moves()), nil, nil},
		{fu, followupProcess(fu, clock), movesOf(fu.Moves()), nil, []string{"join", "join_in_force"}},
	} {
		t.Run(tc.p.kind(), func(t *testing.T) {
			served := map[string]bool{}
			fired := map[string]bool{}
			for _, rt := range tc.p.routes() {
				if rt.method == "POST" {
					served[rt.command] = true
				}
			}
			for _, cmd := range tc.p.(interface{ table() []command }).table() {
				for _, e := range cmd.events {
					if !slices.Contains(tc.events, e) {
						t.Errorf("%s fires %q, not in the transition table", cmd.name, e)
					}
					fired[e] = true
				}
			}
			typ := reflect.TypeOf(tc.svc)
			for i := range typ.NumMethod() {
				m := typ.Method(i)
				mt := m.Type
				if mt.NumIn() != 4 || mt.In(1) != reflect.TypeFor[context.Context]() || mt.In(2) != reflect.TypeFor[dandang.Actor]() ||
					mt.In(3).Kind() != reflect.Struct || mt.In(3) == reflect.TypeFor[dandang.Period]() || mt.In(3) == reflect.TypeFor[time.Time]() || strings.HasPrefix(mt.In(3).Name(), "Query") ||
					slices.Contains(tc.notServed, m.Name) {
					continue
				}
				name := strings.ToLower(m.Name[:1]) + m.Name[1:]
				if m.Name == "Open" {
					name = "open"
				}
				if !served[name] {
					t.Errorf("%s.%s is not served", tc.p.kind(), m.Name)
				}
			}
			for _, e := range tc.events {
				if !fired[e] && !slices.Contains(tc.byHandler, e) {
					t.Errorf("event %q is fired by no route", e)
				}
			}
		})
	}
}

func movesOf(moves any) []string {
	v := reflect.ValueOf(moves)
	var out []string
	for i := range v.Len() {
		out = append(out, v.Index(i).FieldByName("Event").String())
	}
	return out
}
