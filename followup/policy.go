package followup

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
)

// Policy holds the follow-up rules that differ by place (DOMAIN.md rules
// marked policy: FU07, FU08). A case keeps the policy it was opened under.
type Policy struct {
	Ref  kit.PolicyRef `json:"ref" validate:"required"`
	Name string        `json:"name" validate:"required"`
	// Periods is each sanction's period in calendar months (FU07); every
	// sanction must have one.
	Periods map[Sanction]int `json:"periods" validate:"min=1"`
	// OpenRoles may open follow-ups and run campaigns; VisitRoles plan,
	// visit, record the lift and report; DecideRoles recommend for
	// promotion, close and stop.
	OpenRoles   []dandang.Role `json:"openRoles" validate:"min=1"`
	VisitRoles  []dandang.Role `json:"visitRoles" validate:"min=1"`
	DecideRoles []dandang.Role `json:"decideRoles" validate:"min=1"`
	// PromotionRoles record a promotion the organization department made.
	PromotionRoles []dandang.Role `json:"promotionRoles" validate:"min=1"`
	// ImposerFollowsUp: whoever imposed the discipline (or cleared the
	// subject) does the follow-up (谁处分谁回访, FU08). Otherwise the organs
	// above it may open and visit too.
	ImposerFollowsUp bool `json:"imposerFollowsUp"`
	// MinVisitors is the fewest visitors a visit needs (FU08: two).
	MinVisitors int `json:"minVisitors" validate:"min=1,max=10"`
	// VisitEveryMonths: at least one visit within so many calendar months
	// of the opening and of each visit (FU08: a year).
	VisitEveryMonths int `json:"visitEveryMonths" validate:"min=1,max=24"`
	// EndVisitDays is the working days from the recorded lift to the visit
	// at the period's end (FU08).
	EndVisitDays int `json:"endVisitDays" validate:"min=1,max=60"`
	// PlanDays is the working days from opening to the plan (FU04).
	PlanDays int `json:"planDays" validate:"min=1,max=60"`
	// VisitTargets are whom every visit must hear (FU05): the person by
	// default; Wuyi's four ways add the leader, colleagues and family.
	VisitTargets []Target `json:"visitTargets" validate:"min=1"`
	// AppraiseOnGood: a good rating yields an appraisal for the
	// organization department (FU08).
	AppraiseOnGood bool `json:"appraiseOnGood"`
	// CampaignForms are the forms of handling a campaign follows up by
	// default (FU01, FU02: the first and second).
	CampaignForms []HandlingForm `json:"campaignForms" validate:"min=1"`
}

// PolicyRef implements kit.Versioned.
func (p Policy) PolicyRef() kit.PolicyRef { return p.Ref }

// Validate checks the policy with its struct tags and the rules tags cannot
// say: every sanction has a period of 1 to 120 months, every role, target
// and form is known. It returns an Invalid *dandang.Error naming the field.
func (p Policy) Validate() error {
	const op = "followup.Policy.Validate"
	if err := kit.ValidatePolicy(op, "FU08", p); err != nil {
		// Name the rule the failing field encodes.
		var de *dandang.Error
		if errors.As(err, &de) {
			for prefix, rule := range map[string]string{"Periods": "FU07", "VisitTargets": "FU05", "CampaignForms": "FU01", "PlanDays": "FU04"} {
				if strings.HasPrefix(de.Field, prefix) {
					de.Rule = rule
				}
			}
		}
		return err
	}
	for _, s := range Sanctions() {
		if m, ok := p.Periods[s]; !ok || m < 1 || m > 120 {
			return kit.Invalidf(op, "FU07", "Periods", fmt.Sprintf("sanction %s needs a period of 1 to 120 months, not %d", s, m))
		}
	}
	for s := range p.Periods {
		if !s.Valid() {
			return kit.Invalidf(op, "FU07", "Periods", fmt.Sprintf("unknown sanction %q", s))
		}
	}
	for _, f := range []struct {
		name  string
		roles []dandang.Role
	}{{"OpenRoles", p.OpenRoles}, {"VisitRoles", p.VisitRoles}, {"DecideRoles", p.DecideRoles}, {"PromotionRoles", p.PromotionRoles}} {
		for _, r := range f.roles {
			if !r.Valid() {
				return kit.Invalidf(op, "FU08", f.name, fmt.Sprintf("unknown role %q", r))
			}
		}
	}
	for _, t := range p.VisitTargets {
		if !t.Valid() {
			return kit.Invalidf(op, "FU05", "VisitTargets", fmt.Sprintf("unknown target %q", t))
		}
	}
	for _, f := range p.CampaignForms {
		if !f.Valid() {
			return kit.Invalidf(op, "FU01", "CampaignForms", fmt.Sprintf("unknown form of handling %q", f))
		}
	}
	return nil
}

// Period returns the period of sanction s effective on day (FU07), and
// false for a sanction the policy has no period for.
func (p Policy) Period(s Sanction, effective dandang.Day) (Period, bool) {
	m, ok := p.Periods[s]
	if !ok {
		return Period{}, false
	}
	return PeriodOf(s, m, effective), true
}

// DefaultPolicy returns the Zhejiang practice the seeds describe: the
// periods of the disciplinary regulations (2023, art. 10) and the
// administrative sanctions law (art. 8) (FU07); whoever imposed the
// discipline follows up, with at least two visitors, at least one visit a
// year and one when the period ends, each rated good, average or poor, a
// good rating yielding an appraisal (FU08); the first and second forms
// followed up by campaigns (001). The working days to plan (10) and to visit
// after the lift (10) are the library's defaults: the seeds name none.
func DefaultPolicy() Policy {
	staff := []dandang.Role{dandang.SupervisionOffice, dandang.PetitionOffice, dandang.CaseManagement, dandang.StationedGroup}
	return Policy{
		Ref:  kit.PolicyRef{ID: "zhejiang-followup", Version: 1},
		Name: "浙江省受处分处理党员干部回访教育工作",
		Periods: map[Sanction]int{
			PartyWarning: 12, PartySeriousWarning: 18, RemovalFromPartyPosts: 24,
			AdminWarning: 6, Demerit: 12, MajorDemerit: 18, Demotion: 24, DismissalFromPost: 24,
		},
		OpenRoles:        staff,
		VisitRoles:       append(slices.Clone(staff), dandang.LeaderInCharge, dandang.PrincipalLeader),
		DecideRoles:      []dandang.Role{dandang.PrincipalLeader, dandang.LeaderInCharge},
		PromotionRoles:   append(slices.Clone(staff), dandang.OrganizationDept),
		ImposerFollowsUp: true,
		MinVisitors:      2,
		VisitEveryMonths: 12,
		EndVisitDays:     10,
		PlanDays:         10,
		VisitTargets:     []Target{ThePerson},
		AppraiseOnGood:   true,
		CampaignForms:    []HandlingForm{FirstForm, SecondForm},
	}
}

// FourWayPolicy returns the default policy with Wuyi's four ways (一人四访,
// FU05): every visit hears the person, the principal leader of their
// organization, colleagues, and family and friends.
func FourWayPolicy() Policy {
	p := DefaultPolicy()
	p.Ref = kit.PolicyRef{ID: "wuyi-followup", Version: 1}
	p.Name = "武义县一人四访"
	p.VisitTargets = []Target{ThePerson, TheLeader, Colleagues, Family}
	return p
}
