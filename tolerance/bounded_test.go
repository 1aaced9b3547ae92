package tolerance_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/tolerance"
)

// FT06: a case consulted again and again keeps the last
// MaxConsultations consultations and the expert hearing heard before them,
// so it stays the size it was and a complex case is still decided; the
// history keeps every consultation, conclusion and all, and verifies.
func TestTolerance_FT06_ConsultedCaseStaysBounded(t *testing.T) {
	e := newEnv(t)
	conclusion := strings.Repeat("议", 4<<10/3)
	experts := []tolerance.Participant{{Name: "甲", Role: dandang.Expert}, {Name: "乙", Role: dandang.Expert}, {Name: "丙", Role: dandang.Expert}}
	body := []tolerance.Participant{{Name: "审计局干部", Role: dandang.Audit, Unit: "县审计局"}}
	size := func(c *tolerance.Case) int {
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		return len(b)
	}
	grow := func(inquiry string, n int) *tolerance.Case {
		in := newCase(inquiry, committee)
		in.Complex = true
		c := e.must(e.svc.Open(ctx, jnSuper, in))
		c = e.assess(c, distinctions(true), answers(nil), tolerance.EstablishInput{Conditions: allConditions()})
		c = e.must(e.svc.HearExperts(ctx, jnSuper, tolerance.ConsultInput{Ref: ref(c), Participants: experts, Conclusion: "可以容错"}))
		for range n {
			c = e.must(e.svc.Consult(ctx, jnSuper, tolerance.ConsultInput{Ref: ref(c), Conclusion: conclusion, Participants: body}))
		}
		return c
	}
	few := grow("q-few", tolerance.MaxConsultations)
	many := grow("q-many", 200)
	if got, want := len(many.Consultations), tolerance.MaxConsultations; got != want {
		t.Errorf("the case keeps %d consultations, want the last %d", got, want)
	}
	if !many.Consultations[0].Expert {
		t.Errorf("the first consultation kept = %+v, want the expert hearing", many.Consultations[0])
	}
	bound := tolerance.MaxConsultations*(len(conclusion)+1<<10) + 32<<10
	if s := size(many); s > bound || s > size(few)+256 {
		t.Errorf("after 200 consultations the case is %d bytes, after %d it was %d: want at most %d and no growth",
			s, tolerance.MaxConsultations, size(few), bound)
	}
	if _, err := e.svc.Propose(ctx, jnSuper, tolerance.ProposeInput{Ref: ref(many), Outcome: tolerance.Exemption,
		Grounds: []tolerance.Ground{tolerance.ThreeDistinctions}, Reason: "理由"}); err != nil {
		t.Errorf("Propose after 200 consultations = %v, want the expert hearing still counted (FT06)", err)
	}
	recs, err := e.svc.History(ctx, jnSuper, many.ID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range recs {
		if r.Command == "consult" && r.Reason == conclusion {
			n++
		}
	}
	if n != 200 {
		t.Errorf("the history holds %d consultations with their conclusion, want all 200", n)
	}
	if err := e.svc.Verify(ctx, jnSuper, many.ID); err != nil {
		t.Errorf("Verify = %v", err)
	}
}

// XC11, FT07: a decision reconsidered, proposed and decided again and
// again keeps the last MaxRounds proposals, past decisions and
// reconsiderations, so the case stays the size it was; the history keeps
// every round, reason and all, and verifies.
func TestTolerance_XC11_ReconsideredCaseStaysBounded(t *testing.T) {
	e := newEnv(t)
	reason := strings.Repeat("议", 4<<10/3)
	size := func(c *tolerance.Case) int {
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		return len(b)
	}
	grow := func(inquiry string, n int) *tolerance.Case {
		c := e.decided(inquiry)
		for range n {
			c = e.must(e.svc.Reconsider(ctx, jnLeader, tolerance.CorrectInput{Ref: ref(c), Reason: reason}))
			in := exemption(c)
			in.Reason = reason
			c = e.must(e.svc.Propose(ctx, jnSuper, in))
			c = e.must(e.svc.Decide(ctx, jnLeader, tolerance.DecisionInput{Ref: ref(c), Number: "景纪容〔2023〕1号"}))
		}
		return c
	}
	few := grow("q-few", tolerance.MaxRounds+1)
	many := grow("q-many", 100)
	for _, n := range []struct {
		name string
		got  int
	}{{"proposals", len(many.Proposals)}, {"past decisions", len(many.PastDecisions)}, {"reconsiderations", len(many.Reconsiderations)}} {
		if n.got != tolerance.MaxRounds {
			t.Errorf("the case keeps %d %s, want the last %d", n.got, n.name, tolerance.MaxRounds)
		}
	}
	bound := 3*tolerance.MaxRounds*(len(reason)+2<<10) + 32<<10
	if s := size(many); s > bound || s > size(few)+256 {
		t.Errorf("after 100 rounds the case is %d bytes, after %d it was %d: want at most %d and no growth",
			s, tolerance.MaxRounds+1, size(few), bound)
	}
	recs, err := e.svc.History(ctx, jnSuper, many.ID)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, r := range recs {
		counts[r.Command]++
	}
	if counts["reconsider"] != 100 || counts["propose"] != 101 || counts["decide"] != 101 {
		t.Errorf("the history holds %v, want 100 reconsiderations and 101 proposals and decisions", counts)
	}
	if err := e.svc.Verify(ctx, jnSuper, many.ID); err != nil {
		t.Errorf("Verify = %v", err)
	}
}
