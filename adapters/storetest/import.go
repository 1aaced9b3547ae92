package storetest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/audit"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/followup"
	"github.com/dandang/dandang/internal/backfill"
	"github.com/dandang/dandang/internal/walk"
	"github.com/dandang/dandang/kit"
	"github.com/dandang/dandang/tolerance"
)

// ImportEnv is a fresh, empty database as the import suite sees it: the
// stores of the processes the generated files hold, and the log they
// append to.
type ImportEnv struct {
	Accusation interface {
		accusation.Store
		backfill.Writer[*accusation.Case]
	}
	Clearance interface {
		clearance.Store
		backfill.Writer[*clearance.Case]
	}
	Tolerance interface {
		tolerance.Store
		backfill.Writer[*tolerance.Case]
	}
	FollowUp interface {
		followup.Store
		backfill.Writer[*followup.Case]
	}
	Log audit.Log
	// Events returns every event of the outbox, delivered or not.
	Events func(ctx context.Context) ([]dandang.Event, error)
}

// importN is the cases the suite imports: enough for several batches.
const importN = 240

// Import runs the import suite: a generated file round-trips (its cases
// are written, verify, and appear in Find and Stats, the log verifies),
// a second run writes nothing and a run after a stop resumes, a case with
// another history is a conflict left as it was, and a refused case names
// its rule while the others are written.
func Import(t *testing.T, newEnv func(t *testing.T) ImportEnv) {
	dir, err := walk.Directory()
	if err != nil {
		t.Fatal(err)
	}
	var file bytes.Buffer
	if err := backfill.Generate(&file, importN, 7); err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(strings.TrimSuffix(file.String(), "\n"), "\n")
	run := func(t *testing.T, env ImportEnv, data string) *backfill.Summary {
		t.Helper()
		sum, err := backfill.Run(context.Background(), backfill.Config{Directory: dir, Keys: keys(t), Batch: 50, Workers: 2,
			Target: backfill.Target{Accusation: env.Accusation, Clearance: env.Clearance, Tolerance: env.Tolerance, FollowUp: env.FollowUp}}, strings.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		return sum
	}

	t.Run("round trip, XC01 XC11", func(t *testing.T) {
		env := newEnv(t)
		ctx := context.Background()
		sum := run(t, env, file.String())
		if sum.Imported != importN || len(sum.Refused) != 0 || len(sum.Conflicts) != 0 {
			t.Fatalf("imported %d, refused %v, conflicts %v; want %d, none, none", sum.Imported, sum.Refused, sum.Conflicts, importN)
		}
		if sum.Events == 0 {
			t.Errorf("no event counted: concluded reports and closed clearances write some")
		}
		if env.Events != nil {
			if evs, err := env.Events(ctx); err != nil || len(evs) != 0 {
				t.Errorf("outbox holds %d events (%v), want none: historical cases deliver nothing", len(evs), err)
			}
		}
		clock := dandang.NewFixedClock(time.Date(2024, 1, 2, 9, 0, 0, 0, dandang.China))
		as, err := accusation.NewService(accusation.Config{Store: env.Accusation, Directory: dir, Clock: clock, Keys: accusation.RandomKeys()})
		if err != nil {
			t.Fatal(err)
		}
		cs, err := clearance.NewService(clearance.Config{Store: env.Clearance, Directory: dir, Clock: clock})
		if err != nil {
			t.Fatal(err)
		}
		ts, err := tolerance.NewService(tolerance.Config{Store: env.Tolerance, Directory: dir, Clock: clock})
		if err != nil {
			t.Fatal(err)
		}
		fs, err := followup.NewService(followup.Config{Store: env.FollowUp, Directory: dir, Clock: clock})
		if err != nil {
			t.Fatal(err)
		}
		reader := dandang.Actor{ID: "33/principal_leader", Name: "省纪委", Organ: dandang.Organ{ID: "33"}, Roles: []dandang.Role{dandang.PrincipalLeader}}
		nAcc, nClr, nTol, nFU := 0, 0, 0, 0
		sc := bufio.NewScanner(strings.NewReader(file.String()))
		sc.Buffer(nil, backfill.MaxLine)
		for sc.Scan() {
			c, err := backfill.Decode(sc.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			var id struct{ ID string }
			var state string
			switch c.Process {
			case accusation.Kind:
				nAcc++
				_ = jsonUnmarshal(c.Open.Input, &id)
				if err := as.Verify(ctx, reader, id.ID); err != nil {
					t.Fatalf("report %s: %v", id.ID, err)
				}
				got, err := as.Get(ctx, reader, id.ID)
				if err != nil {
					t.Fatal(err)
				}
				state = string(got.State)
				if !got.ReceivedAt.Equal(c.Open.At) {
					t.Errorf("report %s received at %v, want its original %v", id.ID, got.ReceivedAt, c.Open.At)
				}
			case clearance.Kind:
				nClr++
				var in struct {
					Report  struct{ ID string }
					Subject struct{ ID string }
				}
				_ = jsonUnmarshal(c.Open.Input, &in)
				cid := clearance.CaseID(in.Report.ID, in.Subject.ID)
				if err := cs.Verify(ctx, reader, cid); err != nil {
					t.Fatalf("clearance %s: %v", cid, err)
				}
				got, err := cs.Get(ctx, reader, cid)
				if err != nil {
					t.Fatal(err)
				}
				state = string(got.State)
				if last := c.Steps[len(c.Steps)-1].At; !got.ClosedAt.Equal(last) {
					t.Errorf("clearance %s closed at %v, want its original %v", cid, got.ClosedAt, last)
				}
			}
			if c.Process == followup.Kind {
				nFU++
				var in struct {
					Decision struct{ ID string }
					Subject  struct{ ID string }
				}
				_ = jsonUnmarshal(c.Open.Input, &in)
				fid := followup.CaseID(followup.FromDiscipline, in.Decision.ID, in.Subject.ID)
				if err := fs.Verify(ctx, reader, fid); err != nil {
					t.Fatalf("follow-up %s: %v", fid, err)
				}
				got, err := fs.Get(ctx, reader, fid)
				if err != nil {
					t.Fatal(err)
				}
				state = string(got.State)
			}
			if c.Process == tolerance.Kind {
				nTol++
				var in struct {
					Inquiry struct{ ID string }
					Subject struct{ ID string }
				}
				_ = jsonUnmarshal(c.Open.Input, &in)
				tid := tolerance.CaseID(in.Inquiry.ID, in.Subject.ID)
				if err := ts.Verify(ctx, reader, tid); err != nil {
					t.Fatalf("tolerance %s: %v", tid, err)
				}
				got, err := ts.Get(ctx, reader, tid)
				if err != nil {
					t.Fatal(err)
				}
				if got.State != tolerance.Decided {
					t.Errorf("tolerance %s: state %s, want decided", tid, got.State)
				}
				continue
			}
			if state != "closed" {
				t.Errorf("line %q: state %s, want closed", sc.Text()[:60], state)
			}
		}
		found, err := cs.Find(ctx, reader, clearance.Filter{})
		if err != nil || len(found) != nClr {
			t.Errorf("clearance Find: %d cases (%v), want %d", len(found), err, nClr)
		}
		period := dandang.Period{From: time.Date(2014, 1, 1, 0, 0, 0, 0, dandang.China), To: time.Date(2024, 1, 1, 0, 0, 0, 0, dandang.China)}
		cst, err := cs.Stats(ctx, reader, period)
		if err != nil {
			t.Fatal(err)
		}
		cleared := 0
		for _, o := range cst.Organs {
			cleared += o.Cases
		}
		if cleared != nClr {
			t.Errorf("clearance Stats count %d cases cleared, want %d", cleared, nClr)
		}
		ast, err := as.Stats(ctx, reader, period)
		if err != nil {
			t.Fatal(err)
		}
		if ast.Reports != nAcc || ast.ByState[accusation.Closed] != nAcc {
			t.Errorf("accusation Stats: %d reports, %d closed; want %d", ast.Reports, ast.ByState[accusation.Closed], nAcc)
		}
		if nAcc == 0 || nClr == 0 || nTol == 0 || nFU == 0 || nAcc+nClr+nTol+nFU != importN {
			t.Errorf("%d reports, %d clearances, %d tolerance cases, %d follow-ups: want some of each, %d in all", nAcc, nClr, nTol, nFU, importN)
		}
		tree, err := env.Log.Tree(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if tree.N != int64(sum.Records) {
			t.Errorf("log holds %d leaves, want the %d records imported", tree.N, sum.Records)
		}
		if err := audit.Verify(ctx, env.Log, audit.Checkpoint{Size: tree.N, Hash: tree.Hash}); err != nil {
			t.Errorf("audit.Verify: %v", err)
		}
	})

	t.Run("idempotent and resumable", func(t *testing.T) {
		env := newEnv(t)
		half := strings.Join(lines[:importN/2], "")
		if sum := run(t, env, half); sum.Imported != importN/2 {
			t.Fatalf("first half: imported %d, want %d", sum.Imported, importN/2)
		}
		sum := run(t, env, file.String())
		if sum.Imported != importN-importN/2 || sum.Skipped != importN/2 || len(sum.Conflicts) != 0 {
			t.Errorf("resumed: imported %d, skipped %d, conflicts %v; want %d, %d, none", sum.Imported, sum.Skipped, sum.Conflicts, importN-importN/2, importN/2)
		}
		sum = run(t, env, file.String())
		if sum.Imported != 0 || sum.Skipped != importN {
			t.Errorf("again: imported %d, skipped %d; want 0, %d", sum.Imported, sum.Skipped, importN)
		}
	})

	t.Run("a case continued live since its import is present, not a conflict", func(t *testing.T) {
		ctx := context.Background()
		env := newEnv(t)
		run(t, env, lines[1]) // a clearance
		cs, err := env.Clearance.Find(ctx, kit.Filter{})
		if err != nil || len(cs) != 1 {
			t.Fatalf("Find = %d, %v", len(cs), err)
		}
		c, hist, err := env.Clearance.Load(ctx, cs[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		// One more record saved after the import, as a live command would.
		last := hist[len(hist)-1]
		next := dandang.Record{CaseKind: last.CaseKind, CaseID: last.CaseID, At: last.At.Add(time.Hour), Actor: last.Actor,
			Command: "note", From: last.To, To: last.To, Rules: []string{"XC01"}, Payload: []byte(`{}`), StateHash: last.StateHash}
		next.Seal(&last)
		prev := c.Version
		c.Version, c.Head = next.Seq, next.Hash
		if err := env.Clearance.Save(ctx, c, prev, []dandang.Record{next}, nil); err != nil {
			t.Fatal(err)
		}
		if sum := run(t, env, lines[1]); sum.Skipped != 1 || len(sum.Conflicts) != 0 {
			t.Errorf("again after a live command: skipped %d, conflicts %v; want it present", sum.Skipped, sum.Conflicts)
		}
		// A replay that differs from the stored start is still another history.
		d, err := backfill.Decode([]byte(lines[1]))
		if err != nil {
			t.Fatal(err)
		}
		d.Steps[len(d.Steps)-1].At = d.Steps[len(d.Steps)-1].At.Add(time.Minute)
		b, _ := jsonMarshal(d)
		if sum := run(t, env, string(b)); len(sum.Conflicts) != 1 {
			t.Errorf("another history: conflicts %v, want one", sum.Conflicts)
		}
	})

	t.Run("conflict is reported, not overwritten", func(t *testing.T) {
		env := newEnv(t)
		run(t, env, lines[1]) // a clearance
		c, err := backfill.Decode([]byte(lines[1]))
		if err != nil {
			t.Fatal(err)
		}
		var in struct {
			Report  struct{ ID string }
			Subject struct{ ID string }
		}
		_ = jsonUnmarshal(c.Open.Input, &in)
		cid := clearance.CaseID(in.Report.ID, in.Subject.ID)
		before, hist, err := env.Clearance.Load(context.Background(), cid)
		if err != nil {
			t.Fatal(err)
		}
		// The same case, closed a day later: another history.
		last := &c.Steps[len(c.Steps)-1]
		last.At = last.At.AddDate(0, 0, 1)
		b, _ := jsonMarshal(c)
		sum := run(t, env, string(b)+"\n"+lines[3])
		if len(sum.Conflicts) != 1 || sum.Conflicts[0].CaseID != cid || sum.Conflicts[0].Line != 1 || sum.Imported != 1 {
			t.Fatalf("conflicts %v, imported %d; want %s on line 1, and the other case imported", sum.Conflicts, sum.Imported, cid)
		}
		after, hist2, err := env.Clearance.Load(context.Background(), cid)
		if err != nil {
			t.Fatal(err)
		}
		if !after.ClosedAt.Equal(before.ClosedAt) || hist2[len(hist2)-1].Hash != hist[len(hist)-1].Hash {
			t.Errorf("the stored case changed: closed %v → %v", before.ClosedAt, after.ClosedAt)
		}
	})

	t.Run("a history that does not chain is refused and writes nothing, XC01", func(t *testing.T) {
		ctx := context.Background()
		from := newEnv(t)
		run(t, from, lines[1]) // a clearance
		cs, err := from.Clearance.Find(ctx, kit.Filter{})
		if err != nil || len(cs) != 1 {
			t.Fatalf("Find = %d, %v", len(cs), err)
		}
		c, hist, err := from.Clearance.Load(ctx, cs[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		edited := slices.Clone(hist)
		edited[1].Reason = "改写"
		env := newEnv(t)
		for name, recs := range map[string][]dandang.Record{"a record edited": edited, "the last record missing": hist[:len(hist)-1]} {
			if _, err := env.Clearance.Import(ctx, []kit.Imported[*clearance.Case]{{Case: c, Records: recs}}); dandang.ErrorCode(err) != dandang.Internal {
				t.Errorf("%s: Import = %v, want Internal", name, err)
			}
		}
		if _, err := env.Clearance.Get(ctx, c.ID); dandang.ErrorCode(err) != dandang.NotFound {
			t.Errorf("after the refused imports, Get = %v, want NotFound: nothing written", err)
		}
		if out, err := env.Clearance.Import(ctx, []kit.Imported[*clearance.Case]{{Case: c, Records: hist}}); err != nil || out[0] != kit.ImportWritten {
			t.Errorf("the history as it was: %v, %v; want it written", out, err)
		}
	})

	t.Run("refused case names its rule, AC03 XC08", func(t *testing.T) {
		env := newEnv(t)
		// Line 0 is a report: closed before the reporter was told the result (AC03).
		rep, err := backfill.Decode([]byte(lines[0]))
		if err != nil {
			t.Fatal(err)
		}
		n := len(rep.Steps)
		rep.Steps = append(rep.Steps[:n-2], rep.Steps[n-1])
		// Line 1 is a clearance: approved by the one who proposed it (XC08).
		clr, err := backfill.Decode([]byte(lines[1]))
		if err != nil {
			t.Fatal(err)
		}
		for i, st := range clr.Steps {
			if st.Command == "Approve" {
				clr.Steps[i].Actor = clr.Open.Actor
			}
		}
		b0, _ := jsonMarshal(rep)
		b1, _ := jsonMarshal(clr)
		data := string(b0) + "\n" + string(b1) + "\n" + "{\"format\":\"dandang.import/0\"}\n" + strings.Join(lines[2:], "")
		sum := run(t, env, data)
		if sum.Imported != importN-2 {
			t.Errorf("imported %d, want the %d others", sum.Imported, importN-2)
		}
		want := map[int]string{1: "AC03", 2: "XC08", 3: "XC06"}
		if len(sum.Refused) != len(want) {
			t.Fatalf("refused %v, want lines 1, 2 and 3", sum.Refused)
		}
		for _, r := range sum.Refused {
			if want[r.Line] != r.Rule {
				t.Errorf("line %d refused by %q (%v), want %s", r.Line, r.Rule, r.Err, want[r.Line])
			}
		}
		if sum.ByRule["AC03"] != 1 || sum.ByRule["XC08"] != 1 {
			t.Errorf("by rule %v", sum.ByRule)
		}
		var rid struct{ ID string }
		_ = jsonUnmarshal(rep.Open.Input, &rid)
		if _, err := env.Accusation.Get(context.Background(), rid.ID); err == nil {
			t.Errorf("a refused case was written")
		}
	})
}

func keys(t testing.TB) accusation.Keys {
	k, err := accusation.NewMemoryKeys("k1", bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
func jsonMarshal(v any) ([]byte, error)   { return json.Marshal(v) }

// Replayed is a generated file of historical cases replayed through the
// services and not yet written: each process's cases, in file order, as
// backfill.Run hands them to a store's Import. Benchmarks write them.
type Replayed struct {
	File       []byte             // the import file
	Directory  *dandang.Directory // the organs it was replayed in
	Accusation []kit.Imported[*accusation.Case]
	Clearance  []kit.Imported[*clearance.Case]
	Tolerance  []kit.Imported[*tolerance.Case]
	FollowUp   []kit.Imported[*followup.Case]
}

// Replay generates n historical cases from seed and replays them, sealing
// reports under keys.
func Replay(tb testing.TB, n int, seed uint64, keys accusation.Keys) Replayed {
	tb.Helper()
	var file bytes.Buffer
	if err := backfill.Generate(&file, n, seed); err != nil {
		tb.Fatal(err)
	}
	dir, err := walk.Directory()
	if err != nil {
		tb.Fatal(err)
	}
	acc, clr, tol, fu := &collect[*accusation.Case]{}, &collect[*clearance.Case]{}, &collect[*tolerance.Case]{}, &collect[*followup.Case]{}
	sum, err := backfill.Run(context.Background(), backfill.Config{Directory: dir, Keys: keys,
		Target: backfill.Target{Accusation: acc, Clearance: clr, Tolerance: tol, FollowUp: fu}}, bytes.NewReader(file.Bytes()))
	if err != nil || sum.Imported != n {
		tb.Fatalf("replay: %v, %d of %d", err, sum.Imported, n)
	}
	return Replayed{file.Bytes(), dir, acc.got, clr.got, tol.got, fu.got}
}

// collect is a writer that keeps the cases it is given.
type collect[C kit.Stored[C]] struct{ got []kit.Imported[C] }

func (c *collect[C]) Import(_ context.Context, cases []kit.Imported[C]) ([]kit.ImportOutcome, error) {
	c.got = append(c.got, cases...)
	out := make([]kit.ImportOutcome, len(cases))
	for i := range out {
		out[i] = kit.ImportWritten
	}
	return out, nil
}
