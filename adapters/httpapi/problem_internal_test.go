package httpapi

import (
	"reflect"
	"testing"

	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/clearance"
)

// XC06: a refusal names the field at fault by the contract's json names,
// as the client wrote it, not by the Go path the library refused it under.
func TestJSONPath_XC06_NamesFieldsAsTheContract(t *testing.T) {
	for _, tt := range []struct {
		in         reflect.Type
		field, out string
	}{
		{reflect.TypeFor[clearance.ConsultInput](), "Opinion", "opinion"},
		{reflect.TypeFor[clearance.ConsultInput](), "CaseID", "caseId"},
		{reflect.TypeFor[accusation.NewReport](), "Allegations[0].Summary", "allegations[0].summary"},
		{reflect.TypeFor[accusation.NewReport](), "Subjects[1].ID", "subjects[1].id"},
		{reflect.TypeFor[accusation.ReadInput](), "Actor.Organ", "actor.organ"},
		{nil, "IDNumber", "idNumber"},
		{nil, "If-Match", "If-Match"},
		{nil, "", ""},
	} {
		if got := jsonPath(tt.in, tt.field); got != tt.out {
			t.Errorf("jsonPath(%v, %q) = %q, want %q", tt.in, tt.field, got, tt.out)
		}
	}
}
