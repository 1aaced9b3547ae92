package followup_test

import (
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/followup"
	"github.com/google/go-cmp/cmp"
)

// XC06: every command refused — unknown case, stale version, forbidden
// actor, forged organ, wrong state (XC09), bad input — returns the typed
// error naming the rule and the field, and leaves the case, its history and
// the outbox exactly as they were.
func TestFollowUp_XC06_RefusedCommandsChangeNothing(t *testing.T) {
	e := newEnv(t)
	opened := e.must(e.svc.Open(ctx, office, discipline("D-open", followup.PartyWarning, t0.AddDate(0, -1, 0))))
	following := e.planned("D-follow", followup.PartyWarning, t0.AddDate(0, -1, 0))
	following = e.must(e.svc.Visit(ctx, office, visitInput(following, followup.Good)))
	lifted := e.lifted("D-lifted")
	e.clock.Set(t0)
	stale := func(c *followup.Case) followup.Ref { return followup.Ref{CaseID: c.ID, Version: c.Version - 1} }
	unknown := followup.Ref{CaseID: "discipline/none/p", Version: 1}
	forged := office
	forged.Organ.Level = dandang.City
	stranger := actor("x", songyang, dandang.TrialOffice)

	type call func() (*followup.Case, error)
	tests := []struct {
		name        string
		cs          *followup.Case
		code        dandang.Code
		rule, field string
		call        call
	}{
		{"plan unknown case", opened, dandang.NotFound, "", "", func() (*followup.Case, error) {
			in := planInput(opened)
			in.Ref = unknown
			return e.svc.Plan(ctx, office, in)
		}},
		{"plan stale", opened, dandang.Conflict, "", "Version", func() (*followup.Case, error) {
			in := planInput(opened)
			in.Ref = stale(following)
			return e.svc.Plan(ctx, office, in)
		}},
		{"plan forged organ", opened, dandang.Forbidden, "XC07", "Actor.Organ", func() (*followup.Case, error) {
			return e.svc.Plan(ctx, forged, planInput(opened))
		}},
		{"plan forbidden role", opened, dandang.Forbidden, "XC02", "Actor.Roles", func() (*followup.Case, error) {
			return e.svc.Plan(ctx, stranger, planInput(opened))
		}},
		{"plan approach unfit", opened, dandang.Invalid, "FU03", "Approach", func() (*followup.Case, error) {
			in := planInput(opened)
			in.Approach = followup.ExplainPolicy
			return e.svc.Plan(ctx, office, in)
		}},
		{"plan wrong state", following, dandang.Transition, "XC09", "", func() (*followup.Case, error) {
			return e.svc.Plan(ctx, office, planInput(following))
		}},
		{"revise in opened", opened, dandang.Transition, "XC09", "", func() (*followup.Case, error) {
			return e.svc.RevisePlan(ctx, office, planInput(opened))
		}},
		{"visit one visitor", following, dandang.Invalid, "FU08", "Visitors", func() (*followup.Case, error) {
			in := visitInput(following, followup.Good)
			in.Visitors = in.Visitors[:1]
			return e.svc.Visit(ctx, office, in)
		}},
		{"visit repeated visitor", following, dandang.Invalid, "FU08", "Visitors[1]", func() (*followup.Case, error) {
			in := visitInput(following, followup.Good)
			in.Visitors = []string{"甲", "甲"}
			return e.svc.Visit(ctx, office, in)
		}},
		{"visit by another organ", following, dandang.Forbidden, "FU08", "Actor.Organ", func() (*followup.Case, error) {
			return e.svc.Visit(ctx, cityOff, visitInput(following, followup.Good))
		}},
		{"visit outside reach", following, dandang.NotFound, "XC07", "CaseID", func() (*followup.Case, error) {
			return e.svc.Visit(ctx, jyOffce, visitInput(following, followup.Good))
		}},
		{"visit rating off scale", following, dandang.Invalid, "FU08", "Rating", func() (*followup.Case, error) {
			return e.svc.Visit(ctx, office, visitInput(following, "excellent"))
		}},
		{"visit unknown form", following, dandang.Invalid, "FU05", "Form", func() (*followup.Case, error) {
			in := visitInput(following, followup.Good)
			in.Form = "letter"
			return e.svc.Visit(ctx, office, in)
		}},
		{"visit in the future", following, dandang.Invalid, "XC06", "On", func() (*followup.Case, error) {
			in := visitInput(following, followup.Good)
			in.On = t0.AddDate(0, 0, 2)
			return e.svc.Visit(ctx, office, in)
		}},
		{"visit stale", following, dandang.Conflict, "", "Version", func() (*followup.Case, error) {
			in := visitInput(following, followup.Good)
			in.Ref = stale(following)
			return e.svc.Visit(ctx, office, in)
		}},
		{"visit unknown case", following, dandang.NotFound, "", "", func() (*followup.Case, error) {
			in := visitInput(following, followup.Good)
			in.Ref = unknown
			return e.svc.Visit(ctx, office, in)
		}},
		{"visit in opened", opened, dandang.Transition, "XC09", "", func() (*followup.Case, error) {
			return e.svc.Visit(ctx, office, visitInput(opened, followup.Good))
		}},
		{"lift before the end", following, dandang.Invalid, "FU07", "Period", func() (*followup.Case, error) {
			return e.svc.Lift(ctx, office, followup.LiftInput{Ref: ref(following)})
		}},
		{"lift twice", lifted, dandang.Transition, "XC09", "", func() (*followup.Case, error) {
			return e.svc.Lift(ctx, office, followup.LiftInput{Ref: ref(lifted)})
		}},
		{"lift forbidden", following, dandang.Forbidden, "XC02", "Actor.Roles", func() (*followup.Case, error) {
			return e.svc.Lift(ctx, stranger, followup.LiftInput{Ref: ref(following)})
		}},
		{"report no summary", following, dandang.Invalid, "FU06", "Summary", func() (*followup.Case, error) {
			return e.svc.Report(ctx, office, followup.ReportInput{Ref: ref(following)})
		}},
		{"report in opened", opened, dandang.Transition, "XC09", "", func() (*followup.Case, error) {
			return e.svc.Report(ctx, office, followup.ReportInput{Ref: ref(opened), Summary: "x"})
		}},
		{"recommend before the period ends", following, dandang.Invalid, "FU06", "Period", func() (*followup.Case, error) {
			return e.svc.Recommend(ctx, leader, followup.RecommendInput{Ref: ref(following), Reason: "表现优秀"})
		}},
		{"recommend after an average rating", lifted, dandang.Invalid, "FU06", "Rating", func() (*followup.Case, error) {
			return e.svc.Recommend(ctx, leader, followup.RecommendInput{Ref: ref(lifted), Reason: "表现优秀"})
		}},
		{"recommend by staff", lifted, dandang.Forbidden, "XC02", "Actor.Roles", func() (*followup.Case, error) {
			return e.svc.Recommend(ctx, office, followup.RecommendInput{Ref: ref(lifted), Reason: "表现优秀"})
		}},
		{"recommend no reason", lifted, dandang.Invalid, "FU06", "Reason", func() (*followup.Case, error) {
			return e.svc.Recommend(ctx, leader, followup.RecommendInput{Ref: ref(lifted)})
		}},
		{"promote not recommended", lifted, dandang.Transition, "XC09", "", func() (*followup.Case, error) {
			return e.svc.Promote(ctx, orgDept, followup.PromoteInput{Ref: ref(lifted), Post: "主任"})
		}},
		{"close in force", following, dandang.Invalid, "FU07", "Period", func() (*followup.Case, error) {
			return e.svc.Close(ctx, leader, followup.CloseInput{Ref: ref(following)})
		}},
		{"close no end visit", lifted, dandang.Invalid, "FU08", "Visits", func() (*followup.Case, error) {
			return e.svc.Close(ctx, leader, followup.CloseInput{Ref: ref(lifted)})
		}},
		{"close opened", opened, dandang.Transition, "XC09", "", func() (*followup.Case, error) {
			return e.svc.Close(ctx, leader, followup.CloseInput{Ref: ref(opened)})
		}},
		{"stop no reason", opened, dandang.Invalid, "FU01", "Reason", func() (*followup.Case, error) {
			return e.svc.Stop(ctx, leader, followup.StopInput{Ref: ref(opened)})
		}},
		{"stop stale", opened, dandang.Conflict, "", "Version", func() (*followup.Case, error) {
			return e.svc.Stop(ctx, leader, followup.StopInput{Ref: followup.Ref{CaseID: opened.ID, Version: 9}, Reason: "x"})
		}},
		{"open second for the decision", opened, dandang.Conflict, "FU01", "", func() (*followup.Case, error) {
			return e.svc.Open(ctx, office, discipline("D-open", followup.PartyWarning, t0.AddDate(0, -1, 0)))
		}},
		{"open unknown sanction", opened, dandang.Invalid, "FU07", "Decision.Sanction", func() (*followup.Case, error) {
			return e.svc.Open(ctx, office, discipline("D-open", "caning", t0))
		}},
		{"open not in effect", opened, dandang.Invalid, "FU07", "Decision.EffectiveAt", func() (*followup.Case, error) {
			return e.svc.Open(ctx, office, discipline("D-open", followup.PartyWarning, t0.AddDate(0, 1, 0)))
		}},
		{"open imposer not in directory", opened, dandang.Forbidden, "XC07", "ImposedBy", func() (*followup.Case, error) {
			in := discipline("D-open", followup.PartyWarning, t0)
			in.ImposedBy = "nowhere"
			return e.svc.Open(ctx, office, in)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := e.snap(tt.cs.ID)
			got, err := tt.call()
			if got != nil {
				t.Errorf("a refused command returned a case")
			}
			wantErr(t, err, tt.code, tt.rule, tt.field)
			if diff := cmp.Diff(before, e.snap(tt.cs.ID)); diff != "" {
				t.Errorf("a refused command changed the store (-before +after):\n%s", diff)
			}
		})
	}
}
