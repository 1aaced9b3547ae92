package memdb_test

import (
	"reflect"
	"testing"

	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/adapters/storetest"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/followup"
	"github.com/dandang/dandang/tolerance"
)

// Every process's case type packs once ended: the store keeps the closed
// cases that make up most of it compact.
func TestEveryCaseTypeHasAShape(t *testing.T) {
	for _, typ := range []reflect.Type{
		reflect.TypeFor[*clearance.Case](),
		reflect.TypeFor[*accusation.Case](),
		reflect.TypeFor[*tolerance.Case](),
		reflect.TypeFor[*followup.Case](),
		reflect.TypeFor[*storetest.Toy](),
	} {
		t.Run(typ.String(), func(t *testing.T) {
			if err := memdb.HasShape(typ); err != nil {
				t.Errorf("HasShape(%s) = %v, want nil", typ, err)
			}
		})
	}
}
