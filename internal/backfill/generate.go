package backfill

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"github.com/dandang/dandang"
)

// Generate writes n historical cases to w as an import file, for tests and
// measurements: named reports concluded unfounded and closed after the
// reporter was told (accusation, four in ten), the written clearances
// that followed such reports (clearance, three in ten), villages'
// mistakes in key projects exempted from accountability by the county's
// written decision (tolerance, two in ten), and cadres given a party
// warning, followed up through its year and after (followup, one in ten),
// each on its own dates between 2015 and 2022 at the county commissions
// of the seed directory (internal/walk), with seed fixing the draw.
func Generate(w io.Writer, n int, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	bw := bufio.NewWriterSize(w, 1<<16)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for i := 0; i < n; i++ {
		c := generated(rng, i)
		if err := enc.Encode(c); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// county is a county commission of the seed directory.
type county struct{ organ, name string }

var counties = []county{{"330102", "上城区"}, {"330110", "余杭区"}, {"330723", "武义县"}, {"330305", "洞头区"}}

var (
	surnames  = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"}
	given     = []string{"建国", "立新", "海燕", "志强", "秀英", "伟", "静", "磊", "红梅", "国栋", "晓东", "丽华"}
	positions = []string{"科长", "副局长", "所长", "主任", "副镇长", "站长"}
	matters   = []string{"违规经商办企业", "收受购物卡", "违规报销差旅费", "拖延办案", "公车私用", "优亲厚友", "违规操作工程项目"}
)

func generated(rng *rand.Rand, i int) *Case {
	ct := counties[rng.IntN(len(counties))]
	// A working day between 2015 and 2022, at 09:00.
	day := time.Date(2015, 1, 5, 9, 0, 0, 0, dandang.China).AddDate(0, 0, rng.IntN(8*365))
	for day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
		day = day.AddDate(0, 0, 1)
	}
	name := surnames[rng.IntN(len(surnames))] + given[rng.IntN(len(given))]
	subject := map[string]any{"id": fmt.Sprintf("h-%06d", i), "kind": "person", "name": name,
		"position": positions[rng.IntN(len(positions))], "unit": ct.name + "某单位", "unitHead": "某负责人",
		"managedAt": "county", "region": ct.organ}
	n := 1 + rng.IntN(3)
	id := fmt.Sprintf("H%d-%s-%06d", day.Year(), ct.organ, i)
	switch i % 10 {
	case 0, 2, 6, 8:
		return report(rng, ct, id, day, subject, n)
	case 1, 3, 7:
		return clearanceCase(rng, ct, id, day, subject, n)
	case 4, 9:
		return toleranceCase(rng, id, day, i)
	}
	return followUpCase(id, day, i, name)
}

func raw(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func at(day time.Time, days int) time.Time { return day.AddDate(0, 0, days) }

func report(rng *rand.Rand, ct county, id string, day time.Time, subject map[string]any, n int) *Case {
	office := Actor{ID: ct.organ + "/petition_office", Name: ct.name + "信访室", Organ: ct.organ, Roles: []dandang.Role{"petition_office"}}
	var allegations []map[string]any
	text := ""
	for k := 0; k < n; k++ {
		m := matters[rng.IntN(len(matters))]
		allegations = append(allegations, map[string]any{"id": fmt.Sprintf("a%d", k+1), "subjectId": subject["id"], "summary": m})
		text += subject["name"].(string) + m + "。"
	}
	c := &Case{Format: Format, Process: "accusation", Open: Step{Command: "Receive", Actor: office, At: day,
		Input: raw(map[string]any{"id": id, "named": true, "receivedAt": day.Format(time.RFC3339),
			"subjects": []any{subject}, "allegations": allegations}),
		Confidential: raw(map[string]any{"reporter": map[string]any{"name": "举报人" + id[len(id)-4:], "contact": fmt.Sprintf("138%08d", rng.IntN(1e8))}, "text": text + id})}}
	add := func(d int, cmd string, in any) {
		st := Step{Command: cmd, Actor: office, At: at(day, d)}
		if in != nil {
			st.Input = raw(in)
		}
		c.Steps = append(c.Steps, st)
	}
	add(1, "GiveFeedback", map[string]any{"kind": "acceptance", "inPerson": true})
	add(2, "Dispose", map[string]any{"disposal": "preliminary"})
	for k := 0; k < n; k++ {
		add(10+k, "RecordFinding", map[string]any{"allegation": fmt.Sprintf("a%d", k+1), "finding": "unfounded", "note": "经核实不属实"})
	}
	add(14, "Conclude", map[string]any{"note": "反映问题不属实"})
	add(15, "GiveFeedback", map[string]any{"kind": "result", "inPerson": true})
	add(16, "Close", nil)
	return c
}

func clearanceCase(rng *rand.Rand, ct county, id string, day time.Time, subject map[string]any, n int) *Case {
	office := Actor{ID: ct.organ + "/stationed_group", Name: ct.name + "驻单位纪检组", Organ: ct.organ, Roles: []dandang.Role{"stationed_group"}}
	leader := Actor{ID: ct.organ + "/principal_leader", Name: ct.name + "纪委书记", Organ: ct.organ, Roles: []dandang.Role{"principal_leader"}}
	var allegations []map[string]any
	for k := 0; k < n; k++ {
		allegations = append(allegations, map[string]any{"id": fmt.Sprint(k + 1), "subjectId": subject["id"], "summary": matters[rng.IntN(len(matters))], "finding": "unfounded"})
	}
	concluded := day.AddDate(0, 0, -3)
	c := &Case{Format: Format, Process: "clearance", Open: Step{Command: "Open", Actor: office, At: day,
		Input: raw(map[string]any{"report": map[string]any{"id": id, "named": true, "concludedAt": concluded.Format(time.RFC3339)},
			"subject": subject, "allegations": allegations})}}
	add := func(a Actor, d int, cmd string, in any) {
		st := Step{Command: cmd, Actor: a, At: at(day, d)}
		if in != nil {
			st.Input = raw(in)
		}
		c.Steps = append(c.Steps, st)
	}
	add(office, 0, "Plan", map[string]any{"forms": []string{"written"}, "scope": "所在部门范围", "effects": []string{"rights"}})
	add(office, 0, "Consult", map[string]any{"agreed": true, "forms": []string{"written"}, "opinion": "同意书面澄清"})
	add(office, 0, "Propose", nil)
	add(leader, 1, "Approve", map[string]any{"comment": "同意"})
	add(office, 3, "ServeNotice", nil)
	add(office, 3, "GiveFeedback", map[string]any{"accepted": true, "note": "当面反馈，获得认可"})
	for _, f := range []string{"integrity_file", "personnel_file", "platform"} {
		add(office, 4, "File", map[string]any{"filing": f})
	}
	add(office, 4, "Close", nil)
	return c
}

// toleranceCase is Jingning's seed case (scenarios/tolerance-001.yaml) on
// other dates for another village: a mistake made for a key project,
// exempted by the county commission's written decision.
func toleranceCase(rng *rand.Rand, id string, day time.Time, i int) *Case {
	office := Actor{ID: "331127/supervision_office", Name: "景宁县纪委监督室", Organ: "331127", Roles: []dandang.Role{"supervision_office"}}
	leader := Actor{ID: "331127/principal_leader", Name: "景宁县纪委书记", Organ: "331127", Roles: []dandang.Role{"principal_leader"}}
	village := fmt.Sprintf("某镇第%d村", i)
	c := &Case{Format: Format, Process: "tolerance", Open: Step{Command: "Open", Actor: office, At: day,
		Input: raw(map[string]any{
			"inquiry": map[string]any{"id": "JN-" + id, "matter": "村集体资金违规支付车辆费用", "openedAt": day.Format(time.RFC3339)},
			"subject": map[string]any{"id": fmt.Sprintf("h-village-%06d", i), "kind": "organization", "name": village + "村民委员会",
				"position": "村民委员会", "unit": village, "managedAt": "township", "region": "331127101"},
			"pursuer": "discipline_organ"})}}
	add := func(a Actor, d int, cmd string, in any) {
		c.Steps = append(c.Steps, Step{Command: cmd, Actor: a, At: at(day, d), Input: raw(in)})
	}
	ev := func(s string) []string { return []string{s} }
	add(office, 7, "Distinguish", map[string]any{
		"distinctions": []any{
			map[string]any{"distinction": "inexperience", "mistake": true, "evidence": ev("重点项目政策处理工作安排")},
			map[string]any{"distinction": "trial", "mistake": true, "evidence": ev("村民代表会议记录")},
			map[string]any{"distinction": "development", "mistake": true, "evidence": ev("村民代表会议记录")}},
		"answers": []any{
			map[string]any{"question": "public_or_private", "answer": "public", "evidence": ev("车辆费用凭证")},
			map[string]any{"question": "negligence_or_intent", "answer": "negligence", "evidence": ev("村干部谈话笔录")},
			map[string]any{"question": "responsibility_or_slacking", "answer": "responsibility", "evidence": ev("村干部谈话笔录")},
			map[string]any{"question": "daring_or_reckless", "answer": "daring", "evidence": ev("村集体资金收支明细")}}})
	add(office, 7, "Weigh", map[string]any{"weighings": []any{
		map[string]any{"factor": "motive", "finding": "为加快重点项目工作进度", "favourable": true},
		map[string]any{"factor": "conditions", "finding": "时间紧、任务重，村民代表出行不便", "favourable": true},
		map[string]any{"factor": "procedure", "finding": "村委集体安排", "favourable": true},
		map[string]any{"factor": "nature", "finding": "违反农村集体“三资”管理办法关于车辆费用的规定", "favourable": true},
		map[string]any{"factor": "consequences", "finding": "费用用于接送村民代表参会，未造成其他损失", "favourable": true},
		map[string]any{"factor": "remediation", "finding": "已规范村集体资金使用", "favourable": true}}})
	add(office, 7+rng.IntN(3), "Establish", map[string]any{
		"conditions": []string{"public_interest", "diligent", "due_procedure", "no_benefit", "corrected"},
		"facts":      "村委用村集体资金安排车辆接送出行不便的村民代表参加会议，与农村集体“三资”管理办法不符",
		"note":       "不属于不予容错情形，无村干部谋取不正当利益"})
	add(office, 10, "Propose", map[string]any{"outcome": "exemption", "grounds": []string{"three_distinctions"},
		"reason": "该行为是为加快工作进度采取的权宜措施，且没有村干部从中谋取不正当利益"})
	add(leader, 11, "Decide", map[string]any{"number": fmt.Sprintf("景纪容〔%d〕%d号", day.Year(), i), "comment": "同意容错免责"})
	return c
}

// followUpCase is Songyang's seed case (scenarios/followup-songyang-001.yaml)
// on other dates for another cadre: a party warning followed up by the
// county commission, visited, lifted after its year, reported and closed.
func followUpCase(id string, day time.Time, i int, name string) *Case {
	office := Actor{ID: "331124/supervision_office", Name: "松阳县纪委监察室", Organ: "331124", Roles: []dandang.Role{"supervision_office"}}
	leader := Actor{ID: "331124/principal_leader", Name: "松阳县纪委书记", Organ: "331124", Roles: []dandang.Role{"principal_leader"}}
	effective := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, dandang.China).AddDate(0, 0, -1)
	c := &Case{Format: Format, Process: "followup", Open: Step{Command: "Open", Actor: office, At: day,
		Input: raw(map[string]any{
			"subject": map[string]any{"id": fmt.Sprintf("h-cadre-%06d", i), "kind": "person", "name": name, "position": "乡镇干部",
				"unit": "松阳县某镇", "unitHead": "某负责人", "managedAt": "county", "region": "331124"},
			"source":   "discipline",
			"decision": map[string]any{"id": "SY-" + id, "sanction": "party_warning", "effectiveAt": effective.Format(time.RFC3339)}})}}
	add := func(a Actor, t time.Time, cmd string, in any) {
		st := Step{Command: cmd, Actor: a, At: t}
		if in != nil {
			st.Input = raw(in)
		}
		c.Steps = append(c.Steps, st)
	}
	visit := func(findings, rating string) map[string]any {
		return map[string]any{"form": "meeting", "targets": []string{"person", "unit"}, "visitors": []string{"县纪委监委干部", "县委组织部干部"}, "findings": findings, "rating": rating}
	}
	add(office, at(day, 6), "Plan", map[string]any{"condition": "pressured", "approach": "counsel",
		"help":  []any{map[string]any{"problem": "担心处分影响今后使用", "measure": "讲清影响期和使用政策，悉心疏导"}},
		"forms": []string{"meeting", "phone"}, "targets": []string{"person", "unit"}})
	add(office, at(day, 91), "Visit", visit("思想包袱较重，工作尚能完成", "average"))
	lift := effective.AddDate(1, 0, 1).Add(9 * time.Hour)
	add(office, lift, "Lift", nil)
	add(office, lift.AddDate(0, 0, 4), "Visit", visit("综合表现良好", "good"))
	add(office, lift.AddDate(0, 0, 6), "Report", map[string]any{"summary": "经跟踪回访，综合表现良好"})
	add(leader, lift.AddDate(0, 0, 8), "Close", map[string]any{"note": "回访教育结束"})
	return c
}
