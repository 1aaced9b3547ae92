package accusation_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/google/go-cmp/cmp"
)

// racingStore refuses the first conflicts saves of a refused read with a
// Conflict, as when another command saves the case between the refusal's
// read of it and its save.
type racingStore struct {
	accusation.Store
	conflicts atomic.Int32
}

func (s *racingStore) Save(ctx context.Context, c *accusation.Case, prev int, recs []dandang.Record, evs []dandang.Event) error {
	if len(recs) > 0 && recs[0].Command == "refuse_read" && s.conflicts.Add(-1) >= 0 {
		return &dandang.Error{Code: dandang.Conflict, Op: "racingStore.Save", Message: "another command saved first"}
	}
	return s.Store.Save(ctx, c, prev, recs, evs)
}

// AC04: a refused read is recorded even when its save meets a Conflict —
// what another command saving the case in between gives — a few times;
// when it cannot be recorded at all, the caller is told so beside the
// refusal, never left to believe it was.
func TestAccusation_AC04_RefusalRecordedAfterConflicts(t *testing.T) {
	for _, tc := range []struct {
		name      string
		conflicts int32
		recorded  bool
	}{
		{"one save in between", 1, true},
		{"saves in between four times", 4, true},
		{"never saved", 1000, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := memdb.New()
			st := &racingStore{Store: memdb.NewStore(db, accusation.Cases)}
			svc, err := accusation.NewService(accusation.Config{Store: st, Clock: dandang.NewFixedClock(t0), Directory: directory, Keys: testKeys(t)})
			if err != nil {
				t.Fatal(err)
			}
			c, err := svc.Receive(ctx, cPetition, report("r1", true), conf(true))
			if err != nil {
				t.Fatal(err)
			}
			st.conflicts.Store(tc.conflicts)
			_, _, err = svc.ReadIdentity(ctx, cPetition, accusation.ReadInput{Ref: ref(c), Purpose: accusation.ForFeedback})
			wantErr(t, err, dandang.Forbidden, "AC04", "Authorizer")
			if got := strings.Contains(err.Error(), "the refusal was not recorded"); got == tc.recorded {
				t.Errorf("error %q: says the refusal was not recorded = %v, want %v", err, got, !tc.recorded)
			}
			if !tc.recorded && !errors.Is(err, &dandang.Error{Code: dandang.Conflict}) {
				t.Errorf("error %q does not carry the recording's conflict", err)
			}
			got, err := svc.Get(ctx, admin, "r1")
			if err != nil {
				t.Fatal(err)
			}
			if n := len(got.Reads); (n == 1) != tc.recorded || n > 1 {
				t.Errorf("%d reads recorded: %+v; want recorded %v, once", n, got.Reads, tc.recorded)
			}
		})
	}
}

// AC04, XC06: a read asked for an unknown purpose is bad input: refused,
// and nothing is recorded.
func TestAccusation_AC04_UnknownPurposeChangesNothing(t *testing.T) {
	e := newEnv(t)
	c := e.received("r1")
	before := e.snap(c.ID)
	_, _, err := e.svc.ReadIdentity(ctx, cPetition, accusation.ReadInput{Ref: ref(c), Purpose: "curiosity"})
	wantErr(t, err, dandang.Invalid, "AC04", "Purpose")
	if strings.Contains(err.Error(), "not recorded") {
		t.Errorf("error %q: a malformed request is not a read to record", err)
	}
	if diff := cmp.Diff(before, e.snap(c.ID), cmp.AllowUnexported(snapshot{})); diff != "" {
		t.Errorf("refused read changed (-before +after):\n%s", diff)
	}
}

// AC04: a refused identity read is recorded, but it changes nothing others
// work on: staff who read the report before the refusal go on with their
// next command at the version they read; a real change in between is
// still a Conflict.
func TestAccusation_AC04_RefusalLeavesOthersWorkAlone(t *testing.T) {
	e := newEnv(t)
	c := e.received("r1")
	read := ref(c) // what the handling office last read
	for range 2 {
		_, _, err := e.svc.ReadIdentity(ctx, cPetition, accusation.ReadInput{Ref: read, Purpose: accusation.ForFeedback})
		wantErr(t, err, dandang.Forbidden, "AC04", "Authorizer")
	}
	got, err := e.svc.Get(ctx, admin, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Reads) != 2 || got.Reads[0].Refused == "" {
		t.Fatalf("reads %+v: want both refusals recorded", got.Reads)
	}
	c = e.must(e.svc.GiveFeedback(ctx, cPetition, accusation.FeedbackInput{Ref: read, Kind: accusation.AcceptanceNotice}))
	if !c.Given(accusation.AcceptanceNotice) || len(c.Reads) != 2 {
		t.Errorf("after the refusals, the feedback at the version read: given %v, reads %d", c.Given(accusation.AcceptanceNotice), len(c.Reads))
	}
	// The feedback is a change: a command read before it is stale.
	_, err = e.svc.Flag(ctx, cPetition, accusation.FlagInput{Ref: read, Kind: accusation.Pressure, Note: "施压"})
	wantErr(t, err, dandang.Conflict, "", "Version")
	if err := e.svc.Verify(ctx, admin, c.ID); err != nil {
		t.Errorf("Verify = %v", err)
	}
}
