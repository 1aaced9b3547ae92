package accusation_test

import (
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
)

// XC06: a report received before 1949 or after 2200 (the year 0, -5000,
// 300000) is Invalid naming the field, never an Internal error from
// encoding the record; so is a Find bounded by such a date.
func TestAccusation_XC06_DatesOutOfRangeInvalid(t *testing.T) {
	e := newEnv(t)
	for _, year := range []int{0, -5000, 1900, 2201, 300000} {
		in := report("r-date", true)
		in.ReceivedAt = time.Date(year, 3, 1, 9, 0, 0, 0, dandang.China)
		_, err := e.svc.Receive(ctx, cPetition, in, conf(true))
		wantErr(t, err, dandang.Invalid, "XC06", "ReceivedAt")
		_, err = e.svc.Find(ctx, cPetition, accusation.Filter{ClosedFrom: in.ReceivedAt})
		wantErr(t, err, dandang.Invalid, "XC06", "ClosedFrom")
		_, err = e.svc.Find(ctx, cPetition, accusation.Filter{ClosedTo: in.ReceivedAt})
		wantErr(t, err, dandang.Invalid, "XC06", "ClosedTo")
	}
}

// AC15, XC06: a register number with an invisible character in it is not
// a second register number beside the one it looks like: it is refused.
func TestAccusation_AC15_LookAlikeRegisterNumberRefused(t *testing.T) {
	e := newEnv(t)
	e.received("DT-2023-001")
	for _, id := range []string{"DT-2023-001\u200b", "DT-\u20602023-001", "DT-2023-001\ufe0f"} {
		_, err := e.svc.Receive(ctx, cPetition, report(id, true), conf(true))
		wantErr(t, err, dandang.Invalid, "XC06", "ID")
	}
}
