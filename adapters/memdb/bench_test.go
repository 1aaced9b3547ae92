package memdb_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/adapters/storetest"
	gomemdb "github.com/hashicorp/go-memdb"
)

// BenchmarkStoreSave saves one record on one of 1,000 open cases: the
// store's share of a command.
func BenchmarkStoreSave(b *testing.B) {
	ctx := context.Background()
	store := memdb.NewStore(memdb.New(), storetest.Toys)
	cs := make([]*storetest.Toy, 1000)
	heads := make([]dandang.Record, len(cs))
	for k := range cs {
		c, rec := storetest.NewToy(storetest.ToyKind, fmt.Sprintf("c%d", k), "o1", "330102", "s1", "s2")
		if err := store.Save(ctx, c, 0, []dandang.Record{rec}, nil); err != nil {
			b.Fatal(err)
		}
		cs[k], heads[k] = c, rec
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := i % len(cs)
		c := cs[k]
		v := c.Version
		r := storetest.Next(storetest.ToyKind, c, &heads[k], "grade")
		if err := store.Save(ctx, c, v, []dandang.Record{r}, nil); err != nil {
			b.Fatal(err)
		}
		heads[k] = r
	}
}

// BenchmarkHeapClosedCases reports the heap in use, after GC, per closed
// case with a full history of 13 records (opened, 11 commands, closed),
// 10,000 of them on one DB.
func BenchmarkHeapClosedCases(b *testing.B) {
	const n, steps = 10000, 12
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		db := memdb.New()
		store := memdb.NewStore(db, storetest.Toys)
		for j := 0; j < n; j++ {
			c, rec := storetest.NewToy(storetest.ToyKind, fmt.Sprintf("r%d/s%d", j, j), "o1", "330102", fmt.Sprintf("s%d", j))
			if err := store.Save(ctx, c, 0, []dandang.Record{rec}, nil); err != nil {
				b.Fatal(err)
			}
			prev := rec
			for k := 0; k < steps; k++ {
				v := c.Version
				if k == steps-1 {
					c.State, c.ClosedAt, c.Due = storetest.ToyClosed, prev.At, 0
				}
				r := storetest.Next(storetest.ToyKind, c, &prev, fmt.Sprintf("step%d", k))
				if err := store.Save(ctx, c, v, []dandang.Record{r}, nil); err != nil {
					b.Fatal(err)
				}
				prev = r
			}
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n, "B-live/case")
		runtime.KeepAlive(db)
	}
}

// BenchmarkGoMemdb is go-memdb's own share of a state-changing command,
// with nothing of this store's: one write transaction that reads a case
// row, writes it again, moves its state key (a delete and an insert) and
// rewrites the log's row, on a table of 1,000 cases with a subject, an
// organ and a state key each, keyed and indexed as this store keys its rows
// (one table, one index of NUL-joined byte keys). go run
// ./internal/floor/ratios prints it as a ratio to the floor: what a
// command on go-memdb costs before any hashing, copying or checking.
func BenchmarkGoMemdb(b *testing.B) {
	type row struct {
		key []byte
		n   int
	}
	db, err := gomemdb.NewMemDB(&gomemdb.DBSchema{Tables: map[string]*gomemdb.TableSchema{
		"rows": {Name: "rows", Indexes: map[string]*gomemdb.IndexSchema{
			"id": {Name: "id", Unique: true, Indexer: bytesKey(func(o any) []byte { return o.(*row).key })},
		}},
	}})
	if err != nil {
		b.Fatal(err)
	}
	k := func(parts ...string) []byte { return []byte(strings.Join(parts, "\x00") + "\x00") }
	const n = 1000
	states := []string{"opened", "in_review"}
	due := map[string]string{"opened": "8000000000004e20", "in_review": "8000000000004e2e"} // a proposal moves the deadline too
	txn := db.Txn(true)
	for i := range n {
		id := fmt.Sprintf("r%d/p-%d", i, i)
		for _, key := range [][]byte{k("c", "clearance", id), k("k", "clearance", "u", "p-"+id, id), k("k", "clearance", "o", "o-330102", id),
			k("k", "clearance", "s", states[0], due[states[0]], id)} {
			if err := txn.Insert("rows", &row{key: key}); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := txn.Insert("rows", &row{key: k("l")}); err != nil {
		b.Fatal(err)
	}
	txn.Commit()
	// Every key is made before the timer starts: what is timed is go-memdb.
	type keys struct {
		c, log []byte
		state  [2][]byte
	}
	ks := make([]keys, n)
	for i := range ks {
		id := fmt.Sprintf("r%d/p-%d", i, i)
		ks[i] = keys{c: k("c", "clearance", id), log: k("l"),
			state: [2][]byte{k("k", "clearance", "s", states[0], due[states[0]], id), k("k", "clearance", "s", states[1], due[states[1]], id)}}
	}
	moved := make([]int, n)
	rows := make([]row, 3*b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := i % n
		txn := db.Txn(true)
		obj, err := txn.First("rows", "id", ks[c].c)
		if err != nil || obj == nil {
			b.Fatal(obj, err)
		}
		from, to := moved[c]%2, (moved[c]+1)%2
		moved[c]++
		old := row{key: ks[c].state[from]}
		rows[3*i] = row{key: obj.(*row).key, n: obj.(*row).n + 1}
		rows[3*i+1] = row{key: ks[c].state[to]}
		rows[3*i+2] = row{key: ks[c].log, n: i}
		for _, err := range []error{
			txn.Insert("rows", &rows[3*i]),
			txn.Delete("rows", &old),
			txn.Insert("rows", &rows[3*i+1]),
			txn.Insert("rows", &rows[3*i+2]),
		} {
			if err != nil {
				b.Fatal(err)
			}
		}
		txn.Commit()
	}
}

// bytesKey indexes a row by the bytes f returns.
type bytesKey func(any) []byte

func (f bytesKey) FromObject(o any) (bool, []byte, error) { return true, f(o), nil }

func (bytesKey) FromArgs(args ...any) ([]byte, error) { return args[0].([]byte), nil }
