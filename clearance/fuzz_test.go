package clearance_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/kit"
	"github.com/google/go-cmp/cmp"
)

// FuzzCommands drives the service on memdb with sequences of commands, by
// any actor, with any text: an accepted command leaves the case valid and
// its history verifying; a refused one changes nothing; no input yields an
// Internal error.
func FuzzCommands(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, "同意")
	f.Add([]byte{1, 3, 4, 4, 5, 9, 9, 9, 12, 13}, "")
	f.Add([]byte{7, 8, 2, 14, 15}, "\xff\x00")
	actors := []dandang.Actor{tPetition, tLeader, cPetition, cSuper, cCaseMgmt, oPetition, admin}
	f.Fuzz(func(t *testing.T, ops []byte, text string) {
		e := newEnv(t)
		c, err := e.svc.Open(ctx, tPetition, newCase("r1", secretary, true))
		if err != nil {
			t.Fatal(err)
		}
		for i, op := range ops {
			if i > 40 {
				break
			}
			a := actors[int(op>>4)%len(actors)]
			r := ref(c)
			var call func() (*clearance.Case, error)
			switch op % 16 {
			case 0:
				call = func() (*clearance.Case, error) {
					return e.svc.Plan(ctx, a, clearance.PlanInput{Ref: r, Forms: []clearance.Form{clearance.Written, clearance.FaceToFace}, Effects: []clearance.Effect{clearance.OnRights}, Note: text})
				}
			case 1:
				call = func() (*clearance.Case, error) { return e.svc.Propose(ctx, a, clearance.ProposeInput{Ref: r}) }
			case 2:
				call = func() (*clearance.Case, error) {
					return e.svc.Approve(ctx, a, clearance.DecisionInput{Ref: r, Comment: text})
				}
			case 3:
				call = func() (*clearance.Case, error) {
					return e.svc.Reject(ctx, a, clearance.DecisionInput{Ref: r, Comment: text})
				}
			case 4:
				call = func() (*clearance.Case, error) {
					return e.svc.CarryOut(ctx, a, clearance.CarryOutInput{Ref: r, Form: clearance.FaceToFace, Note: text})
				}
			case 5:
				call = func() (*clearance.Case, error) {
					return e.svc.ServeNotice(ctx, a, clearance.NoticeInput{Ref: r, CopyTo: text})
				}
			case 6:
				call = func() (*clearance.Case, error) {
					return e.svc.GiveFeedback(ctx, a, clearance.FeedbackInput{Ref: r, Accepted: true, Note: text})
				}
			case 7, 8, 9:
				f := []clearance.Filing{clearance.IntegrityFile, clearance.PersonnelFile, clearance.Platform}[op%16-7]
				call = func() (*clearance.Case, error) {
					return e.svc.File(ctx, a, clearance.FileInput{Ref: r, Filing: f, Note: text})
				}
			case 10:
				call = func() (*clearance.Case, error) { return e.svc.Close(ctx, a, clearance.CloseInput{Ref: r}) }
			case 11:
				call = func() (*clearance.Case, error) {
					return e.svc.Decline(ctx, a, clearance.DeclineInput{Ref: r, Reason: text})
				}
			case 12:
				call = func() (*clearance.Case, error) {
					return e.svc.DecideDecline(ctx, a, clearance.DeclineDecisionInput{Ref: r, Approve: len(text)%2 == 0, Comment: text})
				}
			case 13:
				call = func() (*clearance.Case, error) {
					return e.svc.Supervise(ctx, a, clearance.SuperviseInput{Ref: r, Kind: clearance.SupervisionKind(text), Target: text})
				}
			case 14:
				call = func() (*clearance.Case, error) {
					return e.svc.Consult(ctx, a, clearance.ConsultInput{Ref: r, Agreed: true, Forms: []clearance.Form{clearance.Form(text)}, Opinion: text})
				}
			default:
				call = func() (*clearance.Case, error) {
					return e.svc.Grade(ctx, a, clearance.GradeInput{Ref: r, Grade: clearance.Grade(text), Note: text})
				}
			}
			before := e.snap(c.ID)
			next, err := call()
			if code := dandang.ErrorCode(err); code == dandang.Internal {
				t.Fatalf("op %d: Internal: %v", op, err)
			}
			if err != nil {
				if diff := cmp.Diff(before, e.snap(c.ID), cmp.AllowUnexported(snapshot{})); diff != "" {
					t.Fatalf("op %d refused (%v) but changed the store:\n%s", op, err, diff)
				}
				continue
			}
			if err := next.Validate(); err != nil {
				t.Fatalf("op %d left an invalid case: %v", op, err)
			}
			if err := e.svc.Verify(ctx, admin, next.ID); err != nil {
				t.Fatalf("op %d left a history that does not verify: %v", op, err)
			}
			c = next
		}
	})
}

// FuzzCaseJSON: what a store reads back decodes strictly or not at all, and
// a case that decodes and validates encodes back to the same case.
func FuzzCaseJSON(f *testing.F) {
	e := newEnv(f)
	c := e.closed("r1", true)
	good, _ := json.Marshal(c)
	f.Add(good)
	f.Add([]byte(`{"ID":"x","State":"nowhere"}`))
	f.Add([]byte(`{"Forms":["telepathy"]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var c clearance.Case
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&c); err != nil || c.Validate() != nil {
			return
		}
		again, err := json.Marshal(&c)
		if err != nil {
			t.Fatalf("a valid case does not encode: %v", err)
		}
		var back clearance.Case
		if err := json.Unmarshal(again, &back); err != nil {
			t.Fatalf("a valid case does not decode again: %v", err)
		}
		if diff := cmp.Diff(&c, &back); diff != "" {
			t.Errorf("round trip (-first +second):\n%s", diff)
		}
	})
}

// FuzzPolicyJSON: a policy decoded from any JSON either validates, and a
// service starts under it, or is refused as Invalid; never a panic.
func FuzzPolicyJSON(f *testing.F) {
	good, _ := json.Marshal(clearance.DefaultPolicy())
	f.Add(good)
	f.Add([]byte(`{"Ref":{"id":"x","version":1},"Chain":[{"Name":"a","Above":3,"Roles":["principal_leader"]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var p clearance.Policy
		if json.Unmarshal(data, &p) != nil {
			return
		}
		err := p.Validate()
		if err != nil {
			if dandang.ErrorCode(err) != dandang.Invalid {
				t.Fatalf("Validate = %v, want invalid", err)
			}
			return
		}
		if _, err := clearance.NewService(clearance.Config{Store: memdb.NewStore(newEnv(t).db, clearance.Cases), Directory: directory, Policies: kit.NewPolicySet(p)}); err != nil {
			t.Fatalf("a valid policy refused by NewService: %v", err)
		}
	})
}
