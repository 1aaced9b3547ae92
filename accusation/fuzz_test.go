package accusation_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
)

// Normalize is idempotent, keeps valid UTF-8, and never keeps white space.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"张三，收受红包！", "ＡＢＣ　１２３", "a\u200bb", "", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := accusation.Normalize(s)
		if accusation.Normalize(n) != n {
			t.Errorf("Normalize(%q) = %q is not a fixed point", s, n)
		}
		if utf8.ValidString(s) && !utf8.ValidString(n) {
			t.Errorf("Normalize(%q) = %q is not valid UTF-8", s, n)
		}
		if strings.ContainsAny(n, " \t\n") {
			t.Errorf("Normalize(%q) = %q keeps white space", s, n)
		}
	})
}

// Intake either registers the report or refuses it with a typed error, and
// the text never appears in the history in clear.
func FuzzReceive(f *testing.F) {
	f.Add("r1", "收受红包", "刘建华", true)
	f.Add("", "", "", false)
	f.Add("r\x00", "\xff", "x", true)
	e := newEnv(f)
	n := 0
	f.Fuzz(func(t *testing.T, id, summary, name string, named bool) {
		n++
		in := accusation.NewReport{ID: id, Named: named, ReceivedAt: t0.Add(-time.Duration(n) * time.Second), Subjects: []dandang.Subject{zeng},
			Allegations: []dandang.Allegation{{ID: "a1", SubjectID: zeng.ID, Summary: summary}}}
		text := "举报内容" + name + "独有标记"
		c, err := e.svc.Receive(ctx, cPetition, in, accusation.Confidential{Reporter: accusation.Identity{Name: name}, Text: text})
		if err != nil {
			if dandang.ErrorCode(err) == "" {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		recs, err := e.svc.History(ctx, admin, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(recs[0].Payload), "独有标记") {
			t.Errorf("report text in clear in the history")
		}
	})
}
