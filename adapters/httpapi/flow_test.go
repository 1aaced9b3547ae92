package httpapi_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/clearance"
)

var secretary = dandang.Subject{ID: "wy-secretary", Kind: dandang.Person, Name: "何建华", Position: "村党支部书记",
	Unit: "某村党支部", UnitHead: "吴德明", ManagedAt: dandang.Township, Region: "330723104"}

// receive registers seed 002's named report at the Wuyi town commission.
func (w *world) receive(id string) caseView {
	w.t.Helper()
	r := w.call("town-office", "POST", "/accusation/cases", map[string]any{
		"report": accusation.NewReport{ID: id, Named: true, ReceivedAt: w.clock.Now(),
			Subjects: []dandang.Subject{secretary},
			Allegations: []dandang.Allegation{
				{ID: "1", SubjectID: secretary.ID, Summary: "收受他人好处"},
				{ID: "2", SubjectID: secretary.ID, Summary: "违规发放拆迁补偿款"},
			}},
		"confidential": accusation.Confidential{Reporter: accusation.Identity{Name: "村民甲", Contact: "13900000003"},
			Text: "村党支部书记何建华收受他人好处，违规发放拆迁补偿款。"},
	})
	if r.status != http.StatusCreated {
		w.t.Fatalf("receive: status %d: %s", r.status, r.body)
	}
	if strings.Contains(string(r.body), "13900000003") || strings.Contains(string(r.body), "村民甲") {
		w.t.Fatalf("the answer to receive carries the reporter: %s", r.body)
	}
	if got, want := r.header.Get("Location"), "/accusation/cases/"+id; got != want {
		w.t.Errorf("Location = %q, want %q", got, want)
	}
	var v caseView
	r.json(w.t, &v)
	return v
}

// conclude takes a registered report to its conclusion, every allegation
// unfounded (AC02, AC14).
func (w *world) conclude(rep caseView) caseView {
	w.t.Helper()
	id := rep.Case.ID
	rep = w.command("town-office", "accusation", id, rep.Case.Version, "giveFeedback", map[string]any{"kind": "acceptance", "inPerson": true})
	rep = w.command("town-office", "accusation", id, rep.Case.Version, "dispose", map[string]any{"disposal": "preliminary"})
	for _, a := range []string{"1", "2"} {
		rep = w.command("town-office", "accusation", id, rep.Case.Version, "recordFinding", map[string]any{"allegation": a, "finding": "unfounded"})
	}
	return w.command("town-office", "accusation", id, rep.Case.Version, "conclude", map[string]any{"note": "经初核，反映问题失实"})
}

// approved runs seed 002's clearance up to its approval at the county.
func (w *world) approved(id string) caseView {
	w.t.Helper()
	r := w.call("town-office", "GET", "/clearance/cases/"+url.PathEscape(id), nil)
	if r.status != http.StatusOK {
		w.t.Fatalf("the clearance case %s: status %d: %s", id, r.status, r.body)
	}
	var c caseView
	r.json(w.t, &c)
	c = w.command("town-office", "clearance", id, c.Case.Version, "plan", map[string]any{"forms": []string{"written", "meeting"},
		"scope": "全村党员群众", "effects": []string{"daily_life"}, "note": "引起村民非议，宜公开澄清"})
	c = w.command("town-office", "clearance", id, c.Case.Version, "consult", map[string]any{"agreed": true, "forms": []string{"written", "meeting"}, "opinion": "同意召开澄清正名会"})
	c = w.command("town-office", "clearance", id, c.Case.Version, "propose", map[string]any{})
	c = w.command("town-leader", "clearance", id, c.Case.Version, "approve", map[string]any{"comment": "同意，报县纪委监委信访室审批"})
	return w.command("wuyi-petition", "clearance", id, c.Case.Version, "approve", map[string]any{"comment": "同意澄清"})
}

// The seed flow over HTTP: seed 002's report is registered and concluded
// unfounded; the report-concluded event opens the clearance (CL01), which
// is planned, consented to, proposed, approved up the chain, carried out,
// served, told, filed and closed; the clearance-completed event opens the
// follow-up (CL13).
func TestFlow_ReportClearanceFollowUp(t *testing.T) {
	w := newWorld(t)
	rep := w.receive("WY-2023-031")
	w.clock.Set(day(3, 3))
	rep = w.conclude(rep)
	if rep.Case.State != "concluded" {
		t.Fatalf("report state = %q, want concluded", rep.Case.State)
	}
	w.dispatch()

	id := clearance.CaseID("WY-2023-031", secretary.ID)
	r := w.call("town-office", "GET", "/clearance/cases?subjectId="+secretary.ID, nil)
	var found caseList
	r.json(t, &found)
	if len(found.Cases) != 1 || found.Cases[0].Case.ID != id {
		t.Fatalf("clearance cases of the subject: %s", r.body)
	}

	w.clock.Set(day(3, 22))
	c := w.approved(id)
	if c.Case.State != "approved" {
		t.Fatalf("state = %q, want approved", c.Case.State)
	}
	w.clock.Set(day(4, 18))
	c = w.command("town-office", "clearance", id, c.Case.Version, "carryOut", map[string]any{"form": "meeting", "venue": "镇中心广场澄清正名会"})
	c = w.command("town-office", "clearance", id, c.Case.Version, "serveNotice", map[string]any{})
	c = w.command("town-office", "clearance", id, c.Case.Version, "giveFeedback", map[string]any{"accepted": true})
	for _, f := range []string{"integrity_file", "personnel_file", "platform"} {
		c = w.command("town-office", "clearance", id, c.Case.Version, "file", map[string]any{"filing": f})
	}
	c = w.command("town-office", "clearance", id, c.Case.Version, "close", map[string]any{})
	if c.Case.State != "closed" {
		t.Fatalf("state = %q, want closed", c.Case.State)
	}
	if len(c.Documents) == 0 || !strings.Contains(c.Documents[0].Text, "澄清") {
		t.Errorf("the closed case shows no notice: %+v", c.Documents)
	}
	w.dispatch()

	r = w.call("town-office", "GET", "/followup/cases?subjectId="+secretary.ID, nil)
	var fu caseList
	r.json(t, &fu)
	if len(fu.Cases) != 1 || fu.Cases[0].Case.State != "opened" {
		t.Fatalf("follow-ups of the subject: %s", r.body)
	}

	// The history verifies (XC01, XC11).
	r = w.call("town-office", "GET", "/clearance/cases/"+url.PathEscape(id)+"/history", nil)
	var h struct {
		Records  []dandang.Record `json:"records"`
		Verified bool             `json:"verified"`
	}
	r.json(t, &h)
	if !h.Verified || len(h.Records) != c.Case.Version {
		t.Errorf("history: verified %v, %d records, want true and %d", h.Verified, len(h.Records), c.Case.Version)
	}
	if !slices.ContainsFunc(h.Records, func(rec dandang.Record) bool { return rec.Command == "close" }) {
		t.Errorf("history has no close: %s", r.body)
	}
}
