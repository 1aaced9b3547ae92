// Package ident holds the one rule every identifier of the library follows,
// for the root package and the kit alike.
package ident

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Problem returns what is wrong with id as an identifier, or "" when
// nothing is: an identifier is not empty or blank, is valid UTF-8 and holds
// no control character, since IDs are joined into keys and case IDs and
// must read the same everywhere.
func Problem(id string) string {
	if strings.TrimSpace(id) == "" {
		return "required"
	}
	if !utf8.ValidString(id) {
		return "not valid UTF-8"
	}
	for _, r := range id {
		if unicode.IsControl(r) {
			return fmt.Sprintf("holds the control character %U", r)
		}
	}
	return ""
}
