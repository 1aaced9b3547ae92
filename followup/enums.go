package followup

import "github.com/dandang/dandang/kit"

// Source is how a follow-up came to be due (FU01).
type Source string

// The sources.
const (
	FromDiscipline Source = "discipline" // a discipline decision, or handling under the first or second form
	FromClearance  Source = "clearance"  // a clearance: the cleared subject is visited (CL13)
)

var sourceEnum = kit.StringEnum[Source]("Source", "FU01", FromDiscipline, FromClearance)

// Sources returns the sources in order.
func Sources() []Source { return sourceEnum.Values() }

// Channel is the way a case was opened (FU01, FU02).
type Channel string

// The channels.
const (
	ByEvent    Channel = "event"    // from a root event delivered by the dispatcher
	Direct     Channel = "direct"   // opened by a user
	ByCampaign Channel = "campaign" // opened in bulk by a campaign, such as the education week (FU02)
)

var channelEnum = kit.StringEnum[Channel]("Channel", "FU02", ByEvent, Direct, ByCampaign)

// Channels returns the channels in order.
func Channels() []Channel { return channelEnum.Values() }

// HandlingForm is one of the four forms of handling (四种形态).
type HandlingForm string

// The handling forms.
const (
	FirstForm  HandlingForm = "first"  // 第一种形态: criticism and talks
	SecondForm HandlingForm = "second" // 第二种形态: light party discipline, organizational adjustment
	ThirdForm  HandlingForm = "third"  // 第三种形态: heavy discipline, major job changes
	FourthForm HandlingForm = "fourth" // 第四种形态: serious violations under investigation
)

var handlingFormEnum = kit.StringEnum[HandlingForm]("HandlingForm", "FU01", FirstForm, SecondForm, ThirdForm, FourthForm)

// HandlingForms returns the handling forms in order.
func HandlingForms() []HandlingForm { return handlingFormEnum.Values() }

// Sanction is a party or administrative sanction with a period (FU07).
type Sanction string

// The sanctions.
const (
	PartyWarning          Sanction = "party_warning"            // 党内警告: 1 year
	PartySeriousWarning   Sanction = "party_serious_warning"    // 党内严重警告: 18 months
	RemovalFromPartyPosts Sanction = "removal_from_party_posts" // 撤销党内职务: 2 years
	AdminWarning          Sanction = "admin_warning"            // 警告 (政务处分): 6 months
	Demerit               Sanction = "demerit"                  // 记过: 12 months
	MajorDemerit          Sanction = "major_demerit"            // 记大过: 18 months
	Demotion              Sanction = "demotion"                 // 降级: 24 months
	DismissalFromPost     Sanction = "dismissal_from_post"      // 撤职: 24 months
)

var sanctionEnum = kit.StringEnum[Sanction]("Sanction", "FU07", PartyWarning, PartySeriousWarning, RemovalFromPartyPosts, AdminWarning, Demerit, MajorDemerit, Demotion, DismissalFromPost)

// Sanctions returns the sanctions in order.
func Sanctions() []Sanction { return sanctionEnum.Values() }

// Condition is how the person stands, which the approach must fit (FU03).
type Condition string

// The conditions.
const (
	Resistant Condition = "resistant" // 认识不到位、情绪有抵触: resistant or not understanding
	Pressured Condition = "pressured" // 心理有压力、思想有顾虑: under pressure or worried
	Slack     Condition = "slack"     // 心态消极、工作松劲: negative or slack
	Steady    Condition = "steady"    // 表现正常: none of these; any approach fits
)

var conditionEnum = kit.StringEnum[Condition]("Condition", "FU03", Resistant, Pressured, Slack, Steady)

// Conditions returns the conditions in order.
func Conditions() []Condition { return conditionEnum.Values() }

// Approach is the approach of a plan (FU03).
type Approach string

// The approaches.
const (
	ExplainPolicy Approach = "explain_policy" // 讲明政策、说理解释
	Counsel       Approach = "counsel"        // 找准心结、悉心疏导
	Encourage     Approach = "encourage"      // 唤起初心、激励鼓劲
)

var approachEnum = kit.StringEnum[Approach]("Approach", "FU03", ExplainPolicy, Counsel, Encourage)

// Approaches returns the approaches in order.
func Approaches() []Approach { return approachEnum.Values() }

// Form is a form of visit (FU05).
type Form string

// The forms.
const (
	Meeting   Form = "meeting"   // 单独见面: a meeting alone
	Scheduled Form = "scheduled" // 定期约访: a scheduled visit
	Phone     Form = "phone"     // 电话回访: a phone call
)

var formEnum = kit.StringEnum[Form]("Form", "FU05", Meeting, Scheduled, Phone)

// Forms returns the forms in order.
func Forms() []Form { return formEnum.Values() }

// Target is whom a visit hears (FU05).
type Target string

// The targets.
const (
	ThePerson  Target = "person"     // the person followed up
	TheUnit    Target = "unit"       // the person's unit (Jiangbei's 双回访)
	TheLeader  Target = "leader"     // the principal leader of the person's organization (Wuyi's 一人四访)
	Colleagues Target = "colleagues" // colleagues
	Family     Target = "family"     // family and friends
)

var targetEnum = kit.StringEnum[Target]("Target", "FU05", ThePerson, TheUnit, TheLeader, Colleagues, Family)

// Targets returns the targets in order.
func Targets() []Target { return targetEnum.Values() }

// Rating is the rating of a visit (FU08).
type Rating string

// The ratings.
const (
	Good    Rating = "good"    // 好
	Average Rating = "average" // 一般
	Poor    Rating = "poor"    // 较差
)

var ratingEnum = kit.StringEnum[Rating]("Rating", "FU08", Good, Average, Poor)

// Ratings returns the ratings in order.
func Ratings() []Rating { return ratingEnum.Values() }
