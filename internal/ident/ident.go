// Package ident holds the one rule every identifier of the library follows,
// for the root package and the kit alike, and Unicode's set of default
// ignorable code points, which neither an identifier nor screened text may
// hide behind.
package ident

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Problem returns what is wrong with id as an identifier, or "" when
// nothing is: an identifier is not empty or blank, is valid UTF-8 and holds
// no control character and no default ignorable code point (a zero-width
// space, a joiner, a bidirectional mark, a variation selector), since IDs
// are joined into keys and case IDs and must read the same everywhere: two
// IDs that look alike are the same ID or are refused.
func Problem(id string) string {
	if strings.TrimSpace(id) == "" {
		return "required"
	}
	if !utf8.ValidString(id) {
		return "not valid UTF-8"
	}
	for _, r := range id {
		switch {
		case unicode.IsControl(r):
			return fmt.Sprintf("holds the control character %U", r)
		case DefaultIgnorable(r):
			return fmt.Sprintf("holds the invisible character %U", r)
		}
	}
	return ""
}

// DefaultIgnorable reports whether r has Unicode's derived property
// Default_Ignorable_Code_Point, computed as DerivedCoreProperties.txt
// defines it from the properties the unicode package carries (of the
// Unicode version Go ships):
//
//	Other_Default_Ignorable_Code_Point + Cf + Variation_Selector
//	- White_Space - FFF9..FFFB - 13430..1343F - Prepended_Concatenation_Mark
func DefaultIgnorable(r rune) bool {
	switch {
	case unicode.Is(unicode.White_Space, r),
		r >= 0xFFF9 && r <= 0xFFFB,   // interlinear annotation format characters
		r >= 0x13430 && r <= 0x1343F, // Egyptian hieroglyph format characters
		unicode.Is(unicode.Prepended_Concatenation_Mark, r):
		return false
	}
	return unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) || unicode.Is(unicode.Cf, r) ||
		unicode.Is(unicode.Variation_Selector, r)
}
