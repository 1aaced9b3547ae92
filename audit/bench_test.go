package audit_test

import (
	"encoding/binary"
	"fmt"
	"testing"

	"golang.org/x/mod/sumdb/tlog"
)

// memTree builds tlog's stored hashes of n leaves in memory.
func memTree(b *testing.B, n int64) (tlog.HashReaderFunc, tlog.Tree) {
	b.Helper()
	hashes := make([]tlog.Hash, 0, tlog.StoredHashCount(n))
	read := tlog.HashReaderFunc(func(ix []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(ix))
		for i, x := range ix {
			out[i] = hashes[x]
		}
		return out, nil
	})
	var buf [8]byte
	for i := range n {
		binary.BigEndian.PutUint64(buf[:], uint64(i))
		hs, err := tlog.StoredHashes(i, buf[:], read)
		if err != nil {
			b.Fatal(err)
		}
		hashes = append(hashes, hs...)
	}
	h, err := tlog.TreeHash(n, read)
	if err != nil {
		b.Fatal(err)
	}
	return read, tlog.Tree{N: n, Hash: h}
}

// BenchmarkProof: an inclusion proof's size and the time to make and
// check it, and a consistency proof's, against a log of 10k and of 1M
// leaves: both grow with the logarithm of the size.
func BenchmarkProof(b *testing.B) {
	for _, n := range []int64{10_000, 1_000_000} {
		read, t := memTree(b, n)
		b.Run(fmt.Sprintf("inclusion/%d", n), func(b *testing.B) {
			size := 0
			var buf [8]byte
			for i := 0; i < b.N; i++ {
				leaf := int64(i*7919) % n
				p, err := tlog.ProveRecord(t.N, leaf, read)
				if err != nil {
					b.Fatal(err)
				}
				binary.BigEndian.PutUint64(buf[:], uint64(leaf))
				if err := tlog.CheckRecord(p, t.N, t.Hash, leaf, tlog.RecordHash(buf[:])); err != nil {
					b.Fatal(err)
				}
				size = len(p) * len(tlog.Hash{})
			}
			b.ReportMetric(float64(size), "proof-bytes")
		})
		b.Run(fmt.Sprintf("consistency/%d", n), func(b *testing.B) {
			size := 0
			for i := 0; i < b.N; i++ {
				old := 1 + int64(i*7919)%(n-1)
				oh, err := tlog.TreeHash(old, read)
				if err != nil {
					b.Fatal(err)
				}
				p, err := tlog.ProveTree(t.N, old, read)
				if err != nil {
					b.Fatal(err)
				}
				if err := tlog.CheckTree(p, t.N, t.Hash, old, oh); err != nil {
					b.Fatal(err)
				}
				size = len(p) * len(tlog.Hash{})
			}
			b.ReportMetric(float64(size), "proof-bytes")
		})
	}
}
