package ident_test

import (
	"testing"
	"unicode"

	"github.com/dandang/dandang/internal/ident"
)

// DefaultIgnorable is Unicode's derived property: under Unicode 15.0.0
// DerivedCoreProperties.txt lists 4,174 code points, and the ones the
// probes hid in IDs and reports are among them (U+2065 unassigned but
// reserved as ignorable); white space and the visible format characters
// are not.
func TestDefaultIgnorable(t *testing.T) {
	if unicode.Version == "15.0.0" {
		n := 0
		for r := rune(0); r <= unicode.MaxRune; r++ {
			if ident.DefaultIgnorable(r) {
				n++
			}
		}
		if n != 4174 {
			t.Errorf("%d default ignorable code points, want 4174 (Unicode 15.0.0)", n)
		}
	}
	for _, r := range []rune{0x00AD, 0x034F, 0x115F, 0x180E, 0x200B, 0x200D, 0x200E, 0x202E, 0x2060, 0x2065, 0x3164, 0xFE0F, 0xFEFF, 0xFFA0, 0x1D173, 0xE0001, 0xE0FFF} {
		if !ident.DefaultIgnorable(r) {
			t.Errorf("%U is default ignorable", r)
		}
	}
	for _, r := range []rune{' ', 'a', 0x3000, 0x0600, 0xFFF9, 0x13430, 0x1100} {
		if ident.DefaultIgnorable(r) {
			t.Errorf("%U is not default ignorable", r)
		}
	}
}

// XC06: an ID holding an invisible or control character is refused, so
// that two IDs that look alike are never two people or two reports.
func TestProblem_XC06_LookAlikesRefused(t *testing.T) {
	for _, id := range []string{"", " ", "DT-2023-001\u200b", "c-\u2065lead", "a\u202eb", "x\u00ady", "p\x07", "\xff"} {
		if ident.Problem(id) == "" {
			t.Errorf("Problem(%q) = \"\", want a refusal", id)
		}
	}
	for _, id := range []string{"DT-2023-001", "c-lead", "余杭区", "r/1"} {
		if p := ident.Problem(id); p != "" {
			t.Errorf("Problem(%q) = %q, want none", id, p)
		}
	}
}
