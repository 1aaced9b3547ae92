package dandang

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dandang/dandang/internal/enum"
	"github.com/dandang/dandang/internal/ident"
)

// Level is the level of a discipline inspection and supervision organ, and
// the level at which a cadre is managed. Higher levels compare greater.
type Level int

// The four levels.
const (
	Township Level = iota + 1 // 乡镇/街道
	County                    // 县/市/区
	City                      // 设区市
	Province                  // 省
)

var levelEnum = enum.New("Level", "XC07", []Level{Township, County, City, Province}, []string{"township", "county", "city", "province"}, refuse)

// String returns the level's English name, or "Level(n)".
func (l Level) String() string {
	if n := levelEnum.Name(l); n != "" {
		return n
	}
	return fmt.Sprintf("Level(%d)", int(l))
}

// SubjectKind tells a person from a party organization. Statistics count the
// two apart (XC04).
type SubjectKind string

// The kinds of subject.
const (
	Person       SubjectKind = "person"       // party member, cadre or public official
	Organization SubjectKind = "organization" // party organization
)

var subjectKindEnum = enum.Strings("SubjectKind", "XC06", refuse, Person, Organization)

// Subject is who a report is about and who is cleared: a person or a party
// organization.
type Subject struct {
	ID       string      `json:"id"`       // stable identifier in the embedding system
	Kind     SubjectKind `json:"kind"`     // person or organization
	Name     string      `json:"name"`     // full name; masked in public texts (XC05)
	Position string      `json:"position"` // post held, such as "村党支部书记"
	Unit     string      `json:"unit"`     // the unit the subject works in
	UnitHead string      `json:"unitHead"` // name of the unit's principal leader, who receives copies (CL12)
	// ManagedAt is the level whose organ holds management authority over the
	// subject (干部管理权限): a county-managed cadre has County.
	ManagedAt Level `json:"managedAt"`
	// Region is the administrative division code of the subject's post, such
	// as 330102 for Shangcheng district; an organ covers the subject when its
	// own region code is a prefix of this one.
	Region string `json:"region"`
}

// Validate checks the subject's fields; op names the calling operation and
// field the subject's place in the input, such as "Subject".
func (s Subject) Validate(op, field string) error {
	if err := checkID(op, field+".ID", s.ID); err != nil {
		return err
	}
	switch {
	case !s.Kind.Valid():
		return invalidf(op, "XC06", field+".Kind", fmt.Sprintf("%q is neither person nor organization", s.Kind))
	case strings.TrimSpace(s.Name) == "":
		return invalidf(op, "XC06", field+".Name", "required")
	case !s.ManagedAt.Valid():
		return invalidf(op, "XC02", field+".ManagedAt", "management level required")
	case !validRegion(s.Region):
		return invalidf(op, "XC02", field+".Region", fmt.Sprintf("%q is not a division code", s.Region))
	}
	return nil
}

func validRegion(r string) bool {
	if len(r) < 2 {
		return false
	}
	for _, c := range r {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// Organ is a discipline inspection and supervision organ (纪委监委), or a
// stationed group (派驻纪检监察组) that acts at its commission's level.
//
// Organs come from the host's [Directory] (XC07): an actor names its organ
// by ID, and a service looks the rest up there.
type Organ struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Level    Level  `json:"level"`
	Region   string `json:"region"`             // administrative division code, such as 330102
	Superior string `json:"superior,omitempty"` // the ID of the organ above; empty for a province's root
}

// Validate checks the organ's fields.
func (o Organ) Validate(op, field string) error {
	switch {
	case strings.TrimSpace(o.ID) == "":
		return invalidf(op, "XC06", field+".ID", "required")
	case !o.Level.Valid():
		return invalidf(op, "XC02", field+".Level", "level required")
	case !validRegion(o.Region):
		return invalidf(op, "XC02", field+".Region", fmt.Sprintf("%q is not a division code", o.Region))
	}
	return nil
}

// Covers reports whether the organ's region contains the subject's or other
// organ's region code: 3301 covers 330102.
func (o Organ) Covers(region string) bool {
	return o.Region != "" && strings.HasPrefix(region, o.Region)
}

// Manages reports whether the organ holds management authority over s: it
// sits at the level s is managed at, and its region covers s's region.
func (o Organ) Manages(s Subject) bool {
	return o.Level == s.ManagedAt && o.Covers(s.Region)
}

// Role is what an actor does inside an organ or beside it.
type Role string

// The roles the processes know.
const (
	PetitionOffice    Role = "petition_office"    // 信访室 / 信访举报部门
	SupervisionOffice Role = "supervision_office" // 纪检监察室
	TrialOffice       Role = "trial_office"       // 审理室
	PrincipalLeader   Role = "principal_leader"   // 主要负责人
	LeaderInCharge    Role = "leader_in_charge"   // 分管领导
	StationedGroup    Role = "stationed_group"    // 派驻纪检监察组
	OrganizationDept  Role = "organization_dept"  // 组织部
	CaseManagement    Role = "case_management"    // 案件监督管理室
	PartyCommittee    Role = "party_committee"    // 党委（党组）: pursues accountability and decides tolerance (FT05)
	Audit             Role = "audit"              // 审计部门: joins the joint consultation on tolerance (FT06)
	PoliticalLegal    Role = "political_legal"    // 政法部门: joins the joint consultation (FT06)
	PetitionBureau    Role = "petition_bureau"    // 信访部门 outside the organ: joins the joint consultation (FT06)
	Expert            Role = "expert"             // 专家咨询组成员: sits on the expert group for complex cases (FT06)
)

// Roles returns the roles in order.
func Roles() []Role { return roleEnum.Values() }

var roleEnum = enum.Strings("Role", "XC02", refuse, PetitionOffice, SupervisionOffice, TrialOffice, PrincipalLeader, LeaderInCharge, StationedGroup, OrganizationDept, CaseManagement,
	PartyCommittee, Audit, PoliticalLegal, PetitionBureau, Expert)

// Actor is the user acting: who they are, their organ and their roles.
// Only Organ.ID is taken from the caller: a service looks the organ up in
// its [Directory] and refuses an actor whose other organ fields differ
// from the directory's (XC07).
type Actor struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Organ Organ  `json:"organ"`
	Roles []Role `json:"roles"`
}

// Validate checks the actor's fields: its ID and its organ's follow the
// ID rule (no blank, control or invisible character), its roles are known.
func (a Actor) Validate(op string) error {
	// An ID with an invisible character would pass as another person
	// beside its look-alike (XC08): refused with the ID rule.
	if err := checkID(op, "Actor.ID", a.ID); err != nil {
		return err
	}
	if p := ident.Problem(a.Organ.ID); p != "" {
		return invalidf(op, "XC07", "Actor.Organ.ID", p)
	}
	for _, r := range a.Roles {
		if !r.Valid() {
			return invalidf(op, "XC02", "Actor.Roles", fmt.Sprintf("unknown role %q", r))
		}
	}
	return nil
}

// Has reports whether the actor holds one of roles, and returns the first it
// holds.
func (a Actor) Has(roles ...Role) (Role, bool) {
	for _, r := range roles {
		if slices.Contains(a.Roles, r) {
			return r, true
		}
	}
	return "", false
}

// Finding is the finding on one allegation (AC02).
type Finding string

// The findings.
const (
	Substantiated       Finding = "substantiated"        // 属实
	PartlySubstantiated Finding = "partly_substantiated" // 部分属实
	Unfounded           Finding = "unfounded"            // 失实
	// Undetermined marks a matter that could be neither verified nor
	// excluded (无法证实或排除); it warrants no clearance (CL17).
	Undetermined Finding = "undetermined"
)

var findingEnum = enum.Strings("Finding", "AC02", refuse, Substantiated, PartlySubstantiated, Unfounded, Undetermined)

// Allegation is one specific allegation of a report, with its finding.
type Allegation struct {
	ID        string  `json:"id"`
	SubjectID string  `json:"subjectId"` // the subject it is made against
	Summary   string  `json:"summary"`   // such as "拖延办案"
	Finding   Finding `json:"finding"`
}

// Validate checks what every process asks of an allegation it is given: an
// ID (CheckID) and a summary, as Invalid (XC06) naming field's part. The
// subject it is against and its finding are each process's to check.
func (a Allegation) Validate(op, field string) error {
	if err := checkID(op, field+".ID", a.ID); err != nil {
		return err
	}
	if strings.TrimSpace(a.Summary) == "" {
		return invalidf(op, "XC06", field+".Summary", "required")
	}
	return nil
}

// checkID refuses, as Invalid (XC06) naming field, an identifier that is
// empty or blank, not valid UTF-8, or holds a control character or a
// default ignorable code point ([ident.Problem]).
func checkID(op, field, id string) error {
	if p := ident.Problem(id); p != "" {
		return invalidf(op, "XC06", field, p)
	}
	return nil
}

// refuse is how the root's enums refuse an unknown value: Invalid, naming
// the rule and the type.
func refuse(op, rule, field, msg string) error { return invalidf(op, rule, field, msg) }
