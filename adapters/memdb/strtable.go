package memdb

import "sync/atomic"

// strTable is the strings of every packed block on a DB, each once: the
// kinds, actors, organs, commands, states and rules that most ended cases
// name alike cost a block a varint each, not a string header of its own.
// It only grows: a string stays for as long as the DB, as the cases that
// name it do.
//
// It is written under go-memdb's single writer (a pack runs inside a write
// transaction) and read by any reader: a block reads only indexes added
// before the transaction that wrote it committed, and the slots of a chunk
// are never written again once added.
type strTable struct {
	idx    map[string]uint32 // the writer's alone
	n      int
	chunks atomic.Pointer[[]*[strChunk]string]
}

const strChunk = 1024

func newStrTable() *strTable {
	t := &strTable{idx: map[string]uint32{}}
	t.chunks.Store(&[]*[strChunk]string{})
	return t
}

// intern returns the index of s, adding it if it is new. Only the writer
// calls it.
func (t *strTable) intern(s string) uint32 {
	if i, ok := t.idx[s]; ok {
		return i
	}
	cs := *t.chunks.Load()
	if t.n == len(cs)*strChunk {
		grown := append(make([]*[strChunk]string, 0, len(cs)+1), cs...)
		grown = append(grown, new([strChunk]string))
		t.chunks.Store(&grown)
		cs = grown
	}
	i := uint32(t.n)
	cs[i/strChunk][i%strChunk] = s
	t.idx[s] = i
	t.n++
	return i
}

// get returns the string at index i.
func (t *strTable) get(i uint64) string {
	return (*t.chunks.Load())[i/strChunk][i%strChunk]
}
