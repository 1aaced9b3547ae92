package followup_test

import (
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/followup"
	"github.com/google/go-cmp/cmp"
)

// XC06: an input of the wrong shape is refused by the input's tags under
// the rule and the field the refusal has always named, before the case is
// read: nothing changes.
func TestFollowUp_XC06_InputShape(t *testing.T) {
	e := newEnv(t)
	c := e.planned("D-shape", followup.PartyWarning, t0.AddDate(0, -1, 0))
	r := ref(c)
	plan := func(edit func(*followup.PlanInput)) func() (*followup.Case, error) {
		return func() (*followup.Case, error) {
			in := planInput(c)
			edit(&in)
			return e.svc.RevisePlan(ctx, office, in)
		}
	}
	visit := func(edit func(*followup.VisitInput)) func() (*followup.Case, error) {
		return func() (*followup.Case, error) {
			in := visitInput(c, followup.Good)
			edit(&in)
			return e.svc.Visit(ctx, office, in)
		}
	}
	open := func(edit func(*followup.NewFollowUp)) func() (*followup.Case, error) {
		return func() (*followup.Case, error) {
			in := discipline("D-new", followup.PartyWarning, t0.AddDate(0, -1, 0))
			edit(&in)
			return e.svc.Open(ctx, office, in)
		}
	}

	tests := []struct {
		name, rule, field string
		call              func() (*followup.Case, error)
	}{
		{"FU01 unknown source", "FU01", "Source", open(func(in *followup.NewFollowUp) { in.Source = "x" })},
		{"FU01 unknown form of handling", "FU01", "Decision.Form", open(func(in *followup.NewFollowUp) { in.Decision.Form = "x" })},
		{"FU07 unknown sanction", "FU07", "Decision.Sanction", open(func(in *followup.NewFollowUp) { in.Decision.Sanction = "x" })},
		{"XC06 NUL in the imposing organ", "XC06", "ImposedBy", open(func(in *followup.NewFollowUp) { in.ImposedBy = "\x00" })},
		{"FU03 unknown condition", "FU03", "Condition", plan(func(in *followup.PlanInput) { in.Condition = "x" })},
		{"FU03 unknown approach", "FU03", "Approach", plan(func(in *followup.PlanInput) { in.Approach = "x" })},
		{"FU04 no help", "FU04", "Help", plan(func(in *followup.PlanInput) { in.Help = nil })},
		{"FU04 a problem without a measure", "FU04", "Help[0].Measure", plan(func(in *followup.PlanInput) { in.Help[0].Measure = " " })},
		{"FU05 no form", "FU05", "Forms", plan(func(in *followup.PlanInput) { in.Forms = nil })},
		{"FU05 unknown form", "FU05", "Forms[1]", plan(func(in *followup.PlanInput) { in.Forms[1] = "x" })},
		{"FU05 nobody heard", "FU05", "Targets", plan(func(in *followup.PlanInput) { in.Targets = nil })},
		{"FU05 unknown target", "FU05", "Targets[0]", plan(func(in *followup.PlanInput) { in.Targets[0] = "x" })},
		{"FU05 unknown form of visit", "FU05", "Form", visit(func(in *followup.VisitInput) { in.Form = "x" })},
		{"FU08 a blank visitor", "FU08", "Visitors[1]", visit(func(in *followup.VisitInput) { in.Visitors = []string{"甲", " "} })},
		{"FU04 no findings", "FU04", "Findings", visit(func(in *followup.VisitInput) { in.Findings = "" })},
		{"FU08 off the scale", "FU08", "Rating", visit(func(in *followup.VisitInput) { in.Rating = "x" })},
		{"XC06 invalid UTF-8 in findings", "XC06", "Findings", visit(func(in *followup.VisitInput) { in.Findings = "\xff" })},
		{"FU06 no summary", "FU06", "Summary", func() (*followup.Case, error) {
			return e.svc.Report(ctx, office, followup.ReportInput{Ref: r})
		}},
		{"FU06 no reason to recommend", "FU06", "Reason", func() (*followup.Case, error) {
			return e.svc.Recommend(ctx, leader, followup.RecommendInput{Ref: r, Post: "副镇长"})
		}},
		{"FU06 no post", "FU06", "Post", func() (*followup.Case, error) {
			return e.svc.Promote(ctx, orgDept, followup.PromoteInput{Ref: r})
		}},
		{"XC06 NUL in a closing note", "XC06", "Note", func() (*followup.Case, error) {
			return e.svc.Close(ctx, leader, followup.CloseInput{Ref: r, Note: "\x00"})
		}},
		{"FU01 no reason to stop", "FU01", "Reason", func() (*followup.Case, error) {
			return e.svc.Stop(ctx, leader, followup.StopInput{Ref: r, Reason: " "})
		}},
		{"FU02 campaign without a name", "FU02", "Name", func() (*followup.Case, error) {
			_, err := e.svc.Campaign(ctx, office, followup.CampaignInput{Since: t0})
			return nil, err
		}},
		{"FU02 campaign without a date", "FU02", "Since", func() (*followup.Case, error) {
			_, err := e.svc.Campaign(ctx, office, followup.CampaignInput{Name: "回访教育周", Since: time.Time{}})
			return nil, err
		}},
		{"FU01 campaign of an unknown form", "FU01", "Forms[0]", func() (*followup.Case, error) {
			_, err := e.svc.Campaign(ctx, office, followup.CampaignInput{Name: "回访教育周", Since: t0, Forms: []followup.HandlingForm{"x"}})
			return nil, err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := e.snap(c.ID)
			got, err := tt.call()
			if got != nil {
				t.Errorf("a refused command returned a case")
			}
			wantErr(t, err, dandang.Invalid, tt.rule, tt.field)
			if diff := cmp.Diff(before, e.snap(c.ID)); diff != "" {
				t.Errorf("a refused command changed the store (-before +after):\n%s", diff)
			}
		})
	}
}
