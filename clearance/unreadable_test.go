package clearance_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/kit"
)

// unreadable is a memdb store whose row for one case no longer reads
// back, as a store reports a row changed behind its back: Internal (XC11)
// wrapping a *kit.RowError that names the row's organ, and words naming
// what a reader outside that organ's reach must not learn. memdb keeps
// cases as values, so its rows cannot be edited by hand; PostgreSQL's are,
// in adapters/postgres.
type unreadable struct {
	kit.Store[*clearance.Case]
	id, organ string
}

func (s unreadable) fault(op string) error {
	return &dandang.Error{Code: dandang.Internal, Op: op, Rule: "XC11",
		Message: fmt.Sprintf("clearance case %q of organ %s: stored row does not validate: data names case \"r-other/p-wang\"", s.id, s.organ),
		Err:     &kit.RowError{Kind: clearance.Kind, ID: s.id, OrganID: s.organ, Err: fmt.Errorf("organ %s", s.organ)}}
}

func (s unreadable) Get(ctx context.Context, id string) (*clearance.Case, error) {
	if id == s.id {
		return nil, s.fault("memdb.clearance.Get")
	}
	return s.Store.Get(ctx, id)
}

func (s unreadable) Load(ctx context.Context, id string) (*clearance.Case, []dandang.Record, error) {
	if id == s.id {
		return nil, nil, s.fault("memdb.clearance.Load")
	}
	return s.Store.Load(ctx, id)
}

// XC07, XC11: a stored row that does not read back tells a reader outside
// its organ's reach exactly what a missing case tells, in every read and
// command; a reader in reach gets Internal (XC11) naming the case and
// nothing of the row.
func TestClearance_XC07_UnreadableRowOutsideReachReadsAsMissing(t *testing.T) {
	e := newEnv(t)
	c := e.opened("r1", true)
	svc, err := clearance.NewService(clearance.Config{Store: unreadable{memdb.NewStore(e.db, clearance.Cases), c.ID, township.ID},
		Clock: e.clock, Directory: directory})
	if err != nil {
		t.Fatal(err)
	}
	const missing = "r-none/s-none"
	ops := []struct {
		name string
		run  func(a dandang.Actor, id string) error
	}{
		{"Get", func(a dandang.Actor, id string) error { _, err := svc.Get(ctx, a, id); return err }},
		{"History", func(a dandang.Actor, id string) error { _, err := svc.History(ctx, a, id); return err }},
		{"Verify", func(a dandang.Actor, id string) error { return svc.Verify(ctx, a, id) }},
		{"Supervise", func(a dandang.Actor, id string) error {
			_, err := svc.Supervise(ctx, a, clearance.SuperviseInput{Ref: clearance.Ref{CaseID: id, Version: c.Version}, Kind: clearance.Progress})
			return err
		}},
	}
	for _, o := range ops {
		t.Run(o.name, func(t *testing.T) {
			got, want := o.run(oPetition, c.ID), o.run(oPetition, missing)
			if got == nil || want == nil {
				t.Fatalf("got %v, want %v", got, want)
			}
			if g, w := strings.ReplaceAll(got.Error(), c.ID, "ID"), strings.ReplaceAll(want.Error(), missing, "ID"); g != w {
				t.Errorf("outside the reach:\n got  %s\n want %s", g, w)
			}
			err := o.run(cPetition, c.ID)
			if dandang.ErrorCode(err) != dandang.Internal || dandang.ErrorRule(err) != "XC11" {
				t.Fatalf("in reach = %v, want Internal (XC11)", err)
			}
			for _, leak := range []string{township.ID, "r-other", "p-wang"} {
				if strings.Contains(err.Error(), leak) {
					t.Errorf("in reach = %v, names %q", err, leak)
				}
			}
		})
	}
}
