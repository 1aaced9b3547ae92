package accusation_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/internal/ident"
)

// Normalize is idempotent, keeps valid UTF-8, and never keeps white space
// nor a code point with Unicode's Default_Ignorable_Code_Point property
// (AC05): invisible characters do not tell two texts or reporters apart.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"张三，收受红包！", "ＡＢＣ　１２３", "a\u200bb", "", "\xff", "a\u2065b", "\u115f\u3164\uffa0",
		"x\U000e0001\U000e007fy", "\ufe0f\u180e\u034f\u00ad", "\U0001d173z"} {
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
		if i := strings.IndexFunc(n, ident.DefaultIgnorable); i >= 0 {
			r, _ := utf8.DecodeRuneInString(n[i:])
			t.Errorf("Normalize(%q) = %q keeps the default ignorable %U", s, n, r)
		}
	})
}

// Intake either registers the report or refuses it with a typed error;
// the text never appears in the history in clear, and the reporter's name
// appears in no history payload, not in the case as JSON, and not in an
// error's text (AC16). A name is checked where it can be told apart: not
// part of what is public anyway (the report's fields, the JSON keys and
// values of a reference report) and long enough not to turn up by chance
// in ciphertext.
func FuzzReceive(f *testing.F) {
	f.Add("r1", "收受红包", "刘建华", true)
	f.Add("", "", "", false)
	f.Add("r\x00", "\xff", "x", true)
	f.Add("r2", "收受红包", "王某某\xff", true)
	f.Add("r3", "x", "Zhang San Feng", true)
	f.Add("r4", "x", "王某某某", false)
	e := newEnv(f)
	public := publicText(f, e)
	n := 0
	f.Fuzz(func(t *testing.T, id, summary, name string, named bool) {
		n++
		in := accusation.NewReport{ID: id, Named: named, ReceivedAt: t0.Add(-time.Duration(n) * time.Second), Subjects: []dandang.Subject{zeng},
			Allegations: []dandang.Allegation{{ID: "a1", SubjectID: zeng.ID, Summary: summary}}}
		text := "举报内容" + name + "独有标记"
		needle := strings.TrimSpace(name)
		check := utf8.ValidString(needle) && (len(needle) >= 8 || (utf8.RuneCountInString(needle) >= 2 && hasWide(needle))) &&
			!strings.Contains(public+id+"\x00"+summary, needle)
		c, err := e.svc.Receive(ctx, cPetition, in, accusation.Confidential{Reporter: accusation.Identity{Name: name}, Text: text})
		if err != nil {
			if dandang.ErrorCode(err) == "" {
				t.Fatalf("untyped error %v", err)
			}
			if check && strings.Contains(err.Error(), needle) {
				t.Errorf("reporter name %q in the error %v", needle, err)
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
		if !check {
			return
		}
		for i, r := range recs {
			if strings.Contains(string(r.Payload), needle) {
				t.Errorf("reporter name %q in history record %d", needle, i)
			}
		}
		js, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(js), needle) {
			t.Errorf("reporter name %q in the case JSON", needle)
		}
	})
}

// publicText is what a report shows anyway, whoever reported it: the JSON
// of a reference report and its history.
func publicText(t testing.TB, e *env) string {
	c, err := e.svc.Receive(ctx, cPetition, report("ref-0", true), accusation.Confidential{Reporter: liu, Text: "参照"})
	if err != nil {
		t.Fatal(err)
	}
	js, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := e.svc.History(ctx, admin, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	out := string(js)
	for _, r := range recs {
		out += "\x00" + string(r.Payload)
	}
	return out
}

func hasWide(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r >= 0x2E80 }) >= 0
}
