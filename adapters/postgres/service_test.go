package postgres_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/postgres"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/kit"
)

var (
	county = dandang.Organ{ID: "wuyi", Name: "武义县纪委监委", Level: dandang.County, Region: "330723", Superior: "jinhua"}

	directory = func() *dandang.Directory {
		d, err := dandang.NewDirectory(
			dandang.Organ{ID: "zhejiang", Name: "浙江省纪委监委", Level: dandang.Province, Region: "33"},
			dandang.Organ{ID: "jinhua", Name: "金华市纪委监委", Level: dandang.City, Region: "3307", Superior: "zhejiang"},
			county)
		if err != nil {
			panic(err)
		}
		return d
	}()
	office = dandang.Actor{ID: "pet", Organ: county, Roles: []dandang.Role{dandang.PetitionOffice}}
	leader = dandang.Actor{ID: "lead", Organ: county, Roles: []dandang.Role{dandang.PrincipalLeader}}
)

func subject(id string) dandang.Subject {
	return dandang.Subject{ID: id, Kind: dandang.Person, Name: "史强", Unit: "县法院", UnitHead: "王立平",
		ManagedAt: dandang.County, Region: "330723"}
}

type env struct {
	t   testing.TB
	svc *clearance.Service
}

func newEnv(t testing.TB, db *postgres.DB) *env {
	svc, err := clearance.NewService(clearance.Config{Store: postgres.NewStore(db, clearance.Cases), Clock: dandang.NewFixedClock(t0), Directory: directory})
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, svc: svc}
}

func ref(c *clearance.Case) clearance.Ref { return clearance.Ref{CaseID: c.ID, Version: c.Version} }

func (e *env) must(c *clearance.Case, err error) *clearance.Case {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

func (e *env) planned(report string) *clearance.Case {
	e.t.Helper()
	ctx := context.Background()
	s := subject("s-" + report)
	c := e.must(e.svc.Open(ctx, office, clearance.NewCase{
		Report:      clearance.Report{ID: report, Named: true, ConcludedAt: t0.Add(-time.Hour)},
		Subject:     s,
		Allegations: []dandang.Allegation{{ID: "1", SubjectID: s.ID, Summary: "拖延办案", Finding: dandang.Unfounded}},
	}))
	c = e.must(e.svc.Plan(ctx, office, clearance.PlanInput{Ref: ref(c), Forms: []clearance.Form{clearance.Written},
		Effects: []clearance.Effect{clearance.OnRights}}))
	// The subject is consulted before the proposal (CL17).
	return e.must(e.svc.Consult(ctx, office, clearance.ConsultInput{Ref: ref(c), Agreed: true, Forms: []clearance.Form{clearance.Written}, Opinion: "同意"}))
}

// ready returns an approved case with every output done: Close is next.
func (e *env) ready(report string) *clearance.Case {
	e.t.Helper()
	ctx := context.Background()
	c := e.planned(report)
	c = e.must(e.svc.Propose(ctx, office, clearance.ProposeInput{Ref: ref(c)}))
	c = e.must(e.svc.Approve(ctx, leader, clearance.DecisionInput{Ref: ref(c)}))
	c = e.must(e.svc.ServeNotice(ctx, office, clearance.NoticeInput{Ref: ref(c)}))
	c = e.must(e.svc.GiveFeedback(ctx, office, clearance.FeedbackInput{Ref: ref(c), Accepted: true}))
	for _, f := range []clearance.Filing{clearance.IntegrityFile, clearance.PersonnelFile, clearance.Platform} {
		c = e.must(e.svc.File(ctx, office, clearance.FileInput{Ref: ref(c), Filing: f}))
	}
	return c
}

func (e *env) closed(report string) *clearance.Case {
	e.t.Helper()
	return e.must(e.svc.Close(context.Background(), office, clearance.CloseInput{Ref: ref(e.ready(report))}))
}

// restore writes c back over a row a test damaged.
func restore(t testing.TB, db *postgres.DB, c *clearance.Case) {
	t.Helper()
	data, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var due *int32
	if c.Due != 0 && !c.Ended() {
		d := int32(c.Due)
		due = &d
	}
	m := c.Meta()
	if _, err := db.Pool().Exec(context.Background(), `UPDATE cases SET state = $2, data = $3, due = $4, organ_id = $5, priority = $6, subject_ids = $7
		WHERE kind = 'clearance' AND id = $1`, c.ID, string(c.State), data, due, m.OrganID, m.Priority, m.SubjectIDs); err != nil {
		t.Fatal(err)
	}
	if _, err := postgres.NewStore(db, clearance.Cases).Get(context.Background(), c.ID); err != nil {
		t.Fatalf("the restored row does not read back: %v", err)
	}
}

// Two instances — two services on two pools — race the same command on one
// case: one succeeds, the other gets the conflict code, and the case and its
// history are as if only the winner ran. Then 8 goroutines across both run
// 1,000 commands on 50 cases: history records equal successes, and every
// chain verifies.
func TestTwoInstances_RaceOneWins(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dbA, dbB := twoInstances(t)
	a, b := newEnv(t, dbA), newEnv(t, dbB)

	c := a.planned("race")
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i, e := range []*env{a, b} {
		wg.Add(1)
		go func(i int, e *env) {
			defer wg.Done()
			_, errs[i] = e.svc.Propose(ctx, office, clearance.ProposeInput{Ref: ref(c)})
		}(i, e)
	}
	wg.Wait()
	codes := []dandang.Code{dandang.ErrorCode(errs[0]), dandang.ErrorCode(errs[1])}
	if !(codes[0] == "" && codes[1] == dandang.Conflict) && !(codes[1] == "" && codes[0] == dandang.Conflict) {
		t.Fatalf("racing Propose: %v, %v; want one success and one conflict", errs[0], errs[1])
	}
	got, _ := b.svc.Get(ctx, office, c.ID)
	recs, _ := b.svc.History(ctx, office, c.ID)
	if got.State != clearance.InReview || got.Version != 4 || len(recs) != 4 {
		t.Errorf("after the race: %s v%d with %d records, want in_review v4 with 4 (open, plan, consult, propose)", got.State, got.Version, len(recs))
	}
	if err := a.svc.Verify(ctx, office, c.ID); err != nil {
		t.Error(err)
	}

	const cases, workers, commands = 50, 8, 1000
	var all []string
	for i := 0; i < cases; i++ {
		all = append(all, a.planned(fmt.Sprintf("load-%d", i)).ID)
	}
	var ok, conflicts atomic.Int64
	var next atomic.Int64
	wg = sync.WaitGroup{}
	for w := 0; w < workers; w++ {
		e := []*env{a, b}[w%2]
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for {
				n := next.Add(1)
				if n > commands {
					return
				}
				id := all[(int(n)*7+w)%cases]
				c, err := e.svc.Get(ctx, office, id)
				if err != nil {
					t.Error(err)
					return
				}
				grade := []clearance.Grade{clearance.Pending, clearance.Suspected, clearance.Key}[n%3]
				_, err = e.svc.Grade(ctx, office, clearance.GradeInput{Ref: ref(c), Grade: grade})
				switch dandang.ErrorCode(err) {
				case "":
					ok.Add(1)
				case dandang.Conflict:
					conflicts.Add(1)
				default:
					t.Error(err)
					return
				}
			}
		}(w)
	}
	wg.Wait()
	var records int64
	if err := dbA.Pool().QueryRow(ctx, "SELECT count(*) FROM history WHERE case_id LIKE 'load-%'").Scan(&records); err != nil {
		t.Fatal(err)
	}
	if want := int64(cases*3) + ok.Load(); records != want {
		t.Errorf("%d history records, want %d (3 per case + %d successes)", records, want, ok.Load())
	}
	if ok.Load()+conflicts.Load() != commands {
		t.Errorf("%d successes + %d conflicts, want %d commands", ok.Load(), conflicts.Load(), commands)
	}
	for _, id := range all {
		if err := b.svc.Verify(ctx, office, id); err != nil {
			t.Errorf("%s: %v", id, err)
		}
	}
	t.Logf("%d commands: %d succeeded, %d conflicted", commands, ok.Load(), conflicts.Load())
}

// A connection killed in the middle of a save leaves no partial case, record
// or event: the store reads the save's outcome by version and sends it once
// more only when nothing was written, so the command succeeds once, with one
// record and one event.
func TestKilledConnection_LeavesNothingPartial(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := fresh(t)
	e := newEnv(t, db)
	c := e.ready("kill")

	// A second connection holds the history table, so the save's case
	// update is written, uncommitted, and its history record waits.
	blocker, err := db.Pool().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer blocker.Rollback(ctx) //nolint:errcheck
	if _, err := blocker.Exec(ctx, "LOCK TABLE history IN SHARE MODE"); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := e.svc.Close(ctx, office, clearance.CloseInput{Ref: ref(c)})
		done <- err
	}()
	var pid int
	for i := 0; ; i++ {
		err := db.Pool().QueryRow(ctx, `SELECT pid FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO history%'`).Scan(&pid)
		if err == nil {
			break
		}
		if i > 200 {
			t.Fatalf("the save never reached its history record: %v", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	// The save has written the case's row, uncommitted.
	var written int
	if err := db.Pool().QueryRow(ctx, "SELECT count(*) FROM pg_locks WHERE pid = $1 AND locktype = 'relation' AND relation = 'cases'::regclass AND mode = 'RowExclusiveLock' AND granted", pid).Scan(&written); err != nil {
		t.Fatal(err)
	}
	if written != 1 {
		t.Errorf("the killed save held %d locks to write cases, want 1 (killed mid-save)", written)
	}
	if _, err := db.Pool().Exec(ctx, "SELECT pg_terminate_backend($1)", pid); err != nil {
		t.Fatal(err)
	}
	// The save's connection is gone: it committed whole or not at all. The
	// store reads which (nothing was), and sends the save once more, which
	// waits for the lock like the first.
	if err := blocker.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("Close after its connection was killed mid-save = %v, want it checked and sent again", err)
	}
	got, err := e.svc.Get(ctx, office, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	recs, _ := e.svc.History(ctx, office, c.ID)
	var events int
	if err := db.Pool().QueryRow(ctx, "SELECT count(*) FROM outbox WHERE case_id = $1", c.ID).Scan(&events); err != nil {
		t.Fatal(err)
	}
	if got.State != clearance.Closed || got.Version != c.Version+1 || len(recs) != c.Version+1 || events != 1 {
		t.Fatalf("after the kill: %s v%d, %d records, %d events; want closed v%d, %d records, one event: nothing partial, nothing twice",
			got.State, got.Version, len(recs), events, c.Version+1, c.Version+1)
	}
	if err := e.svc.Verify(ctx, office, got.ID); err != nil {
		t.Error(err)
	}
}

// XC11: a case row edited in the server, behind the library's back, still
// decodes and validates, but Verify finds it: the last record bound the
// state as saved.
func TestVerify_XC11_FindsARowEditedInTheServer(t *testing.T) {
	ctx := context.Background()
	db := fresh(t)
	e := newEnv(t, db)
	c := e.planned("r-edit")
	if err := e.svc.Verify(ctx, office, c.ID); err != nil {
		t.Fatalf("Verify(intact) = %v", err)
	}
	for name, sql := range map[string]string{
		"allegation": `UPDATE cases SET data = jsonb_set(data::jsonb, '{allegations,0,summary}', '"别的问题"')::json WHERE kind = 'clearance' AND id = $1`,
		"deadline":   `UPDATE cases SET due = due + 30, data = jsonb_set(data::jsonb, '{due}', to_jsonb((data->>'due')::int + 30))::json WHERE kind = 'clearance' AND id = $1`,
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := db.Pool().Exec(ctx, sql, c.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := postgres.NewStore(db, clearance.Cases).Get(ctx, c.ID); err != nil {
				t.Fatalf("the edited row no longer reads: %v (want it to read and fail Verify)", err)
			}
			var ce *kit.ChainError
			if err := e.svc.Verify(ctx, office, c.ID); !errors.As(err, &ce) {
				t.Errorf("Verify(edited %s) = %v, want a broken chain", name, err)
			}
			restore(t, db, c)
			if err := e.svc.Verify(ctx, office, c.ID); err != nil {
				t.Errorf("Verify after restore = %v", err)
			}
		})
	}
}

// XC11, XC07: an index column edited apart from the case's data (a case
// moved to another organ, its deadline cleared) is refused on every read,
// never returned to the organ the edit points at.
func TestDecode_XC11_EditedIndexColumnsRefused(t *testing.T) {
	ctx := context.Background()
	db := fresh(t)
	e := newEnv(t, db)
	c := e.planned("r-col")
	for name, sql := range map[string]string{
		"organ":    `UPDATE cases SET organ_id = 'yongkang' WHERE kind = 'clearance' AND id = $1`,
		"deadline": `UPDATE cases SET due = NULL WHERE kind = 'clearance' AND id = $1`,
		"priority": `UPDATE cases SET priority = true WHERE kind = 'clearance' AND id = $1`,
		"subjects": `UPDATE cases SET subject_ids = ARRAY['someone'] WHERE kind = 'clearance' AND id = $1`,
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := db.Pool().Exec(ctx, sql, c.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := postgres.NewStore(db, clearance.Cases).Get(ctx, c.ID); !errors.Is(err, &dandang.Error{Code: dandang.Internal, Rule: "XC11"}) {
				t.Errorf("Get(edited %s) = %v, want internal [XC11]", name, err)
			}
			if cs, err := postgres.NewStore(db, clearance.Cases).Find(ctx, kit.Filter{OrganIDs: []string{"yongkang"}}); err == nil && len(cs) > 0 {
				t.Errorf("Find returned the edited case to the organ the edit points at")
			}
			restore(t, db, c)
		})
	}
}
