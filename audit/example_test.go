package audit_test

import (
	"context"
	"fmt"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/adapters/storetest"
	"github.com/dandang/dandang/audit"
	"golang.org/x/mod/sumdb/note"
)

// A host signs checkpoints of its store's log; an auditor checks a case's
// bundle with the public key alone.
func Example() {
	ctx := context.Background()
	db := memdb.New()
	store := memdb.NewStore(db, storetest.Toys)
	c, _ := storetest.NewToy(storetest.ToyKind, "c1", "o1", "330723")
	c.Version = 0
	r1 := storetest.Bound(storetest.ToyKind, c, nil, "open")
	_ = store.Save(ctx, c, 0, []dandang.Record{r1}, nil)
	r2 := storetest.Bound(storetest.ToyKind, c, &r1, "plan")
	r3 := storetest.Bound(storetest.ToyKind, c, &r2, "close")
	_ = store.Save(ctx, c, 1, []dandang.Record{r2, r3}, nil) // each record a leaf, in the same transaction

	skey, vkey, _ := note.GenerateKey(nil, "dandang.example/zhejiang")
	signer, _ := note.NewSigner(skey) // or a note.Signer whose key a hardware module holds
	key, _ := note.NewVerifier(vkey)
	cp := &audit.Checkpointer{Log: db.Log(), Origin: "dandang.example/zhejiang", Signer: signer}
	signed, _ := cp.Checkpoint(ctx) // on demand, and on the host's schedule

	ex := &audit.Exporter{Log: db.Log(), Key: key, Sources: []audit.Source{audit.From(storetest.Toys, store)}}
	b, _ := ex.Case(ctx, signed, storetest.ToyKind, "c1")
	r := b.Check(key) // offline: the bundle and the public key
	fmt.Println(r.OK(), len(b.Cases[0].Records))
	// Output: true 3
}
