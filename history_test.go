package dandang_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
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
			err := kit.Verify("clearance", "c1", tt.tamper(chain(5)))
			if tt.wantSeq == 0 {
				if err != nil {
					t.Fatalf("Verify = %v, want nil", err)
				}
				return
			}
			var ce *kit.ChainError
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
	if err := kit.VerifyCase("clearance", "c1", recs, len(recs), head, ""); err != nil {
		t.Fatalf("VerifyHead(intact) = %v", err)
	}
	var ce *kit.ChainError
	if err := kit.VerifyCase("clearance", "c1", recs[:3], 4, head, ""); !errors.As(err, &ce) || ce.Seq != 4 {
		t.Fatalf("VerifyHead(truncated) = %v, want broken at 4", err)
	}
}

// XC11: the hash covers every field of a record. Changing any one of them in
// the middle record, without resealing, is found and named at that record;
// dropping a field from the hash makes its case here pass Verify.
func TestVerify_XC11_HashCoversEveryField(t *testing.T) {
	tests := []struct {
		field  string
		change func(r *dandang.Record)
	}{
		{"CaseKind", func(r *dandang.Record) { r.CaseKind = "tolerance" }},
		{"CaseID", func(r *dandang.Record) { r.CaseID = "c2" }},
		{"Seq", func(r *dandang.Record) { r.Seq = 7 }},
		{"At", func(r *dandang.Record) { r.At = r.At.Add(time.Microsecond) }},
		{"Actor.ID", func(r *dandang.Record) { r.Actor.ID = "u2" }},
		{"Actor.Name", func(r *dandang.Record) { r.Actor.Name = "someone" }},
		{"Actor.OrganID", func(r *dandang.Record) { r.Actor.OrganID = "o2" }},
		{"Actor.Level", func(r *dandang.Record) { r.Actor.Level = dandang.City }},
		{"Actor.Role", func(r *dandang.Record) { r.Actor.Role = dandang.PrincipalLeader }},
		{"Command", func(r *dandang.Record) { r.Command = "approve" }},
		{"From", func(r *dandang.Record) { r.From = "x" }},
		{"To", func(r *dandang.Record) { r.To = "x" }},
		{"Reason", func(r *dandang.Record) { r.Reason = "rewritten" }},
		{"Rules added", func(r *dandang.Record) { r.Rules = append(r.Rules, "CL02") }},
		{"Rules removed", func(r *dandang.Record) { r.Rules = nil }},
		{"Rules changed", func(r *dandang.Record) { r.Rules = []string{"CL02"} }},
		{"Payload", func(r *dandang.Record) { r.Payload = []byte(`{"n":2}`) }},
		{"StateHash", func(r *dandang.Record) { r.StateHash = "00" }},
		{"PrevHash", func(r *dandang.Record) { r.PrevHash = "00" }},
		{"Hash", func(r *dandang.Record) { r.Hash = "00" }},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			recs := chain(3)
			tt.change(&recs[1])
			err := kit.Verify("clearance", "c1", recs)
			var ce *kit.ChainError
			if !errors.As(err, &ce) {
				t.Fatalf("Verify after changing %s = %v, want a *ChainError", tt.field, err)
			}
			if ce.Index != 1 || ce.Seq != 2 {
				t.Errorf("Verify names position %d (record %d), want position 1 (record 2): %v", ce.Index, ce.Seq, err)
			}
		})
	}
}

// XC11: fields are length-prefixed and lists counted, so that moving bytes
// from one field to the next, or splitting a rule in two, changes the hash.
func TestRecord_XC11_FieldsDoNotRunTogether(t *testing.T) {
	base := chain(1)[0]
	tests := []struct {
		name string
		a, b func(r *dandang.Record)
	}{
		{"from/to", func(r *dandang.Record) { r.From, r.To = "ab", "c" }, func(r *dandang.Record) { r.From, r.To = "a", "bc" }},
		{"kind/id", func(r *dandang.Record) { r.CaseKind, r.CaseID = "ab", "c" }, func(r *dandang.Record) { r.CaseKind, r.CaseID = "a", "bc" }},
		{"rules split", func(r *dandang.Record) { r.Rules = []string{"CL01CL02"} }, func(r *dandang.Record) { r.Rules = []string{"CL01", "CL02"} }},
		{"rules/payload", func(r *dandang.Record) { r.Rules, r.Payload = []string{"x"}, nil }, func(r *dandang.Record) { r.Rules, r.Payload = nil, []byte("x") }},
		{"reason/state", func(r *dandang.Record) { r.Reason, r.StateHash = "ab", "" }, func(r *dandang.Record) { r.Reason, r.StateHash = "a", "b" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := base, base
			tt.a(&a)
			tt.b(&b)
			if a.ComputeHash() == b.ComputeHash() {
				t.Errorf("two records that differ only in where a field ends hash alike")
			}
		})
	}
}

// XC11: VerifyCase finds a case row that no longer matches the state its
// last record bound, and records cut from the end.
func TestVerifyCase_XC11(t *testing.T) {
	sh := func(s string) string {
		h, err := kit.StateHash(s)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	recs := chain(3)
	for i := range recs {
		recs[i].StateHash = sh(fmt.Sprintf(`{"v":%d}`, i+1))
		var prev *dandang.Record
		if i > 0 {
			prev = &recs[i-1]
		}
		recs[i].Seal(prev)
	}
	head := recs[2].Hash
	if err := kit.VerifyCase("clearance", "c1", recs, 3, head, sh(`{"v":3}`)); err != nil {
		t.Fatalf("VerifyCase(intact) = %v", err)
	}
	if err := kit.VerifyCase("clearance", "c1", recs, 3, head, sh(`{"v":4}`)); !errors.Is(err, dandang.Internal) {
		t.Errorf("VerifyCase(edited case) = %v, want a broken chain", err)
	}
	if err := kit.VerifyCase("clearance", "c1", recs[:2], 3, head, sh(`{"v":2}`)); !errors.Is(err, dandang.Internal) {
		t.Errorf("VerifyCase(cut) = %v, want a broken chain", err)
	}
}

// XC11: records sealed before the state was bound keep their hash: a
// history written by the earlier library still verifies after the upgrade.
func TestRecord_XC11_EarlierRecordsKeepTheirHash(t *testing.T) {
	r := dandang.Record{CaseKind: "clearance", CaseID: "r1/p", Seq: 1, At: time.Date(2023, 6, 5, 9, 0, 0, 0, dandang.China),
		Actor:   dandang.ActorRef{ID: "u1", Name: "n", OrganID: "o1", Level: dandang.County, Role: dandang.PetitionOffice},
		Command: "open", To: "opened", Reason: "x", Rules: []string{"CL01"}, Payload: []byte(`{}`)}
	// The hash the library sealed this record with before XC11.
	if got, want := r.ComputeHash(), "c3db79c98140ba43cafb493092e0a96dac694873f4e023e55cd6d119a3864807"; got != want {
		t.Errorf("ComputeHash = %s, want %s as before", got, want)
	}
	r.Hash = r.ComputeHash()
	if err := kit.VerifyCase("clearance", "r1/p", []dandang.Record{r}, 1, r.Hash, "anything"); err != nil {
		t.Errorf("VerifyCase(an earlier history) = %v", err)
	}
}
