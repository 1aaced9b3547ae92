package tolerance

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
)

// Exclusion is a situation never tolerated, whatever the factors (FT04).
type Exclusion struct {
	ID     string `json:"id" validate:"required"`
	Name   string `json:"name" validate:"required"` // zh-Hans, as the policy words it
	NameEn string `json:"nameEn" validate:"required"`
	Source string `json:"source"` // where the policy data comes from, such as "seed 001"
}

// Condition is a typical condition for tolerance (FT11).
type Condition struct {
	ID     string `json:"id" validate:"required"`
	Name   string `json:"name" validate:"required"`
	NameEn string `json:"nameEn" validate:"required"`
}

// Checklist is a domain's list of conditions for tolerance (FT08), such as
// Xiangshan's list for business environment work. A case in the domain is
// exempted only when every item is met.
type Checklist struct {
	Domain string      `json:"domain" validate:"required"` // such as "business_environment"
	Name   string      `json:"name" validate:"required"`   // such as 优化营商环境容错纠错清单
	By     string      `json:"by"`                         // who drew it up
	Items  []Condition `json:"items" validate:"min=1,dive"`
}

// Decider is who decides tolerance for one kind of pursuer: the roles, in
// the pursuing organ, that approve a tolerance decision (FT05).
type Decider struct {
	Pursuer Pursuer        `json:"pursuer" validate:"required"`
	Roles   []dandang.Role `json:"roles" validate:"min=1"`
}

// Deadlines are the working days each step has (XC03).
type Deadlines struct {
	Assess int `json:"assess" validate:"min=1,max=60"` // from opening to the proposal
	Decide int `json:"decide" validate:"min=1,max=30"` // from the proposal to the decision
}

// Policy holds the tolerance rules that differ by place (DOMAIN.md rules
// marked policy: FT04, FT08, FT11). A case keeps the policy it was opened
// under.
type Policy struct {
	Ref  kit.PolicyRef `json:"ref" validate:"required"`
	Name string        `json:"name" validate:"required"`
	// AssessRoles open the assessment, answer the questions, weigh the
	// factors, record consultations and propose, for the pursuing organ.
	AssessRoles []dandang.Role `json:"assessRoles" validate:"min=1"`
	// Deciders say who approves for each pursuer (FT05).
	Deciders []Decider `json:"deciders" validate:"min=1,dive"`
	// Exclusions are never tolerated (FT04); a policy without them is
	// refused.
	Exclusions []Exclusion `json:"exclusions" validate:"min=1,dive"`
	// Conditions are the typical conditions (FT11); with
	// RequireAllConditions an exemption needs every one of them met.
	Conditions           []Condition `json:"conditions" validate:"min=1,dive"`
	RequireAllConditions bool        `json:"requireAllConditions"`
	// Checklists are the domain checklists (FT08).
	Checklists []Checklist `json:"checklists" validate:"dive"`
	// ConsultBodies are the outside bodies a joint consultation hears
	// (FT06): organization, audit, political-legal, petition.
	ConsultBodies []dandang.Role `json:"consultBodies" validate:"min=1"`
	// Experts is the least number of members an expert group has; a
	// complex case is decided only after one was heard (FT06).
	Experts   int       `json:"experts" validate:"min=1"`
	Deadlines Deadlines `json:"deadlines"`
}

// PolicyRef implements kit.Versioned.
func (p Policy) PolicyRef() kit.PolicyRef { return p.Ref }

// deciders returns the roles that decide for pursuer.
func (p Policy) deciders(pu Pursuer) []dandang.Role {
	for _, d := range p.Deciders {
		if d.Pursuer == pu {
			return d.Roles
		}
	}
	return nil
}

func (p Policy) exclusion(id string) (Exclusion, bool) {
	i := slices.IndexFunc(p.Exclusions, func(e Exclusion) bool { return e.ID == id })
	if i < 0 {
		return Exclusion{}, false
	}
	return p.Exclusions[i], true
}

func (p Policy) checklist(domain string) (Checklist, bool) {
	i := slices.IndexFunc(p.Checklists, func(c Checklist) bool { return c.Domain == domain })
	if i < 0 {
		return Checklist{}, false
	}
	return p.Checklists[i], true
}

// Validate checks the policy with its struct tags and what tags cannot
// say: every role is known, every pursuer has deciders, and IDs are not
// repeated. A policy without exclusions is refused (FT04). It returns an
// Invalid *dandang.Error naming the field and the rule the field encodes
// (FT04 exclusions, FT05 who decides, FT06 consultation, FT08 checklists,
// FT11 conditions, XC03 deadlines).
func (p Policy) Validate() error {
	const op = "tolerance.Policy.Validate"
	if len(p.Exclusions) == 0 {
		return kit.Invalidf(op, "FT04", "Exclusions", "a tolerance policy lists the situations never tolerated")
	}
	if err := kit.ValidatePolicy(op, "FT04", p); err != nil {
		// Name the rule the failing field encodes.
		var de *dandang.Error
		if errors.As(err, &de) {
			for prefix, rule := range map[string]string{"Conditions": "FT11", "Checklists": "FT08", "ConsultBodies": "FT06",
				"Experts": "FT06", "Deciders": "FT05", "AssessRoles": "FT05", "Deadlines": "XC03"} {
				if strings.HasPrefix(de.Field, prefix) {
					de.Rule = rule
				}
			}
		}
		return err
	}
	roles := func(field string, rs []dandang.Role) error {
		for _, r := range rs {
			if !r.Valid() {
				return kit.Invalidf(op, "XC02", field, fmt.Sprintf("unknown role %q", r))
			}
		}
		return nil
	}
	if err := roles("AssessRoles", p.AssessRoles); err != nil {
		return err
	}
	if err := roles("ConsultBodies", p.ConsultBodies); err != nil {
		return err
	}
	for i, d := range p.Deciders {
		if !d.Pursuer.Valid() {
			return kit.Invalidf(op, "FT05", fmt.Sprintf("Deciders[%d].Pursuer", i), fmt.Sprintf("unknown pursuer %q", d.Pursuer))
		}
		if err := roles(fmt.Sprintf("Deciders[%d].Roles", i), d.Roles); err != nil {
			return err
		}
	}
	for _, pu := range pursuerEnum.Values() {
		if len(p.deciders(pu)) == 0 {
			return kit.Invalidf(op, "FT05", "Deciders", fmt.Sprintf("no one decides when the %s pursues the accountability", pu))
		}
	}
	unique := func(rule, field string, ids []string) error {
		for i, id := range ids {
			if slices.Index(ids, id) != i {
				return kit.Invalidf(op, rule, fmt.Sprintf("%s[%d].ID", field, i), fmt.Sprintf("%s listed twice", id))
			}
		}
		return nil
	}
	if err := unique("FT04", "Exclusions", idsOf(p.Exclusions, func(e Exclusion) string { return e.ID })); err != nil {
		return err
	}
	if err := unique("FT11", "Conditions", idsOf(p.Conditions, func(c Condition) string { return c.ID })); err != nil {
		return err
	}
	if err := unique("FT08", "Checklists", idsOf(p.Checklists, func(c Checklist) string { return c.Domain })); err != nil {
		return err
	}
	return nil
}

func idsOf[T any](xs []T, id func(T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = id(x)
	}
	return out
}

// BusinessEnvironment is the domain of Xiangshan's checklist (FT08).
const BusinessEnvironment = "business_environment"

// DefaultPolicy returns the Zhejiang policy the seeds describe (001): the
// 2023 implementing measures of the provincial commission and the
// organization department (《浙江省深化落实“三个区分开来”要求健全容错纠错机制
// 激励干部担当作为实施办法》).
//
// Exclusions (FT04): the measures list six situations never tolerated. The
// seed names one, a wrong or distorted view of achievements that builds
// image and vanity projects (形象工程、政绩工程). The other five are this
// policy's data, drawn from the situations such measures commonly exclude
// (defying the eight-point rules, breaking political discipline, going on
// after a warning, faking or colluding to dodge responsibility, concealing
// a loss); a host checks them against the published text and adopts a new
// policy version where it differs. Every exclusion names its source.
//
// The seven typical conditions (FT11) are listed; Zhejiang does not require
// all of them (RequireAllConditions is false: other provinces set it).
// Xiangshan's business-environment checklist (FT08), drawn up with the
// organization department, the reform office and the development and
// reform bureau, is the one domain checklist; its items are illustrative
// data of the same kind. Joint consultation hears the organization, audit,
// political-legal and petition bodies; an expert group of at least three
// is heard on complex cases (FT06, Longquan). A party committee decides
// through its members (the party committee role), a discipline organ
// through its principal leader or leader in charge, an organization
// department through its own staff (FT05).
func DefaultPolicy() Policy {
	const inferred = "policy data: check against the published measures"
	return Policy{
		Ref:  kit.PolicyRef{ID: "zhejiang-tolerance", Version: 1},
		Name: "浙江省深化落实“三个区分开来”要求健全容错纠错机制激励干部担当作为实施办法",
		AssessRoles: []dandang.Role{dandang.SupervisionOffice, dandang.TrialOffice, dandang.StationedGroup,
			dandang.OrganizationDept, dandang.PartyCommittee},
		Deciders: []Decider{
			{Pursuer: ByPartyCommittee, Roles: []dandang.Role{dandang.PartyCommittee}},
			{Pursuer: ByDisciplineOrgan, Roles: []dandang.Role{dandang.PrincipalLeader, dandang.LeaderInCharge}},
			{Pursuer: ByOrganizationDept, Roles: []dandang.Role{dandang.OrganizationDept}},
		},
		Exclusions: []Exclusion{
			{ID: "vanity_projects", Name: "政绩观不正确甚至扭曲，搞“形象工程”“政绩工程”", NameEn: "a wrong or distorted view of achievements: image and vanity projects", Source: "seed 001"},
			{ID: "eight_rules", Name: "违反中央八项规定精神，顶风违纪", NameEn: "defying the central eight-point rules", Source: inferred},
			{ID: "political_discipline", Name: "违反政治纪律和政治规矩", NameEn: "breaking political discipline and rules", Source: inferred},
			{ID: "after_warning", Name: "经提醒、警示后仍不纠正，屡错屡犯", NameEn: "going on after a reminder or warning", Source: inferred},
			{ID: "collusion", Name: "弄虚作假、与他人串通，借容错逃避责任", NameEn: "faking or colluding to escape responsibility under tolerance", Source: inferred},
			{ID: "concealment", Name: "造成重大损失或恶劣影响后隐瞒不报、推卸责任", NameEn: "concealing a serious loss or shifting the blame for it", Source: inferred},
		},
		Conditions: []Condition{
			{ID: "no_prohibition", Name: "法律法规没有明令禁止", NameEn: "no express prohibition"},
			{ID: "reform_trial", Name: "属于改革创新、先行先试或探索性工作", NameEn: "reform, exploration or a first trial"},
			{ID: "diligent", Name: "勤勉尽责、未造成故意过错", NameEn: "diligence without intent"},
			{ID: "public_interest", Name: "出于公心、维护公共利益", NameEn: "the public interest"},
			{ID: "due_procedure", Name: "决策符合民主集中制原则和规定程序", NameEn: "proper democratic or collective procedure"},
			{ID: "no_benefit", Name: "未为个人、他人或单位谋取不正当利益", NameEn: "no improper benefit to self, others or the unit"},
			{ID: "corrected", Name: "及时纠错、主动挽回损失或消除影响", NameEn: "the error corrected or losses recovered"},
		},
		Checklists: []Checklist{{
			Domain: BusinessEnvironment, Name: "象山县优化营商环境容错纠错清单",
			By: "象山县纪委监委、县委组织部、县委改革办、县发改局",
			Items: []Condition{
				{ID: "for_enterprises", Name: "为优化营商环境、服务企业和项目落地", NameEn: "to improve the business environment or land a project"},
				{ID: "collective", Name: "经集体研究或按规定程序报批", NameEn: "decided collectively or approved by the set procedure"},
				{ID: "no_benefit", Name: "未谋取私利", NameEn: "no private gain"},
				{ID: "remedied", Name: "出现失误后积极纠错", NameEn: "corrected once the mistake showed"},
			},
		}},
		ConsultBodies: []dandang.Role{dandang.OrganizationDept, dandang.Audit, dandang.PoliticalLegal, dandang.PetitionBureau},
		Experts:       3,
		Deadlines:     Deadlines{Assess: 20, Decide: 10},
	}
}
