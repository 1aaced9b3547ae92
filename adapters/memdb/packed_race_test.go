package memdb_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/adapters/storetest"
	"github.com/dandang/dandang/kit"
	"github.com/google/go-cmp/cmp"
)

// Readers that Find and Get ended cases while a writer ends others read
// each case as it was saved: the packed blocks and the DB's string table
// they share are written under the single writer and read without locks
// (run under -race, this is what checks it).
func TestPackedReadsBesideWrites(t *testing.T) {
	ctx := context.Background()
	store := memdb.NewStore(memdb.New(), storetest.Toys)
	const n = 300
	want := make([]*storetest.Toy, n)
	done := make(chan struct{})
	var readers sync.WaitGroup
	errs := make(chan error, 4)
	for r := range 2 {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				cs, err := store.Find(ctx, kit.Filter{State: string(storetest.ToyClosed)})
				if err != nil {
					errs <- err
					return
				}
				for _, c := range cs {
					if c.State != storetest.ToyClosed || c.ClosedAt.IsZero() || len(c.SubjectIDs) != 1 || c.SubjectIDs[0] != "s-"+c.ID {
						errs <- fmt.Errorf("reader %d: case %s read as %+v", r, c.ID, c)
						return
					}
				}
			}
		}()
	}
	for i := range n {
		id := fmt.Sprintf("c%d", i)
		c, _ := storetest.NewToy(storetest.ToyKind, id, "o1", "330102", "s-"+id)
		c.Version = 0
		prev := storetest.Bound(storetest.ToyKind, c, nil, "open")
		if err := store.Save(ctx, c, 0, []dandang.Record{prev}, nil); err != nil {
			t.Fatal(err)
		}
		v := c.Version
		c.State, c.ClosedAt, c.Due = storetest.ToyClosed, prev.At, 0
		r := storetest.Bound(storetest.ToyKind, c, &prev, fmt.Sprintf("close %d", i))
		if err := store.Save(ctx, c, v, []dandang.Record{r}, nil); err != nil {
			t.Fatal(err)
		}
		want[i] = c.Clone()
	}
	close(done)
	readers.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for _, w := range want {
		got, err := store.Get(ctx, w.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(w, got); diff != "" {
			t.Errorf("Get(%s) after the writes (-want +got):\n%s", w.ID, diff)
		}
	}
}

// A case that ends keeps the log's leaf of each of its records, which
// now live in its packed block: CaseLeaves reads the same leaves before
// and after, plus the closing record's.
func TestEndedCaseKeepsItsLeaves(t *testing.T) {
	ctx := context.Background()
	db := memdb.New()
	store := memdb.NewStore(db, storetest.Toys)
	other := memdb.NewStore(db, storetest.Toys)
	c, _ := storetest.NewToy(storetest.ToyKind, "a", "o1", "330102", "s-a")
	c.Version = 0
	prev := storetest.Bound(storetest.ToyKind, c, nil, "open")
	if err := store.Save(ctx, c, 0, []dandang.Record{prev}, nil); err != nil {
		t.Fatal(err)
	}
	storetest.Saved(t, other, storetest.ToyKind, "b", 2) // leaves between a's
	for i := range 2 {
		v := c.Version
		r := storetest.Bound(storetest.ToyKind, c, &prev, fmt.Sprintf("step %d", i))
		if err := store.Save(ctx, c, v, []dandang.Record{r}, nil); err != nil {
			t.Fatal(err)
		}
		prev = r
	}
	open, err := db.Log().CaseLeaves(ctx, storetest.ToyKind, "a")
	if err != nil {
		t.Fatal(err)
	}
	v := c.Version
	c.State, c.ClosedAt, c.Due = storetest.ToyClosed, prev.At, 0
	r := storetest.Bound(storetest.ToyKind, c, &prev, "close")
	if err := store.Save(ctx, c, v, []dandang.Record{r}, nil); err != nil {
		t.Fatal(err)
	}
	ended, err := db.Log().CaseLeaves(ctx, storetest.ToyKind, "a")
	if err != nil {
		t.Fatal(err)
	}
	if want := append(open, 5); !cmp.Equal(ended, want) {
		t.Errorf("CaseLeaves of the ended case = %v, want %v (open: %v)", ended, want, open)
	}
}
