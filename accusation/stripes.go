package accusation

import (
	"hash/maphash"
	"slices"
	"sync"
)

// stripes are locks chosen by key: intakes that share a content hash or a
// pseudonym take a common lock, others mostly run apart.
type stripes struct {
	seed maphash.Seed
	mu   [64]sync.Mutex
}

func newStripes() *stripes { return &stripes{seed: maphash.MakeSeed()} }

// lock takes the locks of the non-empty keys, in index order so that two
// intakes never wait on each other crosswise, and returns their release.
func (s *stripes) lock(keys ...string) func() {
	var idx []int
	for _, k := range keys {
		if k != "" {
			idx = append(idx, int(maphash.String(s.seed, k)%uint64(len(s.mu))))
		}
	}
	slices.Sort(idx)
	idx = slices.Compact(idx)
	for _, i := range idx {
		s.mu[i].Lock()
	}
	return func() {
		for _, i := range slices.Backward(idx) {
			s.mu[i].Unlock()
		}
	}
}
