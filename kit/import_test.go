package kit_test

import (
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
)

// XC01: two replays of one historical case are one history though a
// report's seal differs; any other difference is another history.
func TestSameHistory_XC01(t *testing.T) {
	at := time.Date(2019, 5, 8, 9, 0, 0, 0, dandang.China)
	rec := func(payload string) dandang.Record {
		r := dandang.Record{CaseKind: "accusation", CaseID: "H-1", At: at, Command: "receive", To: "registered",
			Actor: dandang.ActorRef{ID: "u1", OrganID: "330102"}, Rules: []string{"AC01"}, Payload: []byte(payload), StateHash: payload}
		r.Seal(nil)
		return r
	}
	a := rec(`{"id":"H-1","Sealed":{"nonce":"AAAA","data":"xx"}}`)
	b := rec(`{"id":"H-1","Sealed":{"nonce":"BBBB","data":"yy"}}`)
	if a.Hash == b.Hash {
		t.Fatal("the seals should give two hashes")
	}
	if !kit.SameHistory([]dandang.Record{a}, []dandang.Record{b}) {
		t.Error("two seals of one report: want the same history")
	}
	for name, other := range map[string]dandang.Record{
		"payload": rec(`{"id":"H-2","Sealed":{"nonce":"BBBB","data":"yy"}}`),
		"time": func() dandang.Record {
			r := rec(`{"id":"H-1","Sealed":{"nonce":"AAAA","data":"xx"}}`)
			r.At = at.Add(time.Hour)
			r.Seal(nil)
			return r
		}(),
	} {
		if kit.SameHistory([]dandang.Record{a}, []dandang.Record{other}) {
			t.Errorf("another %s: want another history", name)
		}
	}
	if kit.SameHistory([]dandang.Record{a}, []dandang.Record{a, a}) {
		t.Error("another length: want another history")
	}
	if got := (kit.Imported[int]{Records: []dandang.Record{a}}).Head(); got != a.Hash {
		t.Errorf("Head %q, want the last record's hash", got)
	}
}

// XC01, XC11: without a seal, the state each record binds decides too: a
// replay under another calendar or directory that reaches another deadline
// is another history, and so is another actor's name or level.
func TestSameHistory_XC11_StateAndActor(t *testing.T) {
	at := time.Date(2019, 5, 8, 9, 0, 0, 0, dandang.China)
	rec := func(state, name string) dandang.Record {
		r := dandang.Record{CaseKind: "clearance", CaseID: "C-1", At: at, Command: "open", To: "opened",
			Actor: dandang.ActorRef{ID: "u1", OrganID: "330102", Name: name}, Rules: []string{"CL01"}, Payload: []byte(`{"id":"C-1"}`), StateHash: state}
		r.Seal(nil)
		return r
	}
	a := rec("s1", "王")
	if !kit.SameHistory([]dandang.Record{a}, []dandang.Record{rec("s1", "王")}) {
		t.Error("the same replay: want the same history")
	}
	for name, other := range map[string]dandang.Record{"state": rec("s2", "王"), "actor's name": rec("s1", "李")} {
		if kit.SameHistory([]dandang.Record{a}, []dandang.Record{other}) {
			t.Errorf("another %s: want another history", name)
		}
	}
}
