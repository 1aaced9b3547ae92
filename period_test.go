package dandang_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/internal/checks"
	"github.com/dandang/dandang/kit"
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
			err := kit.CheckPeriod("test", tc.from, tc.to, now)
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

// XC11: a deadline stored before it became a Term — a bare day — decodes,
// and a term that keeps only its day encodes as that bare day again, so
// that earlier cases hash as they did; a counted term keeps what it was
// counted from.
func TestTerm_XC11_EncodesAsEarlierDays(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want kit.Term
		out  string
	}{
		{"an earlier day", `18700`, kit.Term{Due: 18700}, `18700`},
		{"none owed", `0`, kit.Term{}, `0`},
		{"counted", `{"Due":18700,"From":18680,"Days":15}`, kit.Term{Due: 18700, From: 18680, Days: 15}, `{"due":18700,"from":18680,"days":15}`},
		{"provisional", `{"Due":20820,"From":20800,"Days":15,"Provisional":true}`, kit.Term{Due: 20820, From: 20800, Days: 15, Provisional: true},
			`{"due":20820,"from":20800,"days":15,"provisional":true}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got kit.Term
			if err := json.Unmarshal([]byte(tc.in), &got); err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("decoded %+v, want %+v", got, tc.want)
			}
			b, err := json.Marshal(got)
			if err != nil || string(b) != tc.out {
				t.Errorf("encoded %s, %v; want %s", b, err, tc.out)
			}
		})
	}
	var bad kit.Term
	if err := json.Unmarshal([]byte(`"soon"`), &bad); err == nil {
		t.Errorf("a string decoded as a term: %+v", bad)
	}
}
