package accusation_test

import (
	"slices"
	"testing"
)

// The rules across the processes a report's history names, so that rule
// coverage (dandang test -cover) counts them from the record.

// XC01, XC11: every recorded change names the history rule and the
// binding of the case's new state into it.
func TestAccusation_XC01_XC11_EveryRecordNamesThem(t *testing.T) {
	e := newEnv(t)
	c := e.established("r1")
	recs, err := e.svc.History(ctx, admin, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) < 8 {
		t.Fatalf("%d records, want the whole way to established", len(recs))
	}
	for _, r := range recs {
		for _, rule := range []string{"XC01", "XC11"} {
			if !slices.Contains(r.Rules, rule) {
				t.Errorf("record %d (%s) rules %v, want %s among them", r.Seq, r.Command, r.Rules, rule)
			}
		}
	}
}
