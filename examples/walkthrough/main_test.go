package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// The walkthrough is the README's main command: it must run, and what it
// prints must say what the seeds say.
func TestWalkthrough(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), &out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"抄送：陈某某（上城区人民法院某庭主要负责人）", // 001: copy to the department head (CL12)
		"镇中心广场", // 002: the public meeting
		"何某某    实施澄清 应于 2023-04-03 前完成", // 002: listed overdue (CL11)
		"杭州市余杭区纪委监委   信访室",              // 004: approved at county level (CL07)
		"不予澄清告知书",                       // declined, and told why (CL18)
		"共为受到失实检举控告的3名党员干部和1个党组织澄清正名",   // XC04
		"回访已启动：",                        // CL13: cleared officials followed up through the outbox
		"被提拔为",                          // FU06: Songyang's cadre promoted after the period
		"容错免责决定书",                       // FT07: Jingning's exemption decision
		"防止翻烧饼",                         // FT05: no tolerance after the accountability decision
		"诬告陷害经温州市纪委监委批准认定",              // AC07, AC17: malice established with the city's approval
		"澄清案件 DT-2021-006/dt-zeng",      // CL01: the concluded report opened clearance through the outbox
		"澄清案件 walk-tz-3/walk-jia",       // Tongzhou (003), read by Beijing's own office (XC07)
		"曾国锋同志：",                        // 004, Dongtou: named in full with consent (XC05)
		"戴瑞同志：",
		"全省失实检举控告澄清正名发布会", // one press conference for both (CL23)
		"撤销澄清正名决定通知书",     // a clearance revoked (CL20)
		"Notice of Revocation of Clearance",
		"回访停止", // the follow-up is told to stop (CL20)
	} {
		if !strings.Contains(got, want) {
			t.Errorf("walkthrough output lacks %q", want)
		}
	}
	if n := strings.Count(got, "records  verifies"); n != 5 {
		t.Errorf("%d chains verify, want 5:\n%s", n, got)
	}
	if n := strings.Count(got, "历史链校验通过"); n != 3 {
		t.Errorf("%d new chains verify, want 3 (Dongtou twice, the revoked case):\n%s", n, got)
	}
	if strings.Count(got, "[CL05 CL06 CL21 CL23 XC01 XC11]  全省失实检举控告澄清正名发布会") != 2 {
		t.Errorf("the press conference is not one act recorded in each Dongtou case")
	}
	if strings.Contains(got, "史强") || strings.Contains(got, "陆伟芳") {
		t.Errorf("a full name reached the public output (XC05)")
	}
}
