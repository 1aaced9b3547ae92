package clearance_test

import (
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/clearance"
	"github.com/google/go-cmp/cmp"
)

// XC06: an input of the wrong shape — a required field blank, an unknown
// enum, a list too short, text that is not text — is refused by the input's
// tags under the rule and the field the refusal has always named, before
// the case is read: nothing changes.
func TestClearance_XC06_InputShape(t *testing.T) {
	e := newEnv(t)
	c := e.opened("r-shape", true)
	r := ref(c)
	forms := func(f ...clearance.Form) []clearance.Form { return f }
	noAllegations := newCase("r-new", secretary, true)
	noAllegations.Allegations = nil
	noReport := newCase("", secretary, true)
	ctlReport := newCase("r\x01", secretary, true)
	notConcluded := newCase("r-nc", secretary, true)
	notConcluded.Report.ConcludedAt = time.Time{}

	tests := []struct {
		name, rule, field string
		call              func() (*clearance.Case, error)
	}{
		{"CL08 unknown grade", "CL08", "Grade", func() (*clearance.Case, error) {
			return e.svc.Grade(ctx, tPetition, clearance.GradeInput{Ref: r, Grade: "x"})
		}},
		{"CL05 no form", "CL05", "Forms", func() (*clearance.Case, error) {
			return e.svc.Plan(ctx, tPetition, clearance.PlanInput{Ref: r, Effects: []clearance.Effect{clearance.OnRights}})
		}},
		{"CL05 unknown form", "CL05", "Forms[1]", func() (*clearance.Case, error) {
			return e.svc.Plan(ctx, tPetition, clearance.PlanInput{Ref: r, Forms: forms(clearance.Written, "x")})
		}},
		{"CL17 unknown effect", "CL17", "Effects[0]", func() (*clearance.Case, error) {
			return e.svc.Plan(ctx, tPetition, clearance.PlanInput{Ref: r, Forms: forms(clearance.Written), Effects: []clearance.Effect{"x"}})
		}},
		{"XC06 NUL in a note", "XC06", "Note", func() (*clearance.Case, error) {
			return e.svc.Plan(ctx, tPetition, clearance.PlanInput{Ref: r, Forms: forms(clearance.Written), Note: "a\x00"})
		}},
		{"CL06 blank opinion", "CL06", "Opinion", func() (*clearance.Case, error) {
			return e.svc.Consult(ctx, tPetition, clearance.ConsultInput{Ref: r, Agreed: true, Opinion: " "})
		}},
		{"CL06 unknown form consented", "CL06", "Forms[0]", func() (*clearance.Case, error) {
			return e.svc.Consult(ctx, tPetition, clearance.ConsultInput{Ref: r, Forms: forms("x"), Opinion: "同意"})
		}},
		{"XC06 invalid UTF-8 in an opinion", "XC06", "Opinion", func() (*clearance.Case, error) {
			return e.svc.Consult(ctx, tPetition, clearance.ConsultInput{Ref: r, Opinion: "\xff"})
		}},
		{"CL05 unknown form carried out", "CL05", "Form", func() (*clearance.Case, error) {
			return e.svc.CarryOut(ctx, tPetition, clearance.CarryOutInput{Ref: r, Form: "x"})
		}},
		{"CL12 unknown filing", "CL12", "Filing", func() (*clearance.Case, error) {
			return e.svc.File(ctx, tPetition, clearance.FileInput{Ref: r, Filing: "x"})
		}},
		{"CL10 unknown supervision", "CL10", "Kind", func() (*clearance.Case, error) {
			return e.svc.Supervise(ctx, cSuper, clearance.SuperviseInput{Ref: r, Kind: "x"})
		}},
		{"CL09 score over 100", "CL09", "Precision", func() (*clearance.Case, error) {
			return e.svc.Review(ctx, cSuper, clearance.ReviewInput{Ref: r, Precision: 101})
		}},
		{"CL09 score under 0", "CL09", "Regularity", func() (*clearance.Case, error) {
			return e.svc.Review(ctx, cSuper, clearance.ReviewInput{Ref: r, Regularity: -1})
		}},
		{"CL09 unknown office", "CL09", "Office", func() (*clearance.Case, error) {
			return e.svc.Review(ctx, cSuper, clearance.ReviewInput{Ref: r, Office: "x"})
		}},
		{"XC05 no consent to be named", "XC05", "Consent", func() (*clearance.Case, error) {
			return e.svc.NameInPublic(ctx, tPetition, clearance.NameInput{Ref: r})
		}},
		{"CL02 no reason to decline", "CL02", "Reason", func() (*clearance.Case, error) {
			return e.svc.Decline(ctx, tPetition, clearance.DeclineInput{Ref: r})
		}},
		{"CL21 withdrawal without the subject's words", "CL21", "Opinion", func() (*clearance.Case, error) {
			return e.svc.WithdrawConsent(ctx, tPetition, clearance.WithdrawInput{Ref: r})
		}},
		{"CL21 refusal without the subject's words", "CL21", "Opinion", func() (*clearance.Case, error) {
			return e.svc.RefusePublic(ctx, tPetition, clearance.WithdrawInput{Ref: r, Opinion: "\t"})
		}},
		{"CL22 handover without a reason", "CL22", "Reason", func() (*clearance.Case, error) {
			return e.svc.HandOver(ctx, tPetition, clearance.HandoverInput{Ref: r})
		}},
		{"CL23 correction without a reason", "CL23", "Reason", func() (*clearance.Case, error) {
			return e.svc.CorrectNotice(ctx, tPetition, clearance.CorrectNoticeInput{Ref: r})
		}},
		{"XC06 NUL in a summary", "XC06", "Summaries[1]", func() (*clearance.Case, error) {
			return e.svc.CorrectNotice(ctx, tPetition, clearance.CorrectNoticeInput{Ref: r, Reason: "有误", Summaries: []string{"a", "\x00"}})
		}},
		{"CL19 unknown ground", "CL19", "Ground", func() (*clearance.Case, error) {
			return e.svc.Reconsider(ctx, tPetition, clearance.ReconsiderInput{Ref: r, Ground: "x", Text: "申请"})
		}},
		{"CL19 no text", "CL19", "Text", func() (*clearance.Case, error) {
			return e.svc.Reconsider(ctx, tPetition, clearance.ReconsiderInput{Ref: r, Ground: clearance.OnApplication})
		}},
		{"CL20 no report behind the finding", "CL20", "Finding.ReportID", func() (*clearance.Case, error) {
			return e.svc.Revoke(ctx, tPetition, clearance.RevokeInput{Ref: r, Finding: clearance.NewFinding{AllegationID: "a", Summary: "x", Finding: dandang.Substantiated}})
		}},
		{"CL20 no summary of the finding", "CL20", "Finding.Summary", func() (*clearance.Case, error) {
			return e.svc.Revoke(ctx, tPetition, clearance.RevokeInput{Ref: r, Finding: clearance.NewFinding{ReportID: "r2", AllegationID: "a", Finding: dandang.Substantiated}})
		}},
		{"CL01 no report", "CL01", "Report.ID", func() (*clearance.Case, error) {
			return e.svc.Open(ctx, tPetition, noReport)
		}},
		{"XC06 control character in the report's ID", "XC06", "Report.ID", func() (*clearance.Case, error) {
			return e.svc.Open(ctx, tPetition, ctlReport)
		}},
		{"CL01 report not concluded", "CL01", "Report.ConcludedAt", func() (*clearance.Case, error) {
			return e.svc.Open(ctx, tPetition, notConcluded)
		}},
		{"CL04 nothing to clear", "CL04", "Allegations", func() (*clearance.Case, error) {
			return e.svc.Open(ctx, tPetition, noAllegations)
		}},
		{"CL23 a joint act of one case", "CL23", "Refs", func() (*clearance.Case, error) {
			_, err := e.svc.CarryOutJointly(ctx, tPetition, clearance.JointCarryOutInput{Refs: []clearance.Ref{r}, Form: clearance.Meeting, Venue: "会"})
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
