package kit_test

import (
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/internal/checks"
	"github.com/dandang/dandang/kit"
)

// XC06: a date outside the years 1949 to 2200 — the year 0, -5000, 300000
// — is Invalid naming its field wherever an input holds it, never an
// Internal error from an encoder or a database; the zero time (not given)
// and dates inside pass.
func TestCheckInput_XC06_DatesOutOfRangeInvalid(t *testing.T) {
	type inner struct{ On time.Time }
	type input struct {
		At    time.Time
		Steps []inner
	}
	for _, tc := range []struct {
		name  string
		in    input
		field string
	}{
		{"year 0", input{At: time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)}, "At"},
		{"year -5000", input{At: time.Date(-5000, 1, 1, 0, 0, 0, 0, time.UTC)}, "At"},
		{"year 300000", input{At: time.Date(300000, 1, 1, 0, 0, 0, 0, time.UTC)}, "At"},
		{"1948 nested", input{Steps: []inner{{}, {On: time.Date(1948, 12, 31, 0, 0, 0, 0, dandang.China)}}}, "Steps[1].On"},
		{"2201 nested", input{Steps: []inner{{On: time.Date(2201, 1, 1, 0, 0, 0, 0, dandang.China)}}}, "Steps[0].On"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checks.Err(t, kit.CheckInput("op", "", tc.in, kit.Limits{}), dandang.Invalid, "XC06", tc.field)
		})
	}
	for _, ok := range []time.Time{{}, time.Date(1949, 1, 1, 0, 0, 0, 0, dandang.China), time.Date(2200, 12, 31, 23, 0, 0, 0, dandang.China)} {
		if err := kit.CheckInput("op", "", input{At: ok}, kit.Limits{}); err != nil {
			t.Errorf("%v: %v, want it to pass", ok, err)
		}
	}
}
