package clearance_test

import (
	"context"
	"flag"
	"fmt"
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/kit"
	gomemdb "github.com/hashicorp/go-memdb"
	"github.com/looplab/fsm"
)

// BenchmarkBaseline_FSMEventPlusMemdbInsert is the bare floor a command is
// compared with: build one looplab/fsm from a table like ours and fire one
// event, then insert one object into go-memdb in a write transaction.
func BenchmarkBaseline_FSMEventPlusMemdbInsert(b *testing.B) {
	db, err := gomemdb.NewMemDB(&gomemdb.DBSchema{Tables: map[string]*gomemdb.TableSchema{
		"t": {Name: "t", Indexes: map[string]*gomemdb.IndexSchema{
			"id": {Name: "id", Unique: true, Indexer: &gomemdb.StringFieldIndex{Field: "ID"}},
		}},
	}})
	if err != nil {
		b.Fatal(err)
	}
	// The state-changing rows of the clearance table, as the floor was
	// first measured with: kept fixed so that figures stay comparable.
	events := fsm.Events{
		{Name: "propose", Src: []string{"opened"}, Dst: "in_review"},
		{Name: "approve", Src: []string{"in_review"}, Dst: "approved"},
		{Name: "reject", Src: []string{"in_review"}, Dst: "opened"},
		{Name: "propose_decline", Src: []string{"opened", "in_review"}, Dst: "decline_pending"},
		{Name: "approve_decline", Src: []string{"decline_pending"}, Dst: "declined"},
		{Name: "reject_decline", Src: []string{"decline_pending"}, Dst: "opened"},
		{Name: "close", Src: []string{"approved"}, Dst: "closed"},
	}
	type row struct{ ID string }
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f := fsm.NewFSM(string(clearance.Opened), events, fsm.Callbacks{})
		if err := f.Event(ctx, "propose"); err != nil {
			b.Fatal(err)
		}
		txn := db.Txn(true)
		if err := txn.Insert("t", &row{ID: fmt.Sprint(i % 1024)}); err != nil {
			b.Fatal(err)
		}
		txn.Commit()
	}
}

func benchEnv(b testing.TB) (*clearance.Service, *memdb.DB) {
	db := memdb.New()
	svc, err := clearance.NewService(clearance.Config{Store: memdb.NewStore(db, clearance.Cases), Clock: dandang.NewFixedClock(t0), Directory: directory})
	if err != nil {
		b.Fatal(err)
	}
	return svc, db
}

func benchOpened(b testing.TB, svc *clearance.Service, id string) *clearance.Case {
	c, err := svc.Open(ctx, tPetition, newCase(id, secretary, true))
	if err != nil {
		b.Fatal(err)
	}
	c, err = svc.Plan(ctx, tPetition, clearance.PlanInput{Ref: ref(c), Forms: []clearance.Form{clearance.Written, clearance.FaceToFace}, Effects: []clearance.Effect{clearance.OnElection}})
	if err != nil {
		b.Fatal(err)
	}
	// The subject is consulted before any proposal (CL17).
	c, err = svc.Consult(ctx, tPetition, clearance.ConsultInput{Ref: ref(c), Agreed: true, Forms: c.Forms, Opinion: "同意"})
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// pool returns n opened and planned cases; commands spread over them so
// that no one case's history grows without bound, as it would not in use.
func pool(b testing.TB, svc *clearance.Service, n int) []*clearance.Case {
	cs := make([]*clearance.Case, n)
	for i := range cs {
		cs[i] = benchOpened(b, svc, fmt.Sprintf("r%d", i))
	}
	return cs
}

// BenchmarkCommand_Grade is one command that changes no state: validate,
// load, authorize, record, save; spread over 256 cases.
func BenchmarkCommand_Grade(b *testing.B) {
	svc, _ := benchEnv(b)
	cs := pool(b, svc, 256)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := i % len(cs)
		c, err := svc.Grade(ctx, tPetition, clearance.GradeInput{Ref: ref(cs[k]), Grade: clearance.Key})
		if err != nil {
			b.Fatal(err)
		}
		cs[k] = c
	}
}

// BenchmarkCommand_Propose is one command that fires an fsm event through
// its guard and moves the case's state and deadline indexes, on a fresh
// planned case each time: batches of 256 are prepared, on a new store,
// outside the timer.
func BenchmarkCommand_Propose(b *testing.B) {
	var svc *clearance.Service
	var cs []*clearance.Case
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := i % 256
		if k == 0 {
			b.StopTimer()
			svc, _ = benchEnv(b)
			cs = pool(b, svc, 256)
			b.StartTimer()
		}
		if _, err := svc.Propose(ctx, tPetition, clearance.ProposeInput{Ref: ref(cs[k])}); err != nil {
			b.Fatal(err)
		}
	}
}

// lifecycle takes one case from open to closed: 12 commands.
func lifecycle(b testing.TB, svc *clearance.Service, id string) {
	c := benchOpened(b, svc, id)
	steps := []func(clearance.Ref) (*clearance.Case, error){
		func(r clearance.Ref) (*clearance.Case, error) {
			return svc.Propose(ctx, tPetition, clearance.ProposeInput{Ref: r})
		},
		func(r clearance.Ref) (*clearance.Case, error) {
			return svc.Approve(ctx, tLeader, clearance.DecisionInput{Ref: r})
		},
		func(r clearance.Ref) (*clearance.Case, error) {
			return svc.Approve(ctx, cPetition, clearance.DecisionInput{Ref: r})
		},
		func(r clearance.Ref) (*clearance.Case, error) {
			return svc.CarryOut(ctx, tPetition, clearance.CarryOutInput{Ref: r, Form: clearance.FaceToFace})
		},
		func(r clearance.Ref) (*clearance.Case, error) {
			return svc.ServeNotice(ctx, tPetition, clearance.NoticeInput{Ref: r})
		},
		func(r clearance.Ref) (*clearance.Case, error) {
			return svc.GiveFeedback(ctx, tPetition, clearance.FeedbackInput{Ref: r, Accepted: true})
		},
		func(r clearance.Ref) (*clearance.Case, error) {
			return svc.File(ctx, tPetition, clearance.FileInput{Ref: r, Filing: clearance.IntegrityFile})
		},
		func(r clearance.Ref) (*clearance.Case, error) {
			return svc.File(ctx, tPetition, clearance.FileInput{Ref: r, Filing: clearance.PersonnelFile})
		},
		func(r clearance.Ref) (*clearance.Case, error) {
			return svc.File(ctx, tPetition, clearance.FileInput{Ref: r, Filing: clearance.Platform})
		},
		func(r clearance.Ref) (*clearance.Case, error) {
			return svc.Close(ctx, tPetition, clearance.CloseInput{Ref: r})
		},
	}
	for _, st := range steps {
		var err error
		if c, err = st(ref(c)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLifecycle is one case from open to closed: 12 commands.
func BenchmarkLifecycle(b *testing.B) {
	svc, _ := benchEnv(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		lifecycle(b, svc, fmt.Sprintf("r%d", i))
	}
}

// BenchmarkStoreSave is one memdb save of a case with one history record,
// spread over 256 cases.
func BenchmarkStoreSave(b *testing.B) {
	svc, db := benchEnv(b)
	cs := pool(b, svc, 256)
	heads := make([]dandang.Record, len(cs))
	for k, c := range cs {
		recs, _ := svc.History(ctx, admin, c.ID)
		heads[k] = recs[len(recs)-1]
	}
	store := memdb.NewStore(db, clearance.Cases)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := i % len(cs)
		c := cs[k]
		r := dandang.Record{CaseKind: clearance.Kind, CaseID: c.ID, At: t0, Command: "grade", From: "opened", To: "opened"}
		r.Seal(&heads[k])
		v := c.Version
		c.Version, c.Head = r.Seq, r.Hash
		if err := store.Save(ctx, c, v, []dandang.Record{r}, nil); err != nil {
			b.Fatal(err)
		}
		heads[k] = r
	}
}

// BenchmarkHeapClosedCases reports the heap in use, after GC, per closed
// case with its full history on memdb (12 commands each), at 10,000 cases
// and at 100,000 (about 2 GB: run it alone, as go run
// ./internal/floor/ratios -heap100k does).
func BenchmarkHeapClosedCases(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("cases=%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				svc, db := benchEnv(b)
				for j := 0; j < n; j++ {
					lifecycle(b, svc, fmt.Sprintf("r%d", j))
				}
				runtime.GC()
				runtime.ReadMemStats(&after)
				b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(n), "B-live/case")
				runtime.KeepAlive(db)
			}
		})
	}
}

var queriesLarge = flag.Int("queries.large", 1_000_000, "the larger store size of BenchmarkQueries")

// BenchmarkQueries runs Find (by subject), Overdue and Stats (one month)
// on a memdb store of 10,000 cases, then on the same store grown to 100,000
// and to -queries.large (1,000,000), in one run: each query's answer is the
// same 1, 201 or 200 cases at every size, so its time should stay flat.
// The cases it finds are made by the service: 200 closed in the month, 200
// planned in it (overdue two months on) and one alone with its subject.
// The rest are copies of two cases the service made, each with its own ID
// and subject and a history of one sealed record, written by the store's bulk
// Import (as PostgreSQL's BenchmarkQueries writes them by SQL): nine in ten closed
// in the five years before the month, one in ten open and due a year on.
//
//	go test ./clearance -run '^$' -bench '^BenchmarkQueries$' -benchtime 20x
func BenchmarkQueries(b *testing.B) {
	db := memdb.New()
	store := memdb.NewStore(db, clearance.Cases)
	clock := dandang.NewFixedClock(t0)
	svc, err := clearance.NewService(clearance.Config{Store: store, Clock: clock, Directory: directory})
	if err != nil {
		b.Fatal(err)
	}
	month := time.Date(2028, 7, 1, 0, 0, 0, 0, dandang.China)
	at := func(t time.Time) { clock.Set(t.Add(9 * time.Hour)) }
	for i := range 200 {
		at(month.AddDate(0, 0, i%28))
		lifecycle(b, svc, fmt.Sprintf("m%d", i))
		at(month)
		benchOpened(b, svc, fmt.Sprintf("due%d", i))
	}
	lone := secretary
	lone.ID = "p-lone"
	at(month)
	if _, err := svc.Open(ctx, tPetition, newCase("lone", lone, true)); err != nil {
		b.Fatal(err)
	}
	// The templates of the rest, read back as the store holds them.
	at(month.AddDate(0, -3, 0))
	lifecycle(b, svc, "tmplc")
	at(month.AddDate(1, 0, 0))
	benchOpened(b, svc, "tmplo")
	closed, err := store.Get(ctx, clearance.CaseID("tmplc", secretary.ID))
	if err != nil {
		b.Fatal(err)
	}
	open, err := store.Get(ctx, clearance.CaseID("tmplo", secretary.ID))
	if err != nil {
		b.Fatal(err)
	}
	stored := 403
	// grow writes copies by the store's bulk import, a thousand to a
	// transaction, as a host's history would arrive.
	grow := func(to int) {
		batch := make([]kit.Imported[*clearance.Case], 0, 1000)
		for ; stored < to; stored++ {
			t, at := open, closed.ClosedAt
			if stored%10 != 0 {
				t, at = closed, month.AddDate(0, -1-stored%60, 0).Add(9*time.Hour)
			}
			c := t.Clone()
			c.ID, c.Subject.ID = fmt.Sprintf("s%d", stored), fmt.Sprintf("p-s%d", stored)
			if !c.ClosedAt.IsZero() {
				c.ClosedAt = at
			}
			r := dandang.Record{CaseKind: clearance.Kind, CaseID: c.ID, At: c.UpdatedAt, Command: "open", To: string(c.State)}
			r.Seal(nil)
			c.Version, c.Head = 1, r.Hash
			batch = append(batch, kit.Imported[*clearance.Case]{Case: c, Records: []dandang.Record{r}})
			if len(batch) == cap(batch) || stored == to-1 {
				out, err := store.Import(ctx, batch)
				if err != nil {
					b.Fatal(err)
				}
				for i, o := range out {
					if o != kit.ImportWritten {
						b.Fatalf("%s: %v, want written", batch[i].Case.ID, o)
					}
				}
				batch = batch[:0]
			}
		}
	}
	for _, size := range []int{10_000, 100_000, *queriesLarge} {
		if size < stored {
			continue
		}
		// The copies are written with the collector held back, and their
		// garbage collected before the queries run.
		gc := debug.SetGCPercent(400)
		grow(size)
		debug.SetGCPercent(gc)
		runtime.GC()
		now := month.AddDate(0, 2, 0)
		clock.Set(now)
		for _, q := range []struct {
			name string
			want int
			run  func() (int, error)
		}{
			{"find", 1, func() (int, error) {
				cs, err := svc.Find(ctx, admin, clearance.Filter{SubjectID: lone.ID})
				return len(cs), err
			}},
			{"overdue", 201, func() (int, error) { // the 200 planned in the month, and the lone case
				cs, err := svc.Overdue(ctx, admin, now)
				return len(cs), err
			}},
			{"stats", 200, func() (int, error) {
				st, err := svc.Stats(ctx, admin, dandang.Period{From: month, To: month.AddDate(0, 1, 0)})
				if err != nil {
					return 0, err
				}
				n := 0
				for _, o := range st.Organs {
					n += o.Cases
				}
				return n, nil
			}},
		} {
			b.Run(fmt.Sprintf("%s/stored=%d", q.name, size), func(b *testing.B) {
				for range b.N {
					if n, err := q.run(); err != nil || n != q.want {
						b.Fatalf("%s = %d cases, %v; want %d", q.name, n, err, q.want)
					}
				}
			})
		}
	}
}

// BenchmarkStateHash is the cost XC11 adds to every command: the JSON
// encoding of a planned case streamed into SHA-256.
func BenchmarkStateHash(b *testing.B) {
	svc, _ := benchEnv(b)
	c := benchOpened(b, svc, "r")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := kit.StateHash(c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkClone is one deep copy of a planned case: a store makes two per
// command (one read, one saved).
func BenchmarkClone(b *testing.B) {
	svc, _ := benchEnv(b)
	c := benchOpened(b, svc, "r")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = c.Clone()
	}
}
