package accusation_test

import (
	"time"

	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/google/go-cmp/cmp"
)

// XC06, XC07, XC09: every command refused — unknown case, stale version,
// forbidden actor, forged organ, wrong state, bad input — returns the typed
// error naming rule and field, and leaves the case, its history and the
// outbox as they were.
func TestAccusation_XC06_RefusedCommandsChangeNothing(t *testing.T) {
	e := newEnv(t)
	reg := e.received("r-reg")
	ver := e.verifying("r-ver")
	est := e.established("r-est")
	anonDone := e.must(e.svc.Receive(ctx, cPetition, report("r-anon", false), conf(false)))
	anonDone = e.must(e.svc.Dispose(ctx, cPetition, accusation.DisposeInput{Ref: ref(anonDone), Disposal: accusation.Preliminary}))
	for _, a := range []string{"a1", "a2"} {
		anonDone = e.must(e.svc.RecordFinding(ctx, cPetition, accusation.FindingInput{Ref: ref(anonDone), Allegation: a, Finding: dandang.Unfounded}))
	}
	anonDone = e.must(e.svc.Conclude(ctx, cPetition, accusation.NoteInput{Ref: ref(anonDone)}))
	stale := func(c *accusation.Case) accusation.Ref { return accusation.Ref{CaseID: c.ID, Version: c.Version - 1} }
	unknown := accusation.Ref{CaseID: "nope", Version: 1}
	forged := cPetition
	forged.Organ.Level = dandang.Province
	township := actor("t-x", dandang.Organ{ID: "yuanjue"}, dandang.PetitionOffice)
	sanctionIn := func(r accusation.Ref, s accusation.Sanction) accusation.SanctionInput {
		return accusation.SanctionInput{Ref: r, AccuserID: "pm-liu", AccuserName: reporterName, ManagedAt: dandang.Township,
			Region: "330305002", Category: accusation.PartyMember, Severity: accusation.Ordinary, Sanction: s}
	}
	type call func() (*accusation.Case, error)
	tests := []struct {
		name        string
		cs          *accusation.Case
		code        dandang.Code
		rule, field string
		call        call
	}{
		{"dispose unknown", reg, dandang.NotFound, "", "", func() (*accusation.Case, error) {
			return e.svc.Dispose(ctx, cPetition, accusation.DisposeInput{Ref: unknown, Disposal: accusation.Preliminary})
		}},
		{"dispose stale", reg, dandang.Conflict, "", "Version", func() (*accusation.Case, error) {
			return e.svc.Dispose(ctx, cPetition, accusation.DisposeInput{Ref: stale(ver), Disposal: accusation.Preliminary})
		}},
		{"dispose forged organ", reg, dandang.Forbidden, "XC07", "Actor.Organ", func() (*accusation.Case, error) {
			return e.svc.Dispose(ctx, forged, accusation.DisposeInput{Ref: ref(reg), Disposal: accusation.Preliminary})
		}},
		{"dispose forbidden role", reg, dandang.Forbidden, "XC02", "Actor.Roles", func() (*accusation.Case, error) {
			return e.svc.Dispose(ctx, cLeader, accusation.DisposeInput{Ref: ref(reg), Disposal: accusation.Preliminary})
		}},
		{"dispose outside reach", reg, dandang.NotFound, "XC07", "CaseID", func() (*accusation.Case, error) {
			return e.svc.Dispose(ctx, township, accusation.DisposeInput{Ref: ref(reg), Disposal: accusation.Preliminary})
		}},
		{"dispose bad disposal", reg, dandang.Invalid, "AC15", "Disposal", func() (*accusation.Case, error) {
			return e.svc.Dispose(ctx, cPetition, accusation.DisposeInput{Ref: ref(reg), Disposal: "x"})
		}},
		{"find wrong state", reg, dandang.Transition, "XC09", "", func() (*accusation.Case, error) {
			return e.svc.RecordFinding(ctx, cPetition, accusation.FindingInput{Ref: ref(reg), Allegation: "a1", Finding: dandang.Unfounded})
		}},
		{"find unknown allegation", ver, dandang.Invalid, "AC02", "Allegation", func() (*accusation.Case, error) {
			return e.svc.RecordFinding(ctx, cPetition, accusation.FindingInput{Ref: ref(ver), Allegation: "zz", Finding: dandang.Unfounded})
		}},
		{"find bad finding", ver, dandang.Invalid, "AC02", "Finding", func() (*accusation.Case, error) {
			return e.svc.RecordFinding(ctx, cPetition, accusation.FindingInput{Ref: ref(ver), Allegation: "a1", Finding: "x"})
		}},
		{"conclude without findings", ver, dandang.Invalid, "AC02", "Allegations[0].Finding", func() (*accusation.Case, error) {
			return e.svc.Conclude(ctx, cPetition, accusation.NoteInput{Ref: ref(ver)})
		}},
		{"conclude wrong state", reg, dandang.Transition, "XC09", "", func() (*accusation.Case, error) {
			return e.svc.Conclude(ctx, cPetition, accusation.NoteInput{Ref: ref(reg)})
		}},
		{"feedback NUL", reg, dandang.Invalid, "XC06", "Note", func() (*accusation.Case, error) {
			return e.svc.GiveFeedback(ctx, cPetition, accusation.FeedbackInput{Ref: ref(reg), Kind: accusation.AcceptanceNotice, Note: "a\x00b"})
		}},
		{"feedback result before conclusion", reg, dandang.Transition, "XC09", "Kind", func() (*accusation.Case, error) {
			return e.svc.GiveFeedback(ctx, cPetition, accusation.FeedbackInput{Ref: ref(reg), Kind: accusation.ResultNotice, InPerson: true})
		}},
		{"investigation meeting before verification", reg, dandang.Transition, "XC09", "Kind", func() (*accusation.Case, error) {
			return e.svc.GiveFeedback(ctx, cPetition, accusation.FeedbackInput{Ref: ref(reg), Kind: accusation.InvestigationMet})
		}},
		{"feedback given twice", ver, dandang.Invalid, "AC03", "Kind", func() (*accusation.Case, error) {
			return e.svc.GiveFeedback(ctx, cPetition, accusation.FeedbackInput{Ref: ref(ver), Kind: accusation.AcceptanceNotice})
		}},
		{"objection on an anonymous report", anonDone, dandang.Invalid, "AC14", "Note", func() (*accusation.Case, error) {
			return e.svc.Object(ctx, cPetition, accusation.NoteInput{Ref: ref(anonDone), Note: "异议"})
		}},
		{"pass up wrong state", ver, dandang.Transition, "XC09", "", func() (*accusation.Case, error) {
			return e.svc.PassUp(ctx, cPetition, accusation.PassUpInput{Ref: ref(ver), To: "wenzhou"})
		}},
		{"classify wrong state", reg, dandang.Transition, "XC09", "", func() (*accusation.Case, error) {
			return e.svc.Classify(ctx, cPetition, accusation.ClassifyInput{Ref: ref(reg), Class: accusation.Mistaken})
		}},
		{"open inquiry wrong state", ver, dandang.Transition, "XC09", "", func() (*accusation.Case, error) {
			return e.svc.OpenInquiry(ctx, cPetition, accusation.NoteInput{Ref: ref(ver), Note: "x"})
		}},
		{"propose malice wrong state", ver, dandang.Transition, "XC09", "", func() (*accusation.Case, error) {
			return e.svc.ProposeMalice(ctx, cPetition, accusation.DetermineInput{Ref: ref(ver), Elements: elements})
		}},
		{"approve malice wrong state", est, dandang.Transition, "XC09", "", func() (*accusation.Case, error) {
			return e.svc.ApproveMalice(ctx, cityLead, accusation.NoteInput{Ref: ref(est)})
		}},
		{"sanction not offered", est, dandang.Invalid, "AC09", "Sanction", func() (*accusation.Case, error) {
			return e.svc.Sanction(ctx, cPetition, sanctionIn(ref(est), accusation.ExpulsionFromOffice))
		}},
		{"sanction stale", est, dandang.Conflict, "", "Version", func() (*accusation.Case, error) {
			return e.svc.Sanction(ctx, cPetition, sanctionIn(stale(est), accusation.PartyWarning))
		}},
		{"sanction wrong state", ver, dandang.Transition, "XC09", "", func() (*accusation.Case, error) {
			return e.svc.Sanction(ctx, cPetition, sanctionIn(ref(ver), accusation.PartyWarning))
		}},
		{"refer bad body", est, dandang.Invalid, "AC13", "Body", func() (*accusation.Case, error) {
			return e.svc.Refer(ctx, cPetition, accusation.ReferInput{Ref: ref(est), Body: "army", Receiver: "x"})
		}},
		{"educate no note", est, dandang.Invalid, "AC11", "Note", func() (*accusation.Case, error) {
			return e.svc.Educate(ctx, cPetition, accusation.EducateInput{Ref: ref(est)})
		}},
		{"close without result feedback", est, dandang.Invalid, "AC03", "Feedback", func() (*accusation.Case, error) {
			return e.svc.Close(ctx, cPetition, accusation.NoteInput{Ref: ref(est)})
		}},
		{"flag bad kind", reg, dandang.Invalid, "AC05", "Kind", func() (*accusation.Case, error) {
			return e.svc.Flag(ctx, cPetition, accusation.FlagInput{Ref: ref(reg), Kind: accusation.Identical, Note: "x"})
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := e.snap(tc.cs.ID)
			got, err := tc.call()
			wantErr(t, err, tc.code, tc.rule, tc.field)
			if got != nil {
				t.Errorf("refused command returned a case")
			}
			if diff := cmp.Diff(before, e.snap(tc.cs.ID), cmp.AllowUnexported(snapshot{})); diff != "" {
				t.Errorf("refused command changed (-before +after):\n%s", diff)
			}
		})
	}
}

// Bad intake: every refusal names its rule and field and registers nothing.
func TestAccusation_XC06_BadIntake(t *testing.T) {
	e := newEnv(t)
	mod := func(f func(*accusation.NewReport)) accusation.NewReport {
		in := report("r-bad", false)
		f(&in)
		return in
	}
	tests := []struct {
		name        string
		in          accusation.NewReport
		conf        accusation.Confidential
		rule, field string
	}{
		{"no id", mod(func(in *accusation.NewReport) { in.ID = "" }), conf(false), "XC06", "ID"},
		{"no subjects", mod(func(in *accusation.NewReport) { in.Subjects = nil }), conf(false), "AC02", "Subjects"},
		{"no allegations", mod(func(in *accusation.NewReport) { in.Allegations = nil }), conf(false), "AC02", "Allegations"},
		{"allegation against no subject", mod(func(in *accusation.NewReport) { in.Allegations[0].SubjectID = "x" }), conf(false), "AC02", "Allegations[0].SubjectID"},
		{"finding at intake", mod(func(in *accusation.NewReport) { in.Allegations[0].Finding = dandang.Unfounded }), conf(false), "AC02", "Allegations[0].Finding"},
		{"no receipt", mod(func(in *accusation.NewReport) { in.ReceivedAt = time.Time{} }), conf(false), "AC14", "ReceivedAt"},
		{"received in the future", mod(func(in *accusation.NewReport) { in.ReceivedAt = t0.AddDate(0, 0, 1) }), conf(false), "AC14", "ReceivedAt"},
		{"passed down without from", mod(func(in *accusation.NewReport) { in.Channel = accusation.PassedDown }), conf(false), "AC14", "From"},
		{"passed down by itself", mod(func(in *accusation.NewReport) { in.Channel, in.From = accusation.PassedDown, county.ID }), conf(false), "AC14", "From"},
		{"passed down from below", mod(func(in *accusation.NewReport) { in.Channel, in.From = accusation.PassedDown, township.ID }), conf(false), "AC14", "From"},
		{"passed down from no organ", mod(func(in *accusation.NewReport) { in.Channel, in.From = accusation.PassedDown, "nowhere" }), conf(false), "AC14", "From"},
		{"no text", report("r-bad", false), accusation.Confidential{}, "AC16", "Confidential.Text"},
		{"bad UTF-8 text", report("r-bad", false), accusation.Confidential{Text: "\xff"}, "XC06", "Confidential.Text"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.svc.Receive(ctx, cPetition, tc.in, tc.conf)
			wantErr(t, err, dandang.Invalid, tc.rule, tc.field)
			if _, err := e.svc.Get(ctx, admin, "r-bad"); dandang.ErrorCode(err) != dandang.NotFound {
				t.Errorf("a refused intake registered the report: %v", err)
			}
		})
	}
}
