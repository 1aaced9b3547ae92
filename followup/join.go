package followup

import (
	"context"
	"fmt"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
)

// joinInput is a further decision about the person joining the person's
// open file (FU04), as the join step records it.
type joinInput struct {
	Ref
	Decision Decision `json:"decision"`
}

func (in joinInput) ref() Ref { return in.Ref }

var join = command[joinInput]{
	Name: "join",
	// A decision with a period still in force brings a file whose sanction
	// had lifted back to following.
	Moves: []Move{
		{Event: "join", From: []State{Opened, Following, Lifted, Recommended}},
		{Event: "join_in_force", From: []State{Lifted, Recommended}, To: Following},
	},
	Ref: refOf[joinInput],
	Choose: func(r *run, in joinInput) string {
		if r.Case.State == Lifted || r.Case.State == Recommended {
			if p, ok := r.Policy.Period(in.Decision.Sanction, dandang.DayOf(in.Decision.EffectiveAt)); ok && p.Lifts > r.Today {
				return "join_in_force"
			}
		}
		return "join"
	},
	Authorize: staff[joinInput](func(p Policy) []dandang.Role { return p.OpenRoles }),
	Guard: func(r *run, in joinInput) error {
		d := in.Decision
		switch {
		case r.Case.holds(d.ID):
			return &dandang.Error{Code: dandang.Conflict, Op: r.Op, Rule: "FU01", Field: "Decision.ID",
				Message: fmt.Sprintf("decision %s is followed up in %s already", d.ID, r.Case.ID)}
		case d.EffectiveAt.After(r.Now):
			return r.Invalid("FU07", "Decision.EffectiveAt", "the decision has not taken effect yet")
		}
		if d.Sanction != "" {
			if _, ok := r.Policy.Period(d.Sanction, dandang.DayOf(d.EffectiveAt)); !ok {
				return r.Invalid("FU07", "Decision.Sanction", fmt.Sprintf("the policy has no period for %s", d.Sanction))
			}
		}
		return nil
	},
	Apply: func(r *run, in joinInput) error {
		c := r.Case
		j := JoinedDecision{Step: r.Step(""), Decision: in.Decision}
		if d := in.Decision; d.Sanction != "" {
			p, _ := r.Policy.Period(d.Sanction, dandang.DayOf(d.EffectiveAt))
			j.Period = &p
			r.Apply("FU07")
		}
		c.Joined = append(c.Joined, j)
		r.Reason = "一人一策：同一人员的处分决定并入其回访档案"
		r.Apply("FU01", "FU04")
		schedule(r)
		return nil
	},
}

// fileOf returns the open discipline follow-up of the person held for
// imposer, the person's file (一人一档, FU04), or nil.
func (s *Service) fileOf(ctx context.Context, op, subjectID, imposer string) (*Case, error) {
	cs, err := s.engine.Store().Find(ctx, kit.Filter{SubjectID: subjectID})
	if err != nil {
		return nil, kit.StoreError(op, err)
	}
	var file *Case
	for _, c := range cs {
		if c.Ended() || c.Source != FromDiscipline || c.ImposedBy.ID != imposer {
			continue
		}
		if file == nil || c.OpenedAt.Before(file.OpenedAt) {
			file = c
		}
	}
	return file, nil
}

// joinFile adds a further decision about a person to the person's open
// file (FU04), on the file as it stands: it is tried again when another
// command saved the file in between.
func (s *Service) joinFile(ctx context.Context, op string, actor dandang.Actor, file *Case, d Decision) (*Case, error) {
	if d.Form == "" {
		d.Form = d.Sanction.Form()
	}
	var err error
	for range 3 {
		var c *Case
		c, err = kit.Exec(ctx, s.engine, op, &join, actor, joinInput{Ref: file.Ref(), Decision: d})
		if err == nil || dandang.ErrorField(err) != "Version" {
			return c, err
		}
		if file, err = s.engine.Store().Get(ctx, file.ID); err != nil {
			return nil, kit.StoreError(op, err)
		}
	}
	return nil, err
}
