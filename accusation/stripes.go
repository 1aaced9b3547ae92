package accusation

import (
	"context"
	"hash/maphash"
	"slices"
)

// stripes are locks chosen by key: intakes that share a content hash or a
// pseudonym take a common lock, others mostly run apart. A wait ends when
// its context does.
type stripes struct {
	seed maphash.Seed
	sem  [64]chan struct{}
}

func newStripes() *stripes {
	s := &stripes{seed: maphash.MakeSeed()}
	for i := range s.sem {
		s.sem[i] = make(chan struct{}, 1)
	}
	return s
}

// index is the lock key k takes.
func (s *stripes) index(k string) int { return int(maphash.String(s.seed, k) % uint64(len(s.sem))) }

// lock takes the locks of the non-empty keys, in index order so that two
// intakes never wait on each other crosswise, and returns their release.
// It returns ctx's error, holding nothing, when ctx is done first.
func (s *stripes) lock(ctx context.Context, keys ...string) (func(), error) {
	var idx []int
	for _, k := range keys {
		if k != "" {
			idx = append(idx, s.index(k))
		}
	}
	slices.Sort(idx)
	idx = slices.Compact(idx)
	release := func(held []int) {
		for _, i := range slices.Backward(held) {
			<-s.sem[i]
		}
	}
	for n, i := range idx {
		select {
		case s.sem[i] <- struct{}{}:
		case <-ctx.Done():
			release(idx[:n])
			return nil, ctx.Err()
		}
	}
	return func() { release(idx) }, nil
}
