package accusation

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
)

// Deadlines are the working days each step has (AC03, AC14).
type Deadlines struct {
	Acceptance int `json:"acceptance" validate:"min=1,max=60"` // acceptance notice to a named reporter, from receipt (AC14: 15)
	PassUp     int `json:"passUp" validate:"min=1,max=30"`     // passing a report up to the level it belongs to (AC14: 5)
	PassedDown int `json:"passedDown" validate:"min=1,max=30"` // registering and accepting a report passed down (AC14: 5)
	Dispose    int `json:"dispose" validate:"min=1,max=60"`    // from acceptance to disposal
	Verify     int `json:"verify" validate:"min=1,max=180"`    // from disposal to conclusion
	Result     int `json:"result" validate:"min=1,max=60"`     // the result to a named reporter, from concluding (AC14: 15)
	Objection  int `json:"objection" validate:"min=1,max=60"`  // answering an objection (AC14)
	// Investigation is the investigation meeting's, from disposal for
	// verification, under ThreeMeetings (AC03); 0: by the verification's
	// own deadline (Verify).
	Investigation int `json:"investigation" validate:"min=0,max=180"`
}

// Screening is the screening policy (AC05).
type Screening struct {
	// WindowDays and Count: Count reports with identical content from
	// different reporters within WindowDays days are flagged (the Tongzhou
	// case).
	WindowDays int `json:"windowDays" validate:"min=1,max=365"`
	Count      int `json:"count" validate:"min=2,max=1000"`
	// Elections are the election periods per region (换届选举).
	Elections []ElectionPeriod `json:"elections" validate:"dive"`
}

// ElectionPeriod is an election period in a region: reports about a
// subject of the region received in it are flagged (AC05).
type ElectionPeriod struct {
	Region string      `json:"region" validate:"required,numeric"`
	From   dandang.Day `json:"from" validate:"required"`
	To     dandang.Day `json:"to" validate:"required"` // inclusive
}

// Rung is the sanctions offered for one accuser category and severity
// (AC09, AC18).
type Rung struct {
	Category  Category   `json:"category" validate:"required"`
	Severity  Severity   `json:"severity" validate:"required"`
	Sanctions []Sanction `json:"sanctions" validate:"min=1,dive,required"`
}

// Policy holds the accusation rules that differ by place (DOMAIN.md rules
// marked policy). A case keeps the policy it was received under.
type Policy struct {
	Ref  kit.PolicyRef `json:"ref" validate:"required"`
	Name string        `json:"name" validate:"required"`
	// HandleRoles may register, dispose, find, conclude, give feedback and
	// classify: the petition office and the supervision offices.
	HandleRoles []dandang.Role `json:"handleRoles" validate:"min=1"`
	// ApproveRoles approve reading the identity, and a determination of
	// malicious false accusation (AC04, AC17).
	ApproveRoles []dandang.Role `json:"approveRoles" validate:"min=1"`
	// TraceLevel is the lowest level whose organ may trace a reporter
	// (AC04: county); TraceApproval the lowest level that approves it
	// (national rules 1996: city).
	TraceLevel    dandang.Level `json:"traceLevel" validate:"min=1,max=4"`
	TraceApproval dandang.Level `json:"traceApproval" validate:"min=1,max=4"`
	// MaliceApproval is the lowest level that approves establishing
	// malicious false accusation (AC17: city); ProvinceManagedApproval the
	// level for a province-managed subject (province).
	MaliceApproval          dandang.Level `json:"maliceApproval" validate:"min=1,max=4"`
	ProvinceManagedApproval dandang.Level `json:"provinceManagedApproval" validate:"min=1,max=4"`
	// ThreeMeetings requires Shangyu's three meetings with a named reporter:
	// acceptance, investigation and reply (AC03).
	ThreeMeetings bool      `json:"threeMeetings"`
	Deadlines     Deadlines `json:"deadlines"`
	Screening     Screening `json:"screening"`
	// Ladders map the accuser's category and severity to the sanctions
	// offered (AC18). A category without rungs is referred, not sanctioned.
	Ladders []Rung `json:"ladders" validate:"dive"`
}

// PolicyRef implements kit.Versioned.
func (p Policy) PolicyRef() kit.PolicyRef { return p.Ref }

// Offered returns the sanctions the policy offers for category and
// severity, lightest first. Heavier handling (从重, AC10) stays within that
// range, as the disciplinary regulations and the administrative sanctions
// law define it: the lightest is not offered where there is a heavier one.
// Going beyond the range (加重) is not what AC10 asks, and is not offered.
func (p Policy) Offered(c Category, s Severity, aggravated bool) []Sanction {
	var out []Sanction
	for _, r := range p.Ladders {
		if r.Category == c && r.Severity == s {
			out = append(out, r.Sanctions...)
		}
	}
	if aggravated && len(out) > 1 {
		out = out[1:]
	}
	return out
}

// Validate checks the policy with its struct tags and what tags cannot
// say. It returns an Invalid *dandang.Error naming the field.
func (p Policy) Validate() error {
	const op = "accusation.Policy.Validate"
	if err := kit.ValidatePolicy(op, "AC04", p); err != nil {
		// Name the rule the failing field encodes.
		var de *dandang.Error
		if errors.As(err, &de) {
			for prefix, rule := range map[string]string{"Deadlines": "AC14", "Screening": "AC05", "Ladders": "AC18", "MaliceApproval": "AC17", "ProvinceManagedApproval": "AC17"} {
				if strings.HasPrefix(de.Field, prefix) {
					de.Rule = rule
				}
			}
		}
		return err
	}
	for field, rs := range map[string][]dandang.Role{"HandleRoles": p.HandleRoles, "ApproveRoles": p.ApproveRoles} {
		for _, r := range rs {
			if !r.Valid() {
				return kit.Invalidf(op, "XC02", field, fmt.Sprintf("unknown role %q", r))
			}
		}
	}
	switch {
	case p.TraceLevel < dandang.County:
		return kit.Invalidf(op, "AC04", "TraceLevel", "tracing is done by an organ at county level or above")
	case p.TraceApproval < p.TraceLevel:
		return kit.Invalidf(op, "AC04", "TraceApproval", "approval sits at or above the tracing organ's level")
	case p.MaliceApproval < dandang.City:
		return kit.Invalidf(op, "AC17", "MaliceApproval", "establishing malice needs approval at city level or above")
	case p.ProvinceManagedApproval < p.MaliceApproval:
		return kit.Invalidf(op, "AC17", "ProvinceManagedApproval", "at or above MaliceApproval")
	}
	for i, r := range p.Ladders {
		field := fmt.Sprintf("Ladders[%d]", i)
		if !r.Category.Valid() {
			return kit.Invalidf(op, "AC18", field+".Category", fmt.Sprintf("unknown category %q", r.Category))
		}
		if !r.Severity.Valid() {
			return kit.Invalidf(op, "AC18", field+".Severity", fmt.Sprintf("unknown severity %q", r.Severity))
		}
		if r.Category == Anyone {
			return kit.Invalidf(op, "AC18", field+".Category", "anyone else goes to the police: refer, never sanction")
		}
	}
	for i, e := range p.Screening.Elections {
		if e.To < e.From {
			return kit.Invalidf(op, "AC05", fmt.Sprintf("Screening.Elections[%d].To", i), "ends before it starts")
		}
	}
	return nil
}

// DefaultPolicy returns the default policy: the national rules on handling
// reports (2020) for the deadlines, Zhejiang's rules on false accusation
// (seed 004) for tracing and determination, Beijing's screening (seed 003),
// and the ladders of the disciplinary regulations (2023, art. 59) and the
// administrative sanctions law (art. 32(4)) (AC18).
//
// The library's own choices, which no seed or national rule sets: the
// Dispose (15), Verify (60), Objection (15) and Investigation (15) working
// days, the screening window (30 days) and count (3 reports) of AC05, no
// election periods, the roles that handle and approve, and ThreeMeetings
// off. policyfile/defaults/accusation.yaml gives every value's source.
func DefaultPolicy() Policy {
	party := []Rung{
		{PartyMember, Ordinary, []Sanction{OrganizationalHandling, PartyWarning, SeriousPartyWarning}},
		{PartyMember, MoreSerious, []Sanction{RemovalFromPartyPosts, PartyProbation}},
		{PartyMember, Serious, []Sanction{ExpulsionFromParty}},
	}
	official := []Rung{
		{PublicOfficial, Ordinary, []Sanction{AdminWarning, Demerit, MajorDemerit}},
		{PublicOfficial, MoreSerious, []Sanction{Demotion, DismissalFromPost}},
		{PublicOfficial, Serious, []Sanction{ExpulsionFromOffice}},
	}
	var cadre []Rung
	for i := range party {
		cadre = append(cadre, Rung{LeadingCadre, party[i].Severity,
			append(slices.Clone(party[i].Sanctions), official[i].Sanctions...)})
	}
	return Policy{
		Ref:                     kit.PolicyRef{ID: "zhejiang-accusation", Version: 1},
		Name:                    "浙江省纪检监察机关处置诬告陷害行为暂行办法（默认）",
		HandleRoles:             []dandang.Role{dandang.PetitionOffice, dandang.SupervisionOffice},
		ApproveRoles:            []dandang.Role{dandang.PrincipalLeader, dandang.LeaderInCharge},
		TraceLevel:              dandang.County,
		TraceApproval:           dandang.City,
		MaliceApproval:          dandang.City,
		ProvinceManagedApproval: dandang.Province,
		Deadlines:               Deadlines{Acceptance: 15, PassUp: 5, PassedDown: 5, Dispose: 15, Verify: 60, Result: 15, Objection: 15, Investigation: 15},
		Screening:               Screening{WindowDays: 30, Count: 3},
		Ladders:                 append(append(party, official...), cadre...),
	}
}
