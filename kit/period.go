package kit

import (
	"fmt"
	"time"

	"github.com/dandang/dandang"
)

// CheckPeriod checks that [from, to) is a closed period, as statistics
// count (XC04): both ends given, from before to, and to not after now, so
// that a published figure never changes afterwards. op names the caller.
// The error is Invalid (XC04) on the field "Period".
func CheckPeriod(op string, from, to, now time.Time) error {
	switch {
	case from.IsZero() || to.IsZero():
		return Invalidf(op, "XC04", "Period", "statistics count a closed period: give its start and end")
	case !from.Before(to):
		return Invalidf(op, "XC04", "Period", fmt.Sprintf("the period starts %s, not before its end %s",
			from.In(dandang.China).Format(time.DateOnly), to.In(dandang.China).Format(time.DateOnly)))
	case to.After(now):
		return Invalidf(op, "XC04", "Period", fmt.Sprintf("the period ends %s, which has not come: statistics count a closed period",
			to.In(dandang.China).Format(time.DateOnly)))
	}
	return nil
}
