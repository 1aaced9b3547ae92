package schema_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/followup"
	"github.com/dandang/dandang/internal/walk"
	"github.com/dandang/dandang/kit"
	"github.com/dandang/dandang/tolerance"
)

// readRows reads the golden rows of kind written under name.
func readRows(t testing.TB, name, kind string) goldenRows {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "rows", name+"-"+kind+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var rows goldenRows
	if err := json.Unmarshal(b, &rows); err != nil {
		t.Fatal(err)
	}
	return rows
}

// fromGolden returns the records of a golden history, as a store reads
// them back.
func fromGolden(t testing.TB, hist []goldenRecord) []dandang.Record {
	t.Helper()
	var out []dandang.Record
	for _, g := range hist {
		r := dandang.Record{CaseKind: g.CaseKind, CaseID: g.CaseID, Seq: g.Seq, At: g.At, Command: g.Command, From: g.From, To: g.To,
			Reason: g.Reason, Rules: g.Rules, StateHash: g.StateHash, PrevHash: g.PrevHash, Hash: g.Hash}
		if g.Payload != nil {
			r.Payload = json.RawMessage(*g.Payload)
		}
		if err := json.Unmarshal(g.Actor, &r.Actor); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// decodeCase decodes a case's stored data strictly, as the PostgreSQL
// store reads its data column.
func decodeCase[C any](data string, c C) error {
	dec := json.NewDecoder(strings.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(c)
}

// loadRows decodes the golden rows of kind into st, each case saved with
// its whole history as a store would hold it.
func loadRows[C kit.Stored[C]](t testing.TB, name, kind string, zero func() C, st kit.Store[C]) []C {
	t.Helper()
	var out []C
	for _, gc := range readRows(t, name, kind).Cases {
		c := zero()
		if err := decodeCase(gc.Data, c); err != nil {
			t.Fatalf("%s %s: stored data does not decode: %v", kind, gc.ID, err)
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("%s %s: %v", kind, gc.ID, err)
		}
		if err := st.Save(context.Background(), c, 0, fromGolden(t, gc.History), nil); err != nil {
			t.Fatalf("%s %s: %v", kind, gc.ID, err)
		}
		out = append(out, c)
	}
	return out
}

// auditor is a reader in organ: the directory gives it its place (XC07).
func auditor(organ string) dandang.Actor {
	return dandang.Actor{ID: organ + "/auditor", Name: "auditor", Organ: dandang.Organ{ID: organ}}
}

// TestRows_XC11_EarlierRowsVerify loads the rows every process stored
// before the data contract (contract 0: Go field names) and in contract 1
// (json names, the state hashed over the case's JSON) and verifies each
// case's history and the state its last record binds; a followed-up case
// of contract 0 then takes a command and verifies in the current contract.
func TestRows_XC11_EarlierRowsVerify(t *testing.T) {
	ctx := context.Background()
	dir, err := walk.Directory()
	if err != nil {
		t.Fatal(err)
	}
	db := memdb.New()
	clock := dandang.NewFixedClock(time.Date(2023, 9, 1, 9, 0, 0, 0, dandang.China))
	cl, err := clearance.NewService(clearance.Config{Store: memdb.NewStore(db, clearance.Cases), Directory: dir, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	fu, err := followup.NewService(followup.Config{Store: memdb.NewStore(db, followup.Cases), Directory: dir, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	tol, err := tolerance.NewService(tolerance.Config{Store: memdb.NewStore(db, tolerance.Cases), Directory: dir, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	acc, err := accusation.NewService(accusation.Config{Store: memdb.NewStore(db, accusation.Cases), Directory: dir, Clock: clock, Keys: accusation.RandomKeys()})
	if err != nil {
		t.Fatal(err)
	}
	type verifier func(ctx context.Context, actor dandang.Actor, id string) error
	check := func(kind string, metas []kit.Meta, verify verifier) {
		if len(metas) == 0 {
			t.Fatalf("%s: no golden rows", kind)
		}
		for _, m := range metas {
			if err := verify(ctx, auditor(m.OrganID), m.ID); err != nil {
				t.Errorf("%s %s: a case stored before the contract does not verify: %v", kind, m.ID, err)
			}
		}
	}
	metas := func(cs ...kit.Meta) []kit.Meta { return cs }
	// The rows stored in contract 1 (json names, the state hashed over the
	// case's JSON) verify beside them, each on a DB of its own.
	for _, name := range []string{"v1"} {
		db := memdb.New()
		var ms []kit.Meta
		for _, c := range loadRows(t, name, "clearance", func() *clearance.Case { return new(clearance.Case) }, memdb.NewStore(db, clearance.Cases)) {
			if c.Contract != 1 {
				t.Fatalf("%s row %s is in contract %d", name, c.ID, c.Contract)
			}
			ms = append(ms, c.Meta())
		}
		cl1, _ := clearance.NewService(clearance.Config{Store: memdb.NewStore(db, clearance.Cases), Directory: dir, Clock: clock})
		check(name+" clearance", ms, cl1.Verify)
		ms = nil
		for _, c := range loadRows(t, name, "accusation", func() *accusation.Case { return new(accusation.Case) }, memdb.NewStore(db, accusation.Cases)) {
			ms = append(ms, c.Meta())
		}
		acc1, _ := accusation.NewService(accusation.Config{Store: memdb.NewStore(db, accusation.Cases), Directory: dir, Clock: clock, Keys: accusation.RandomKeys()})
		check(name+" accusation", ms, acc1.Verify)
		ms = nil
		for _, c := range loadRows(t, name, "followup", func() *followup.Case { return new(followup.Case) }, memdb.NewStore(db, followup.Cases)) {
			ms = append(ms, c.Meta())
		}
		fu1, _ := followup.NewService(followup.Config{Store: memdb.NewStore(db, followup.Cases), Directory: dir, Clock: clock})
		check(name+" followup", ms, fu1.Verify)
		ms = nil
		for _, c := range loadRows(t, name, "tolerance", func() *tolerance.Case { return new(tolerance.Case) }, memdb.NewStore(db, tolerance.Cases)) {
			ms = append(ms, c.Meta())
		}
		tol1, _ := tolerance.NewService(tolerance.Config{Store: memdb.NewStore(db, tolerance.Cases), Directory: dir, Clock: clock})
		check(name+" tolerance", ms, tol1.Verify)
	}
	var ms []kit.Meta
	for _, c := range loadRows(t, "v0", "clearance", func() *clearance.Case { return new(clearance.Case) }, memdb.NewStore(db, clearance.Cases)) {
		ms = append(ms, c.Meta())
	}
	check("clearance", ms, cl.Verify)
	ms = nil
	for _, c := range loadRows(t, "v0", "accusation", func() *accusation.Case { return new(accusation.Case) }, memdb.NewStore(db, accusation.Cases)) {
		ms = append(ms, c.Meta())
	}
	check("accusation", ms, acc.Verify)
	ms = nil
	fus := loadRows(t, "v0", "followup", func() *followup.Case { return new(followup.Case) }, memdb.NewStore(db, followup.Cases))
	for _, c := range fus {
		ms = append(ms, c.Meta())
	}
	check("followup", ms, fu.Verify)
	ms = nil
	for _, c := range loadRows(t, "v0", "tolerance", func() *tolerance.Case { return new(tolerance.Case) }, memdb.NewStore(db, tolerance.Cases)) {
		ms = append(ms, c.Meta())
	}
	check("tolerance", ms, tol.Verify)

	// The next command on an earlier case saves it under contract 1, and
	// its whole history, earlier records included, verifies.
	var open *followup.Case
	for _, c := range fus {
		if c.State == followup.Opened && c.Organ.ID == "331124" || open == nil && c.State == followup.Opened {
			open = c
		}
	}
	staff := dandang.Actor{ID: open.Organ.ID + "/staff", Name: "staff", Organ: dandang.Organ{ID: open.Organ.ID},
		Roles: []dandang.Role{dandang.SupervisionOffice}}
	next, err := fu.Plan(ctx, staff, followup.PlanInput{Ref: open.Ref(), Condition: followup.Pressured, Approach: followup.Counsel,
		Help:  []followup.Help{{Problem: "担心处分影响今后使用", Measure: "讲清影响期和使用政策"}},
		Forms: []followup.Form{followup.Meeting}, Targets: []followup.Target{followup.ThePerson, followup.TheUnit}})
	if err != nil {
		t.Fatalf("a command on a case stored before the contract: %v", err)
	}
	if next.Contract != kit.Contract {
		t.Errorf("case saved in contract %d, want %d", next.Contract, kit.Contract)
	}
	check("followup after a command", metas(next.Meta()), fu.Verify)
}

// TestRows_XC11_EditedEarlierRowFails edits a case stored before the
// contract: its last record's state hash still finds the edit.
func TestRows_XC11_EditedEarlierRowFails(t *testing.T) {
	ctx := context.Background()
	dir, err := walk.Directory()
	if err != nil {
		t.Fatal(err)
	}
	gc := readRows(t, "v0", "clearance").Cases[0]
	for name, edit := range map[string]func(string) string{
		"a value":           func(s string) string { return strings.Replace(s, `"Named":true`, `"Named":false`, 1) },
		"marked contract 1": func(s string) string { return strings.Replace(s, `"Head":`, `"Contract":1,"Head":`, 1) },
		"a step renamed":    func(s string) string { return strings.Replace(s, `"DueStep":""`, `"dueStep":"x"`, 1) },
	} {
		t.Run(name, func(t *testing.T) {
			data := edit(gc.Data)
			if data == gc.Data {
				t.Fatal("the edit changed nothing")
			}
			c := new(clearance.Case)
			if err := decodeCase(data, c); err != nil {
				t.Fatal(err)
			}
			db := memdb.New()
			cl, err := clearance.NewService(clearance.Config{Store: memdb.NewStore(db, clearance.Cases), Directory: dir, Clock: dandang.NewFixedClock(walk.Start)})
			if err != nil {
				t.Fatal(err)
			}
			if err := memdb.NewStore(db, clearance.Cases).Save(ctx, c, 0, fromGolden(t, gc.History), nil); err != nil {
				t.Fatal(err)
			}
			var ce *kit.ChainError
			if err := cl.Verify(ctx, auditor(c.Organ.ID), c.ID); !errors.As(err, &ce) {
				t.Errorf("Verify of an edited earlier row = %v, want a *ChainError", err)
			}
		})
	}
}
