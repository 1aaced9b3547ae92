package backfill

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/internal/walk"
	"github.com/dandang/dandang/kit"
)

func TestGenerate_ChecksWithoutRefusal(t *testing.T) {
	var buf bytes.Buffer
	if err := Generate(&buf, 40, 1); err != nil {
		t.Fatal(err)
	}
	dir, err := walk.Directory()
	if err != nil {
		t.Fatal(err)
	}
	data := buf.String()
	sum, err := Run(context.Background(), Config{Directory: dir, Keys: accusation.RandomKeys()}, strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range sum.Refused {
		t.Errorf("line %d step %d %s: %v", r.Line, r.Step, r.Command, r.Err)
	}
	if sum.Checked != 40 || sum.Imported != 0 {
		t.Errorf("checked %d, imported %d; want 40, and none written by a dry run", sum.Checked, sum.Imported)
	}

	// AC16: without the host's keys a report's reporter could never be
	// read again: each report is refused, the other cases go on.
	sum, err = Run(context.Background(), Config{Directory: dir}, strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if sum.ByRule["AC16"] != 16 || len(sum.Refused) != 16 || sum.Checked != 24 {
		t.Errorf("without keys: refused %v, checked %d; want the 16 reports refused by AC16 and 24 checked", sum.ByRule, sum.Checked)
	}
	for _, r := range sum.Refused {
		if r.Command != "accusation.Receive" || r.Field != "Keys" {
			t.Errorf("line %d refused as %s %s, want accusation.Receive naming Keys", r.Line, r.Command, r.Field)
		}
	}
}

func BenchmarkReplay(b *testing.B) {
	var buf bytes.Buffer
	if err := Generate(&buf, 200, 1); err != nil {
		b.Fatal(err)
	}
	dir, err := walk.Directory()
	if err != nil {
		b.Fatal(err)
	}
	r, err := newReplayer(setup{dir: dir, keys: accusation.RandomKeys()})
	if err != nil {
		b.Fatal(err)
	}
	var cases []*Case
	for _, l := range bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n")) {
		c, err := Decode(l)
		if err != nil {
			b.Fatal(err)
		}
		cases = append(cases, c)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, ref := r.replay(context.Background(), 1, cases[i%len(cases)]); ref != nil {
			b.Fatal(ref.Err)
		}
	}
}

// XC06: a line that does not read is refused naming its field, before
// anything runs.
func TestDecode_XC06_NamesTheField(t *testing.T) {
	var buf bytes.Buffer
	if err := Generate(&buf, 2, 1); err != nil {
		t.Fatal(err)
	}
	clr := strings.Split(buf.String(), "\n")[1] // a clearance
	for _, tt := range []struct{ name, line, field string }{
		{"format", strings.Replace(clr, Format, "dandang.import/0", 1), "format"},
		{"process", strings.Replace(clr, `"process":"clearance"`, `"process":"audit"`, 1), "process"},
		{"command", strings.Replace(clr, `"command":"Plan"`, `"command":"Plant"`, 1), "steps[0].command"},
		{"opening", strings.Replace(clr, `"command":"Open"`, `"command":"Propose"`, 1), "open.command"},
		{"input", strings.Replace(clr, `"forms":`, `"farms":`, 1), "steps[0].input"},
		{"time", backwards(t, clr), "steps[3].at"},
		{"confidential where none is taken", strings.Replace(clr, `"command":"Plan"`, `"command":"Plan","confidential":{"text":"x"}`, 1), "steps[0].confidential"},
	} {
		_, err := Decode([]byte(tt.line))
		var de *dandang.Error
		if !errors.As(err, &de) || de.Rule != "XC06" || (tt.field != "" && de.Field != tt.field) {
			t.Errorf("%s: %v, want XC06 naming %q", tt.name, err, tt.field)
		}
	}
	if _, err := Decode([]byte(clr)); err != nil {
		t.Errorf("the line itself: %v", err)
	}
}

// backwards returns line with its fourth step dated before the third.
func backwards(t *testing.T, line string) string {
	c, err := Decode([]byte(line))
	if err != nil {
		t.Fatal(err)
	}
	c.Steps[3].At = c.Steps[2].At.Add(-time.Hour)
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// XC06: a historical case has happened. A step dated after the import
// runs is refused naming its time; the other cases go on.
func TestRun_XC06_RefusesTheFuture(t *testing.T) {
	var buf bytes.Buffer
	if err := Generate(&buf, 4, 1); err != nil {
		t.Fatal(err)
	}
	dir, err := walk.Directory()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	c, err := Decode([]byte(lines[1])) // a clearance
	if err != nil {
		t.Fatal(err)
	}
	now := c.Steps[2].At.Add(time.Hour) // the import runs before the fourth step
	sum, err := Run(context.Background(), Config{Directory: dir, Keys: accusation.RandomKeys(), Clock: dandang.NewFixedClock(now)},
		strings.NewReader(lines[1]))
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Refused) != 1 || sum.Refused[0].Rule != "XC06" || sum.Refused[0].Field != "steps[3].at" {
		t.Fatalf("refused %+v, want the step after the import's time refused naming steps[3].at (XC06)", sum.Refused)
	}
	sum, err = Run(context.Background(), Config{Directory: dir, Keys: accusation.RandomKeys(), Clock: dandang.NewFixedClock(c.Steps[len(c.Steps)-1].At)},
		strings.NewReader(lines[1]))
	if err != nil || sum.Checked != 1 {
		t.Errorf("a case whose last step is the import's time: checked %d, %v; want it checked", sum.Checked, err)
	}
}

// Cases replay under the host's policies, not the library's defaults: a
// host whose current clearance policy is its own gets cases opened under
// it.
func TestRun_HostPolicies(t *testing.T) {
	var buf bytes.Buffer
	if err := Generate(&buf, 2, 1); err != nil {
		t.Fatal(err)
	}
	dir, err := walk.Directory()
	if err != nil {
		t.Fatal(err)
	}
	own := clearance.DefaultPolicy()
	own.Ref = kit.PolicyRef{ID: "host", Version: 3}
	db := memdb.New()
	store := memdb.NewStore(db, clearance.Cases)
	line := strings.Split(buf.String(), "\n")[1] // a clearance
	sum, err := Run(context.Background(), Config{Directory: dir, Keys: accusation.RandomKeys(),
		Policies: Policies{Clearance: kit.NewPolicySet(own, clearance.DefaultPolicy())}, Target: Target{Clearance: store}}, strings.NewReader(line))
	if err != nil || sum.Imported != 1 {
		t.Fatalf("imported %d, %v; refused %+v", sum.Imported, err, sum.Refused)
	}
	c, err := Decode([]byte(line))
	if err != nil {
		t.Fatal(err)
	}
	cs, err := store.Find(context.Background(), kit.Filter{})
	if err != nil || len(cs) != 1 {
		t.Fatalf("Find = %d, %v", len(cs), err)
	}
	if got := cs[0].Policy; got != own.Ref {
		t.Errorf("case of line %s opened under %v, want the host's %v", c.Open.Command, got, own.Ref)
	}
}
