package accusation

import (
	"context"
	"testing"

	"github.com/dandang/dandang"
	"github.com/google/go-cmp/cmp"
)

// AC16: a sealed identity opens only for the report it was sealed for,
// under its key, unaltered: moved to another report, re-keyed or changed
// by one byte, it does not open.
func TestSeal_AC16_BoundToReport(t *testing.T) {
	ctx := context.Background()
	keys, err := NewMemoryKeys("k1", []byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	other, _ := NewMemoryKeys("k1", []byte("fedcba9876543210fedcba9876543210"))
	want := Confidential{Reporter: Identity{Name: "刘建华", IDNumber: "330322196501010011"}, Text: "举报内容"}
	s, err := seal(ctx, keys, "r1", want)
	if err != nil {
		t.Fatal(err)
	}
	got, err := unseal(ctx, keys, "r1", s)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("opened (-want +got):\n%s", diff)
	}
	flipped := s.clone()
	flipped.Data[0] ^= 1
	for _, tc := range []struct {
		name   string
		keys   Keys
		report string
		sealed Sealed
	}{
		{"moved to another report", keys, "r2", s},
		{"under another key", other, "r1", s},
		{"one byte changed", keys, "r1", flipped},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := unseal(ctx, tc.keys, tc.report, tc.sealed)
			if dandang.ErrorCode(err) != dandang.Internal || dandang.ErrorRule(err) != "AC16" {
				t.Errorf("unseal = %v, want internal [AC16]", err)
			}
		})
	}
}
