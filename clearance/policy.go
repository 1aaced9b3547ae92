package clearance

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
)

// ChainStep is one step of the approval chain (CL07).
type ChainStep struct {
	// Name names the step in history and texts: "review", "approve",
	// "self", "joint", "final".
	Name string `json:"name" validate:"required"`
	// Above is how many levels above the handling organ the signing organ
	// sits: 0 is the handling organ itself, 1 the organ above it (a county
	// organ for a township case).
	Above int `json:"above" validate:"min=0,max=3"`
	// Roles that may sign. With Joint, every one of them must sign before
	// the step is done (a three-office joint review, CL08); otherwise any one.
	Roles []dandang.Role `json:"roles" validate:"min=1"`
	Joint bool           `json:"joint"`
	// Below, when set, limits the step to cases handled by organs below this
	// level: Zhejiang sends township proposals up to the county (Below:
	// County); a county case stops at its own principal leader.
	Below dandang.Level `json:"below" validate:"min=0,max=4"`
}

// Deadlines are the working days each step has (CL11, CL18).
type Deadlines struct {
	Propose  int `json:"propose" validate:"min=1,max=60"`  // from opening (or a rejection) to the proposal
	Approve  int `json:"approve" validate:"min=1,max=30"`  // for each step of the chain, and for deciding a decline
	CarryOut int `json:"carryOut" validate:"min=1,max=30"` // from approval to closing (CL18: 5)
}

// Policy holds the clearance rules that differ by place (DOMAIN.md rules
// marked policy). A case keeps the policy it was opened under.
type Policy struct {
	Ref  kit.PolicyRef `json:"ref" validate:"required"`
	Name string        `json:"name" validate:"required"`
	// OpenRoles may open a case; ProposeRoles may plan, consult, propose and
	// carry out. Both act for the organ that verified the report (CL15).
	OpenRoles    []dandang.Role `json:"openRoles" validate:"min=1"`
	ProposeRoles []dandang.Role `json:"proposeRoles" validate:"min=1"`
	// Chain is the approval chain, in order (CL07).
	Chain []ChainStep `json:"chain" validate:"min=1,dive"`
	// DeclineApprovers are the committee leaders who approve not clearing (CL02).
	DeclineApprovers []dandang.Role `json:"declineApprovers" validate:"min=1"`
	// SuperviseRoles may supervise cases of their organ and of organs below (CL10).
	SuperviseRoles []dandang.Role `json:"superviseRoles" validate:"min=1"`
	// ReviewRoles are the offices of the joint group that scores concluded
	// cases (CL09): each scores once, by a distinct signer (XC08).
	ReviewRoles []dandang.Role `json:"reviewRoles" validate:"min=1"`
	// Grades a case may be given (CL08).
	Grades []Grade `json:"grades" validate:"min=1,dive,required"`
	// RequireEffect refuses a proposal that names no adverse effect (CL17).
	RequireEffect bool      `json:"requireEffect"`
	Deadlines     Deadlines `json:"deadlines"`
}

// PolicyRef implements kit.Versioned.
func (p Policy) PolicyRef() kit.PolicyRef { return p.Ref }

// Validate checks the policy with its struct tags and the rules tags cannot
// say: every role is known. It returns an Invalid *dandang.Error naming the
// field.
func (p Policy) Validate() error {
	const op = "clearance.Policy.Validate"
	if err := kit.ValidatePolicy(op, "CL07", p); err != nil {
		// Name the rule the failing field encodes.
		var de *dandang.Error
		if errors.As(err, &de) {
			for prefix, rule := range map[string]string{"Deadlines": "CL11", "Grades": "CL08", "ReviewRoles": "CL09", "DeclineApprovers": "CL02", "SuperviseRoles": "CL10"} {
				if strings.HasPrefix(de.Field, prefix) {
					de.Rule = rule
				}
			}
		}
		return err
	}
	check := func(field string, rs []dandang.Role) error {
		for _, r := range rs {
			if !r.Valid() {
				return kit.Invalidf(op, "CL07", field, fmt.Sprintf("unknown role %q", r))
			}
		}
		return nil
	}
	for _, f := range []struct {
		name  string
		roles []dandang.Role
	}{{"OpenRoles", p.OpenRoles}, {"ProposeRoles", p.ProposeRoles}, {"DeclineApprovers", p.DeclineApprovers},
		{"SuperviseRoles", p.SuperviseRoles}, {"ReviewRoles", p.ReviewRoles}} {
		if err := check(f.name, f.roles); err != nil {
			return err
		}
	}
	for i, s := range p.Chain {
		if err := check(fmt.Sprintf("Chain[%d].Roles", i), s.Roles); err != nil {
			return err
		}
	}
	// Every case, at whatever level it is handled, must be approvable.
	for l := dandang.Township; l <= dandang.Province; l++ {
		chain := p.chainFor(l)
		if len(chain) == 0 {
			return kit.Invalidf(op, "CL07", "Chain", fmt.Sprintf("no step applies to cases handled at %s level", l))
		}
		leader := false
		for _, st := range chain {
			if l+dandang.Level(st.Above) > dandang.Province {
				return kit.Invalidf(op, "CL07", "Chain", fmt.Sprintf("step %q would be signed above province level for cases handled at %s level", st.Name, l))
			}
			// A step the principal leader must sign: theirs alone, or joint.
			leader = leader || (st.Above == 0 && slices.Contains(st.Roles, dandang.PrincipalLeader) && (st.Joint || len(st.Roles) == 1))
		}
		// The organ's principal leader approves a clearance (CL15).
		if !leader {
			return kit.Invalidf(op, "CL15", "Chain", fmt.Sprintf("no step for cases handled at %s level must be signed by the organ's principal leader", l))
		}
	}
	return nil
}

// chainFor returns the chain steps that apply to a case handled at level.
func (p Policy) chainFor(level dandang.Level) []ChainStep {
	var out []ChainStep
	for _, s := range p.Chain {
		if s.Below == 0 || level < s.Below {
			out = append(out, s)
		}
	}
	return out
}

// DefaultPolicy returns the Zhejiang policy the seeds describe (004): the
// township organ proposes, its principal leader reviews, and the county
// petition and reporting department approves; a case handled at county
// level or above is approved by its organ's principal leader (CL15). Tiantai's
// grades (CL08); a false report must have had an adverse effect (CL17); 5
// working days to carry out an approved clearance (CL18). Concluded cases
// are scored by Huangyan's joint group of the petition, trial and
// supervision offices (CL09).
//
// The library's own choices, which no seed or national rule sets: Propose
// (10) and Approve (5) working days and the roles that open, propose and
// supervise. policyfile/defaults/clearance.yaml gives every value's source.
func DefaultPolicy() Policy {
	handlers := []dandang.Role{dandang.PetitionOffice, dandang.SupervisionOffice, dandang.StationedGroup}
	return Policy{
		Ref:          kit.PolicyRef{ID: "zhejiang", Version: 1},
		Name:         "浙江省澄清正名工作规定",
		OpenRoles:    handlers,
		ProposeRoles: handlers,
		Chain: []ChainStep{
			{Name: "review", Above: 0, Roles: []dandang.Role{dandang.PrincipalLeader}},
			{Name: "approve", Above: 1, Roles: []dandang.Role{dandang.PetitionOffice}, Below: dandang.County},
		},
		DeclineApprovers: []dandang.Role{dandang.PrincipalLeader, dandang.LeaderInCharge},
		SuperviseRoles:   []dandang.Role{dandang.SupervisionOffice, dandang.CaseManagement, dandang.PrincipalLeader, dandang.LeaderInCharge},
		ReviewRoles:      []dandang.Role{dandang.PetitionOffice, dandang.TrialOffice, dandang.SupervisionOffice}, // Huangyan's joint group (000)
		Grades:           []Grade{Pending, Suspected, Key},
		RequireEffect:    true,
		Deadlines:        Deadlines{Propose: 10, Approve: 5, CarryOut: 5},
	}
}
