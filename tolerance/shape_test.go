package tolerance_test

import (
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/tolerance"
	"github.com/google/go-cmp/cmp"
)

// XC06: an input of the wrong shape is refused by the input's tags under
// the rule and the field the refusal has always named, before the case is
// read: nothing changes.
func TestTolerance_XC06_InputShape(t *testing.T) {
	e := newEnv(t)
	c := e.opened("inq-shape")
	r := ref(c)
	open := func(edit func(*tolerance.NewCase)) func() (*tolerance.Case, error) {
		return func() (*tolerance.Case, error) {
			in := newCase("inq-new", committee)
			edit(&in)
			return e.svc.Open(ctx, jnSuper, in)
		}
	}
	ds := func(edit func([]tolerance.Distinguished)) []tolerance.Distinguished {
		d := distinctions(true)
		edit(d)
		return d
	}
	as := func(edit func([]tolerance.Answered)) []tolerance.Answered {
		a := answers(nil)
		edit(a)
		return a
	}
	ws := weighings()
	ws[2].Finding = " "
	participant := tolerance.Participant{Name: "王审计", Role: dandang.Audit, Unit: "景宁县审计局"}

	tests := []struct {
		name, rule, field string
		call              func() (*tolerance.Case, error)
	}{
		{"XC06 blank inquiry", "XC06", "Inquiry.ID", open(func(in *tolerance.NewCase) { in.Inquiry.ID = " " })},
		{"FT05 no matter", "FT05", "Inquiry.Matter", open(func(in *tolerance.NewCase) { in.Inquiry.Matter = "" })},
		{"FT05 inquiry not started", "FT05", "Inquiry.OpenedAt", open(func(in *tolerance.NewCase) { in.Inquiry.OpenedAt = time.Time{} })},
		{"FT05 unknown pursuer", "FT05", "Pursuer", open(func(in *tolerance.NewCase) { in.Pursuer = "x" })},
		{"XC06 NUL in the domain", "XC06", "Domain", open(func(in *tolerance.NewCase) { in.Domain = "\x00" })},
		{"FT01 unknown distinction", "FT01", "Distinctions[1].Distinction", func() (*tolerance.Case, error) {
			return e.svc.Distinguish(ctx, jnSuper, tolerance.DistinguishInput{Ref: r, Answers: answers(nil),
				Distinctions: ds(func(d []tolerance.Distinguished) { d[1].Distinction = "x" })})
		}},
		{"FT01 a distinction without evidence", "FT01", "Distinctions[0].Evidence", func() (*tolerance.Case, error) {
			return e.svc.Distinguish(ctx, jnSuper, tolerance.DistinguishInput{Ref: r, Answers: answers(nil),
				Distinctions: ds(func(d []tolerance.Distinguished) { d[0].Evidence = nil })})
		}},
		{"FT02 unknown question", "FT02", "Answers[3].Question", func() (*tolerance.Case, error) {
			return e.svc.Distinguish(ctx, jnSuper, tolerance.DistinguishInput{Ref: r, Distinctions: distinctions(true),
				Answers: as(func(a []tolerance.Answered) { a[3].Question = "x" })})
		}},
		{"XC06 invalid UTF-8 in evidence", "XC06", "Answers[0].Evidence[1]", func() (*tolerance.Case, error) {
			return e.svc.Distinguish(ctx, jnSuper, tolerance.DistinguishInput{Ref: r, Distinctions: distinctions(true),
				Answers: as(func(a []tolerance.Answered) { a[0].Evidence = []string{"a", "\xff"} })})
		}},
		{"FT03 a factor without a finding", "FT03", "Weighings[2].Finding", func() (*tolerance.Case, error) {
			return e.svc.Weigh(ctx, jnSuper, tolerance.WeighInput{Ref: r, Weighings: ws})
		}},
		{"FT03 unknown factor", "FT03", "Weighings[0].Factor", func() (*tolerance.Case, error) {
			return e.svc.Weigh(ctx, jnSuper, tolerance.WeighInput{Ref: r, Weighings: []tolerance.Weighing{{Factor: "x", Finding: "y"}}})
		}},
		{"XC06 NUL in a condition", "XC06", "Conditions[0]", func() (*tolerance.Case, error) {
			return e.svc.Establish(ctx, jnSuper, tolerance.EstablishInput{Ref: r, Conditions: []string{"\x00"}})
		}},
		{"FT06 nobody consulted", "FT06", "Participants", func() (*tolerance.Case, error) {
			return e.svc.Consult(ctx, jnSuper, tolerance.ConsultInput{Ref: r, Conclusion: "可容错"})
		}},
		{"FT06 a participant without a name", "FT06", "Participants[0].Name", func() (*tolerance.Case, error) {
			return e.svc.HearExperts(ctx, jnSuper, tolerance.ConsultInput{Ref: r, Participants: []tolerance.Participant{{Role: dandang.Audit}}, Conclusion: "可容错"})
		}},
		{"FT06 a participant of an unknown body", "FT06", "Participants[0].Role", func() (*tolerance.Case, error) {
			return e.svc.Consult(ctx, jnSuper, tolerance.ConsultInput{Ref: r, Participants: []tolerance.Participant{{Name: "甲", Role: "x"}}, Conclusion: "可容错"})
		}},
		{"FT06 no conclusion", "FT06", "Conclusion", func() (*tolerance.Case, error) {
			return e.svc.Consult(ctx, jnSuper, tolerance.ConsultInput{Ref: r, Participants: []tolerance.Participant{participant}})
		}},
		{"FT07 unknown outcome", "FT07", "Outcome", func() (*tolerance.Case, error) {
			return e.svc.Propose(ctx, jnSuper, tolerance.ProposeInput{Ref: r, Outcome: "x", Reason: "y"})
		}},
		{"FT10 unknown ground", "FT10", "Grounds[0]", func() (*tolerance.Case, error) {
			return e.svc.Propose(ctx, jnSuper, tolerance.ProposeInput{Ref: r, Outcome: tolerance.Exemption, Grounds: []tolerance.Ground{"x"}, Reason: "y"})
		}},
		{"FT07 no reason", "FT07", "Reason", func() (*tolerance.Case, error) {
			return e.svc.Propose(ctx, jnSuper, tolerance.ProposeInput{Ref: r, Outcome: tolerance.None})
		}},
		{"XC06 NUL in a decision number", "XC06", "Number", func() (*tolerance.Case, error) {
			return e.svc.Decide(ctx, jnLeader, tolerance.DecisionInput{Ref: r, Number: "\x00"})
		}},
		{"FT05 no accountability decision", "FT05", "Decision", func() (*tolerance.Case, error) {
			return e.svc.RecordAccountability(ctx, jnLeader, tolerance.AccountabilityInput{Ref: r, Decision: " "})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := e.snap(c.ID)
			got, err := tt.call()
			if got != nil {
				t.Errorf("a refused command returned a case")
			}
			wantErr(t, err, dandang.Invalid, tt.rule)
			if f := dandang.ErrorField(err); f != tt.field {
				t.Errorf("field = %q, want %q (%v)", f, tt.field, err)
			}
			if diff := cmp.Diff(before, e.snap(c.ID), cmp.AllowUnexported(snapshot{})); diff != "" {
				t.Errorf("a refused command changed the store (-before +after):\n%s", diff)
			}
		})
	}
}
