package memdb

import (
	"reflect"
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/storetest"
	"golang.org/x/mod/sumdb/tlog"
)

// WithoutLog makes db's saves append no leaf: the benchmark that prices
// the log compares with it.
func WithoutLog(db *DB) *DB { db.noLog = true; return db }

// Superuser changes a DB behind the stores' back, as a tamper would.
type Superuser struct{ DB *DB }

// Rewrite replaces the toy case id and its history.
func (su Superuser) Rewrite(t testing.TB, id string, f func(c *storetest.Toy, recs []dandang.Record) (*storetest.Toy, []dandang.Record)) {
	txn := su.DB.db.Txn(true)
	defer txn.Abort()
	obj, err := txn.First(tableRows, "id", rowCase, storetest.ToyKind, id)
	if err != nil || obj == nil {
		t.Fatalf("no case %s: %v", id, err)
	}
	old := obj.(*caseRow[*storetest.Toy])
	c, recs := f(old.get(), old.copyRecords())
	if err := txn.Insert(tableRows, &caseRow[*storetest.Toy]{key: old.key, c: c, history: recs, leafIdx: old.leaves()}); err != nil {
		t.Fatal(err)
	}
	txn.Commit()
}

// Delete deletes the toy case id and its history.
func (su Superuser) Delete(t testing.TB, id string) {
	txn := su.DB.db.Txn(true)
	defer txn.Abort()
	if _, err := txn.DeleteAll(tableRows, "id", rowCase, storetest.ToyKind, id); err != nil {
		t.Fatal(err)
	}
	txn.Commit()
}

// RewriteLeaf sets leaf n of the log to another hash, its tree hashes
// left as they were.
func (su Superuser) RewriteLeaf(t testing.TB, n int64) {
	txn := su.DB.db.Txn(true)
	defer txn.Abort()
	old, err := logOf(txn)
	if err != nil {
		t.Fatal(err)
	}
	row := &logRow{leaves: old.leaves, hashes: append([]tlog.Hash(nil), old.hashes...)}
	row.hashes[tlog.StoredHashIndex(0, n)] = tlog.RecordHash([]byte("forged"))
	if err := txn.Insert(tableRows, row); err != nil {
		t.Fatal(err)
	}
	txn.Commit()
}

// HasShape reports why a store of cases of type t keeps its ended cases
// unpacked (nil: it packs them).
func HasShape(t reflect.Type) error { _, err := shapeOf(t); return err }

// Number is number, for its test.
var Number = number
