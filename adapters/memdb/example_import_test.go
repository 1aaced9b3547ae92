package memdb_test

import (
	"context"
	"fmt"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/adapters/storetest"
	"github.com/dandang/dandang/kit"
)

// A case replayed elsewhere is written with its history; imported again,
// it is found present and nothing is written; another history of the same
// case is a conflict.
func ExampleStore_Import() {
	ctx := context.Background()
	db := memdb.New()
	store := memdb.NewStore(db, storetest.Toys)

	c, opened := storetest.NewToy(storetest.ToyKind, "H-2019-1", "330102", "330102", "s1")
	graded := storetest.Next(storetest.ToyKind, c, &opened, "grade")
	batch := []kit.Imported[*storetest.Toy]{{Case: c, Records: []dandang.Record{opened, graded}}}
	out, err := store.Import(ctx, batch)
	fmt.Println(out, err)

	out, _ = store.Import(ctx, batch)
	fmt.Println(out)

	other, first := storetest.NewToy(storetest.ToyKind, "H-2019-1", "330102", "330102", "s1")
	second := storetest.Next(storetest.ToyKind, other, &first, "close")
	out, _ = store.Import(ctx, []kit.Imported[*storetest.Toy]{{Case: other, Records: []dandang.Record{first, second}}})
	fmt.Println(out)

	tree, _ := db.Log().Tree(ctx)
	fmt.Println("leaves:", tree.N)
	// Output:
	// [written] <nil>
	// [present]
	// [conflict]
	// leaves: 2
}
