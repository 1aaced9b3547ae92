package dandang_test

import (
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/internal/checks"
)

// XC04: statistics count a closed period: both ends given, the start
// before the end, the end come.
func TestCheckPeriod_XC04(t *testing.T) {
	now := time.Date(2024, 1, 2, 9, 0, 0, 0, dandang.China)
	y2023 := time.Date(2023, 1, 1, 0, 0, 0, 0, dandang.China)
	y2024 := time.Date(2024, 1, 1, 0, 0, 0, 0, dandang.China)
	for _, tc := range []struct {
		name     string
		from, to time.Time
		ok       bool
	}{
		{"the year ended", y2023, y2024, true},
		{"ending now", y2023, now, true},
		{"no start", time.Time{}, y2024, false},
		{"no end", y2023, time.Time{}, false},
		{"reversed", y2024, y2023, false},
		{"empty", y2024, y2024, false},
		{"not yet ended", y2024, y2024.AddDate(1, 0, 0), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := dandang.CheckPeriod("test", tc.from, tc.to, now)
			if tc.ok {
				if err != nil {
					t.Errorf("CheckPeriod = %v, want nil", err)
				}
				return
			}
			checks.Err(t, err, dandang.Invalid, "XC04", "Period")
		})
	}
}
