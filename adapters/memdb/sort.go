package memdb

import (
	"slices"
	"strings"

	"github.com/dandang/dandang/clearance"
)

func sortByID(cs []*clearance.Case) {
	slices.SortFunc(cs, func(a, b *clearance.Case) int { return strings.Compare(a.ID, b.ID) })
}
