package clearance

import (
	"context"
	"fmt"
	"strings"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
)

// Post is where a subject serves: the post, the unit, and the management
// authority over it.
type Post struct {
	Position  string        `json:"position" validate:"text"`
	Unit      string        `json:"unit" validate:"text"`
	UnitHead  string        `json:"unitHead" validate:"text"` // the head of the unit, who receives copies (CL12)
	ManagedAt dandang.Level `json:"managedAt"`                // the level of the organ holding management authority
	Region    string        `json:"region" validate:"text"`   // the division code of the post
}

// postOf returns s's post.
func postOf(s dandang.Subject) Post {
	return Post{Position: s.Position, Unit: s.Unit, UnitHead: s.UnitHead, ManagedAt: s.ManagedAt, Region: s.Region}
}

// at returns s moved to p.
func (p Post) at(s dandang.Subject) dandang.Subject {
	s.Position, s.Unit, s.UnitHead, s.ManagedAt, s.Region = p.Position, p.Unit, p.UnitHead, p.ManagedAt, p.Region
	return s
}

// MaxHandovers is how many handovers a case keeps, the latest ones (CL22):
// each, reason and all, is a step of the case's history, which keeps every
// one, so that a case handed over again and again keeps at most
// MaxHandovers handovers, each with a reason of at most the input limit.
const MaxHandovers = 10

// Handover is a case handed over to the organ that holds management
// authority over the subject's new post (CL22). A case keeps the last
// [MaxHandovers] of them.
type Handover struct {
	Step
	From   dandang.Organ `json:"from"`
	To     dandang.Organ `json:"to"`
	Before Post          `json:"before"`
	After  Post          `json:"after"`
}

// HandoverInput hands a case over (CL22).
type HandoverInput struct {
	Ref
	Post Post `json:"post"` // the subject's new post
	// To is the ID of the organ the case goes to; empty: the one organ the
	// directory says holds management authority over the new post.
	To     string `json:"to" validate:"text"`
	Reason string `json:"reason" validate:"nonblank,text" rule:"CL22"` // such as the appointment; required
}

func (in HandoverInput) ref() Ref { return in.Ref }

// receiver returns the organ that takes the case over: the one named, or
// the one the directory names, holding authority over the new post (CL22).
func receiver(r *run, in HandoverInput) (dandang.Organ, error) {
	moved := in.Post.at(r.Case.Subject)
	if err := moved.Validate(r.Op, "Post"); err != nil {
		return dandang.Organ{}, r.Invalid("CL22", dandang.ErrorField(err), err.Error())
	}
	dir := r.Directory()
	if manages(dir, r.Case.Organ.ID, moved) {
		return dandang.Organ{}, r.Invalid("CL22", "Post", fmt.Sprintf("%s still holds management authority over the new post: nothing to hand over", r.Case.Organ.ID))
	}
	if strings.TrimSpace(in.To) == "" {
		m, ok := dir.Manager(moved)
		if !ok {
			return dandang.Organ{}, r.Invalid("CL22", "To", fmt.Sprintf("the directory has no organ holding management authority over the new post (managed at %s level in %s)", moved.ManagedAt, moved.Region))
		}
		return m, nil
	}
	o, ok := dir.Organ(in.To)
	if !ok {
		return dandang.Organ{}, r.Invalid("CL22", "To", fmt.Sprintf("organ %s is not in the directory", in.To))
	}
	if !manages(dir, o.ID, moved) {
		return dandang.Organ{}, r.Invalid("CL22", "To", fmt.Sprintf("%s does not hold management authority over the new post (managed at %s level in %s)", o.ID, moved.ManagedAt, moved.Region))
	}
	return o, nil
}

// manages reports whether the organ with id is the one the directory names
// as holding management authority over s (CL15, CL22): a clearance is done
// by the organ that verified the report, which is that organ, not one
// above it.
func manages(dir *dandang.Directory, id string, s dandang.Subject) bool {
	m, ok := dir.Manager(s)
	return ok && m.ID == id
}

var handOver = func() command[HandoverInput] {
	cmd := handling[HandoverInput]("hand_over", Opened, Approved, DeclinePending)
	cmd.Guard = func(r *run, in HandoverInput) error {
		_, err := receiver(r, in)
		return err
	}
	cmd.Apply = func(r *run, in HandoverInput) error {
		to, err := receiver(r, in)
		if err != nil {
			return err
		}
		c := r.Case
		c.Handovers = kit.KeepLast(append(c.Handovers, Handover{Step: r.Step(in.Reason), From: c.Organ, To: to, Before: postOf(c.Subject), After: in.Post}), MaxHandovers)
		c.Subject = in.Post.at(c.Subject)
		c.Organ = to
		r.Reason = in.Reason
		// The deadline runs on: the receiving organ inherits it (CL22, CL11).
		r.Apply("CL22", "CL15", "CL11")
		return nil
	}
	return cmd
}()

// HandOver hands the case over, with a recorded handover, to the organ that
// holds management authority over the subject's new post (CL22, CL15): the
// organ named in the input, or, when none is named, the one the directory
// says holds it. The deadline runs on unchanged; from then on the receiving
// organ's staff act on the case and the handing organ's do not. Allowed to
// the handling organ's ProposeRoles while the case is opened, approved or a
// decline is pending; a case in review is handed over once the chain has
// decided or sent it back.
//
// Errors: Invalid (CL22) without a reason, for a new post the handling
// organ still manages or that does not validate, or for an organ not in
// the directory or without management authority over the new post;
// Conflict; NotFound; Transition (XC09); Forbidden (XC07, CL15, XC02);
// Canceled.
func (s *Service) HandOver(ctx context.Context, actor dandang.Actor, in HandoverInput) (*Case, error) {
	return kit.Exec(ctx, s.engine, "clearance.HandOver", &handOver, actor, in)
}
