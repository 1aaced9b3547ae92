package dandang_test

import (
	"errors"
	"testing"
	"time"

	"github.com/dandang/dandang"
)

func chain(n int) []dandang.Record {
	var recs []dandang.Record
	at := time.Date(2023, 6, 5, 9, 0, 0, 0, dandang.China)
	for i := 0; i < n; i++ {
		r := dandang.Record{CaseKind: "clearance", CaseID: "c1", At: at.Add(time.Duration(i) * time.Hour),
			Actor: dandang.ActorRef{ID: "u1", OrganID: "o1", Level: dandang.County}, Command: "step",
			From: "a", To: "b", Rules: []string{"CL01"}, Payload: []byte(`{"n":1}`)}
		var prev *dandang.Record
		if i > 0 {
			prev = &recs[i-1]
		}
		r.Seal(prev)
		recs = append(recs, r)
	}
	return recs
}

// XC01: history is append-only and tamper-evident; Verify names the first
// broken link.
func TestVerify_XC01(t *testing.T) {
	tests := []struct {
		name    string
		tamper  func([]dandang.Record) []dandang.Record
		wantSeq int // 0: verifies
	}{
		{"intact", func(r []dandang.Record) []dandang.Record { return r }, 0},
		{"changed reason", func(r []dandang.Record) []dandang.Record { r[2].Reason = "rewritten"; return r }, 3},
		{"changed payload", func(r []dandang.Record) []dandang.Record { r[1].Payload = []byte(`{"n":2}`); return r }, 2},
		{"changed time", func(r []dandang.Record) []dandang.Record { r[3].At = r[3].At.Add(time.Millisecond); return r }, 4},
		{"removed middle", func(r []dandang.Record) []dandang.Record { return append(r[:2:2], r[3:]...) }, 3},
		{"removed first", func(r []dandang.Record) []dandang.Record { return r[1:] }, 1},
		{"reordered", func(r []dandang.Record) []dandang.Record { r[1], r[2] = r[2], r[1]; return r }, 2},
		{"rehashed after change", func(r []dandang.Record) []dandang.Record {
			r[1].Reason = "forged"
			r[1].Hash = r[1].ComputeHash()
			return r
		}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := dandang.Verify("clearance", "c1", tt.tamper(chain(5)))
			if tt.wantSeq == 0 {
				if err != nil {
					t.Fatalf("Verify = %v, want nil", err)
				}
				return
			}
			var ce *dandang.ChainError
			if !errors.As(err, &ce) {
				t.Fatalf("Verify = %v, want a *ChainError", err)
			}
			if ce.Seq != tt.wantSeq {
				t.Errorf("broken link at %d, want %d (%v)", ce.Seq, tt.wantSeq, err)
			}
			if got := dandang.ErrorRule(err); got != "XC01" {
				t.Errorf("rule = %q, want XC01", got)
			}
		})
	}
}

func TestVerifyHead_XC01_RemovedFromEnd(t *testing.T) {
	recs := chain(4)
	head := recs[3].Hash
	if err := dandang.VerifyCase("clearance", "c1", recs, len(recs), head, ""); err != nil {
		t.Fatalf("VerifyHead(intact) = %v", err)
	}
	var ce *dandang.ChainError
	if err := dandang.VerifyCase("clearance", "c1", recs[:3], 4, head, ""); !errors.As(err, &ce) || ce.Seq != 4 {
		t.Fatalf("VerifyHead(truncated) = %v, want broken at 4", err)
	}
}
