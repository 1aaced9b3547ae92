package memdb

import (
	"strconv"
	"testing"
)

// A string interned again keeps its index, and every index reads back its
// string, across chunks.
func TestStrTable(t *testing.T) {
	tab := newStrTable()
	const n = 2*strChunk + 3
	for i := range n {
		if got := tab.intern(strconv.Itoa(i)); got != uint32(i) {
			t.Fatalf("intern(%d) = %d, want %d", i, got, i)
		}
	}
	for i := range n {
		if got := tab.intern(strconv.Itoa(i)); got != uint32(i) {
			t.Errorf("intern(%d) again = %d, want %d", i, got, i)
		}
		if got := tab.get(uint64(i)); got != strconv.Itoa(i) {
			t.Errorf("get(%d) = %q, want %q", i, got, strconv.Itoa(i))
		}
	}
}
