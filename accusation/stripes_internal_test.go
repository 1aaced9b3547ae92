package accusation

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

// AC15: intakes sharing a key wait for each other; a wait ends, holding
// nothing, when its context does, and the key is free again once released.
func TestStripes_AC15_WaitEndsWithContext(t *testing.T) {
	s := newStripes()
	unlock, err := s.lock(context.Background(), "hash-1", "pseudonym-1")
	if err != nil {
		t.Fatal(err)
	}
	// A key on a lock of its own (the seed is random: find one).
	other := "other"
	for i := 0; s.index(other) == s.index("hash-1") || s.index(other) == s.index("pseudonym-1"); i++ {
		other = fmt.Sprint("other-", i)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := s.lock(ctx, "pseudonym-1", other); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a second intake on a held key: %v, want it to wait until its deadline", err)
	}
	// The timed-out wait holds nothing: other's lock is free.
	free, err := s.lock(context.Background(), other)
	if err != nil {
		t.Fatal(err)
	}
	free()
	unlock()
	again, err := s.lock(context.Background(), "pseudonym-1")
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	again()
}
