package accusation_test

import (
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/internal/checks"
	"github.com/google/go-cmp/cmp"
)

// XC07: a report outside the reader's reach reads exactly as one that does
// not exist, in every read and every command: the same code, rule, field
// and text byte for byte apart from the ID, on any version, so that report
// IDs cannot be guessed and confirmed nor the handling organ learned.
func TestAccusation_XC07_OutsideTheReachReadsAsMissing(t *testing.T) {
	e := newEnv(t)
	c := e.received("r-county") // the county's; the township below does not reach it
	const missing = "r-none"
	outside := actor("t-x", township, dandang.PetitionOffice, dandang.PrincipalLeader, dandang.CaseManagement)
	type call func(r accusation.Ref) error
	cmd := func(f func(accusation.Ref) (*accusation.Case, error)) call {
		return func(r accusation.Ref) error { _, err := f(r); return err }
	}
	note := func(f func(ctx2 accusation.NoteInput) (*accusation.Case, error)) call {
		return cmd(func(r accusation.Ref) (*accusation.Case, error) {
			return f(accusation.NoteInput{Ref: r, Note: "说明"})
		})
	}
	svc, a := e.svc, outside
	calls := map[string]call{
		"Get":     func(r accusation.Ref) error { _, err := svc.Get(ctx, a, r.CaseID); return err },
		"History": func(r accusation.Ref) error { _, err := svc.History(ctx, a, r.CaseID); return err },
		"Verify":  func(r accusation.Ref) error { return svc.Verify(ctx, a, r.CaseID) },
		"Identical": func(r accusation.Ref) error {
			_, err := svc.Identical(ctx, a, r.CaseID)
			return err
		},
		"Flag": cmd(func(r accusation.Ref) (*accusation.Case, error) {
			return svc.Flag(ctx, a, accusation.FlagInput{Ref: r, Kind: accusation.Pressure, Note: "施压"})
		}),
		"GiveFeedback": cmd(func(r accusation.Ref) (*accusation.Case, error) {
			return svc.GiveFeedback(ctx, a, accusation.FeedbackInput{Ref: r, Kind: accusation.AcceptanceNotice, InPerson: true})
		}),
		"PassUp": cmd(func(r accusation.Ref) (*accusation.Case, error) {
			return svc.PassUp(ctx, a, accusation.PassUpInput{Ref: r, To: city.ID})
		}),
		"Dispose": cmd(func(r accusation.Ref) (*accusation.Case, error) {
			return svc.Dispose(ctx, a, accusation.DisposeInput{Ref: r, Disposal: accusation.Preliminary})
		}),
		"RecordFinding": cmd(func(r accusation.Ref) (*accusation.Case, error) {
			return svc.RecordFinding(ctx, a, accusation.FindingInput{Ref: r, Allegation: "a1", Finding: dandang.Unfounded})
		}),
		"Conclude":    note(func(in accusation.NoteInput) (*accusation.Case, error) { return svc.Conclude(ctx, a, in) }),
		"Object":      note(func(in accusation.NoteInput) (*accusation.Case, error) { return svc.Object(ctx, a, in) }),
		"Answer":      note(func(in accusation.NoteInput) (*accusation.Case, error) { return svc.Answer(ctx, a, in) }),
		"Close":       note(func(in accusation.NoteInput) (*accusation.Case, error) { return svc.Close(ctx, a, in) }),
		"OpenInquiry": note(func(in accusation.NoteInput) (*accusation.Case, error) { return svc.OpenInquiry(ctx, a, in) }),
		"ApproveMalice": note(func(in accusation.NoteInput) (*accusation.Case, error) {
			return svc.ApproveMalice(ctx, a, in)
		}),
		"RejectMalice": note(func(in accusation.NoteInput) (*accusation.Case, error) { return svc.RejectMalice(ctx, a, in) }),
		"UndoGains":    note(func(in accusation.NoteInput) (*accusation.Case, error) { return svc.UndoGains(ctx, a, in) }),
		"Publish":      note(func(in accusation.NoteInput) (*accusation.Case, error) { return svc.Publish(ctx, a, in) }),
		"Classify": cmd(func(r accusation.Ref) (*accusation.Case, error) {
			return svc.Classify(ctx, a, accusation.ClassifyInput{Ref: r, Class: accusation.Mistaken, Note: "错告"})
		}),
		"ProposeMalice": cmd(func(r accusation.Ref) (*accusation.Case, error) {
			return svc.ProposeMalice(ctx, a, accusation.DetermineInput{Ref: r, Elements: elements})
		}),
		"Sanction": cmd(func(r accusation.Ref) (*accusation.Case, error) {
			return svc.Sanction(ctx, a, accusation.SanctionInput{Ref: r, AccuserID: "pm-liu", AccuserName: reporterName,
				ManagedAt: dandang.Township, Region: "330305002", Category: accusation.PartyMember, Severity: accusation.Ordinary,
				Sanction: accusation.PartyWarning})
		}),
		"Refer": cmd(func(r accusation.Ref) (*accusation.Case, error) {
			return svc.Refer(ctx, a, accusation.ReferInput{Ref: r, Body: accusation.Police, Receiver: "洞头区公安分局"})
		}),
		"Educate": cmd(func(r accusation.Ref) (*accusation.Case, error) {
			return svc.Educate(ctx, a, accusation.EducateInput{Ref: r, Note: "批评教育"})
		}),
		"LinkOrganizer": cmd(func(r accusation.Ref) (*accusation.Case, error) {
			return svc.LinkOrganizer(ctx, a, accusation.OrganizerInput{Ref: r, PersonID: "p-x", Name: "某人", Role: "organizer"})
		}),
		"Consent": cmd(func(r accusation.Ref) (*accusation.Case, error) {
			return svc.Consent(ctx, a, accusation.ConsentInput{Ref: r, Reference: "同意书1号", Scope: "以化名通报"})
		}),
		"Publicize": cmd(func(r accusation.Ref) (*accusation.Case, error) {
			return svc.Publicize(ctx, a, accusation.PublicityInput{Ref: r, Reference: "通报1号"})
		}),
		"AuthorizeRead": cmd(func(r accusation.Ref) (*accusation.Case, error) {
			return svc.AuthorizeRead(ctx, a, accusation.GrantInput{Ref: r, Reader: "c-pet", Purpose: accusation.ForFeedback, Reference: "审批1号"})
		}),
		"ReadIdentity": func(r accusation.Ref) error {
			_, _, err := svc.ReadIdentity(ctx, a, accusation.ReadInput{Ref: r, Purpose: accusation.ForFeedback})
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			before := e.snap(c.ID)
			for _, version := range []int{c.Version, c.Version + 3} {
				unseen := call(accusation.Ref{CaseID: c.ID, Version: version})
				none := call(accusation.Ref{CaseID: missing, Version: version})
				checks.SameAsMissing(t, unseen, c.ID, none, missing)
			}
			if diff := cmp.Diff(before, e.snap(c.ID), cmp.AllowUnexported(snapshot{})); diff != "" {
				t.Errorf("the store changed (-before +after):\n%s", diff)
			}
		})
	}
	// The lists give nothing either way.
	for name, list := range map[string]func(id string) ([]*accusation.Case, error){
		"Repeats": func(id string) ([]*accusation.Case, error) { return svc.Repeats(ctx, a, id) },
	} {
		unseen, err1 := list(c.ID)
		none, err2 := list(missing)
		if len(unseen) != 0 || len(none) != 0 || err1 != nil || err2 != nil {
			t.Errorf("%s: outside the reach %d cases, %v; missing %d cases, %v; want none alike", name, len(unseen), err1, len(none), err2)
		}
	}
}
