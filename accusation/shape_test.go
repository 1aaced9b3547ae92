package accusation_test

import (
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/google/go-cmp/cmp"
)

// XC06: an input of the wrong shape is refused by the input's tags under
// the rule and the field the refusal has always named, before the case is
// read: nothing changes.
func TestAccusation_XC06_InputShape(t *testing.T) {
	e := newEnv(t)
	c := e.received("R-shape")
	r := ref(c)
	receive := func(edit func(*accusation.NewReport)) func() (*accusation.Case, error) {
		return func() (*accusation.Case, error) {
			in := report("R-new", true)
			edit(&in)
			return e.svc.Receive(ctx, cPetition, in, conf(true))
		}
	}
	sanction := accusation.SanctionInput{Ref: r, AccuserID: "acc-1", AccuserName: "某甲", ManagedAt: dandang.County, Region: "330305",
		Category: accusation.Category("x"), Severity: accusation.Severity("x")}
	organizer := accusation.OrganizerInput{Ref: r, PersonID: "p-1", Name: "某乙", Role: "bystander"}

	tests := []struct {
		name, rule, field string
		call              func() (*accusation.Case, error)
	}{
		{"XC06 control character in the register number", "XC06", "ID", receive(func(in *accusation.NewReport) { in.ID = "R\x7f" })},
		{"AC14 unknown channel", "AC14", "Channel", receive(func(in *accusation.NewReport) { in.Channel = "x" })},
		{"AC14 not received", "AC14", "ReceivedAt", receive(func(in *accusation.NewReport) { in.ReceivedAt = time.Time{} })},
		{"AC02 no subject", "AC02", "Subjects", receive(func(in *accusation.NewReport) { in.Subjects = nil })},
		{"AC02 no allegation", "AC02", "Allegations", receive(func(in *accusation.NewReport) { in.Allegations = nil })},
		{"XC06 NUL in a repeat link", "XC06", "RepeatOf", receive(func(in *accusation.NewReport) { in.RepeatOf = "\x00" })},
		{"AC05 a flag without a note", "AC05", "Note", func() (*accusation.Case, error) {
			return e.svc.Flag(ctx, cPetition, accusation.FlagInput{Ref: r, Kind: accusation.Pressure})
		}},
		{"XC06 invalid UTF-8 in a linked report", "XC06", "Reports[0]", func() (*accusation.Case, error) {
			return e.svc.Flag(ctx, cPetition, accusation.FlagInput{Ref: r, Kind: accusation.Pressure, Reports: []string{"\xff"}, Note: "x"})
		}},
		{"AC03 unknown feedback", "AC03", "Kind", func() (*accusation.Case, error) {
			return e.svc.GiveFeedback(ctx, cPetition, accusation.FeedbackInput{Ref: r, Kind: "x"})
		}},
		{"AC14 passed up to nobody", "AC14", "To", func() (*accusation.Case, error) {
			return e.svc.PassUp(ctx, cPetition, accusation.PassUpInput{Ref: r, To: " "})
		}},
		{"AC15 unknown disposal", "AC15", "Disposal", func() (*accusation.Case, error) {
			return e.svc.Dispose(ctx, cPetition, accusation.DisposeInput{Ref: r, Disposal: "x"})
		}},
		{"AC02 a finding on no allegation", "AC02", "Allegation", func() (*accusation.Case, error) {
			return e.svc.RecordFinding(ctx, cPetition, accusation.FindingInput{Ref: r, Finding: dandang.Unfounded})
		}},
		{"AC02 unknown finding", "AC02", "Finding", func() (*accusation.Case, error) {
			return e.svc.RecordFinding(ctx, cPetition, accusation.FindingInput{Ref: r, Allegation: "a1", Finding: "x"})
		}},
		{"XC06 NUL in a note", "XC06", "Note", func() (*accusation.Case, error) {
			return e.svc.Conclude(ctx, cPetition, accusation.NoteInput{Ref: r, Note: "\x00"})
		}},
		{"XC06 no accuser", "XC06", "AccuserID", func() (*accusation.Case, error) {
			in := sanction
			in.AccuserID = ""
			return e.svc.Sanction(ctx, cPetition, in)
		}},
		{"XC05 no accuser's name", "XC05", "AccuserName", func() (*accusation.Case, error) {
			in := sanction
			in.AccuserName = " "
			return e.svc.Sanction(ctx, cPetition, in)
		}},
		{"AC09 unknown category", "AC09", "Category", func() (*accusation.Case, error) {
			return e.svc.Sanction(ctx, cPetition, sanction)
		}},
		{"AC10 a ground without evidence", "AC10", "Grounds[0].Evidence", func() (*accusation.Case, error) {
			in := sanction
			in.Category, in.Severity = accusation.PartyMember, accusation.Ordinary
			in.Grounds = []accusation.Ground{{Aggravation: accusation.PersistedAfter}}
			return e.svc.Sanction(ctx, cPetition, in)
		}},
		{"AC13 unknown body", "AC13", "Body", func() (*accusation.Case, error) {
			return e.svc.Refer(ctx, cPetition, accusation.ReferInput{Ref: r, Body: "x", Receiver: "y"})
		}},
		{"AC13 no receiver", "AC13", "Receiver", func() (*accusation.Case, error) {
			return e.svc.Refer(ctx, cPetition, accusation.ReferInput{Ref: r, Body: accusation.Police})
		}},
		{"AC11 education without a note", "AC11", "Note", func() (*accusation.Case, error) {
			return e.svc.Educate(ctx, cPetition, accusation.EducateInput{Ref: r})
		}},
		{"AC11 neither organizer nor instigator", "AC11", "Role", func() (*accusation.Case, error) {
			return e.svc.LinkOrganizer(ctx, cPetition, organizer)
		}},
		{"XC05 an organizer without a name", "XC05", "Name", func() (*accusation.Case, error) {
			in := organizer
			in.Role, in.Name = "organizer", ""
			return e.svc.LinkOrganizer(ctx, cPetition, in)
		}},
		{"AC16 consent without its document", "AC16", "Reference", func() (*accusation.Case, error) {
			return e.svc.Consent(ctx, cPetition, accusation.ConsentInput{Ref: r, Scope: "x"})
		}},
		{"AC16 publicity without its publication", "AC16", "Reference", func() (*accusation.Case, error) {
			return e.svc.Publicize(ctx, cPetition, accusation.PublicityInput{Ref: r})
		}},
		{"AC04 unknown purpose to authorize", "AC04", "Purpose", func() (*accusation.Case, error) {
			return e.svc.AuthorizeRead(ctx, cLeader, accusation.GrantInput{Ref: r, Reader: "c-pet", Purpose: "x", Reference: "y"})
		}},
		{"AC04 no approval document", "AC04", "Reference", func() (*accusation.Case, error) {
			return e.svc.AuthorizeRead(ctx, cLeader, accusation.GrantInput{Ref: r, Reader: "c-pet", Purpose: accusation.ForFeedback})
		}},
		{"XC06 no reader", "XC06", "Reader", func() (*accusation.Case, error) {
			return e.svc.AuthorizeRead(ctx, cLeader, accusation.GrantInput{Ref: r, Purpose: accusation.ForFeedback, Reference: "y"})
		}},
		{"AC04 unknown purpose to read", "AC04", "Purpose", func() (*accusation.Case, error) {
			_, c, err := e.svc.ReadIdentity(ctx, cPetition, accusation.ReadInput{Ref: r, Purpose: "x"})
			return c, err
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
			if diff := cmp.Diff(before, e.snap(c.ID), cmp.AllowUnexported(snapshot{})); diff != "" {
				t.Errorf("a refused command changed the store (-before +after):\n%s", diff)
			}
		})
	}
}
