package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/dandangtest"
	"github.com/dandang/dandang/policyfile"
)

// runDiff runs every scenario under OLD and under NEW and lists each step
// whose outcome changed, in words a commission reads.
func runDiff(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("diff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	lang := fs.String("lang", "zh", "language of the report: zh (简体中文) or en")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	args = fs.Args()
	if len(args) < 2 {
		fmt.Fprintln(stderr, "usage: dandang diff [-lang zh|en] OLD NEW [files|dirs]")
		return 2
	}
	t := words(zh(*lang))
	oldP, err := policyfile.Load(args[0])
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	newP, err := policyfile.Load(args[1])
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if oldP.Process != newP.Process {
		fmt.Fprintf(stderr, "%s is a %s policy and %s a %s policy: compare two policies of one process\n", args[0], oldP.Process, args[1], newP.Process)
		return 2
	}
	paths := args[2:]
	if len(paths) == 0 {
		paths = []string{"scenarios"}
	}
	files, err := dandangtest.Load(paths...)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	changed := 0
	for _, f := range files {
		for _, sc := range f.Scenarios {
			a := dandangtest.Execute(ctx, sc, dandangtest.RunOptions{Policy: oldP, KeepGoing: true})
			b := dandangtest.Execute(ctx, sc, dandangtest.RunOptions{Policy: newP, KeepGoing: true})
			for i := range min(len(a.Outcomes), len(b.Outcomes)) {
				for _, line := range t.compare(a.Outcomes[i], b.Outcomes[i]) {
					st := a.Outcomes[i].Step
					fmt.Fprintf(stdout, t.step+"\n", f.Name, st.Line, sc.Name, i+1, st.Actor, st.Process, st.Command, st.On, line)
					changed++
				}
			}
		}
	}
	fmt.Fprintf(stdout, t.total+"\n", changed, oldP.Policy.PolicyRef(), newP.Policy.PolicyRef())
	return 0
}

// wording is how diff says what changed, in one language.
type wording struct {
	zh                                             bool
	step, total                                    string
	nowRefused, nowAllowed, otherRule, state, none string
	deadline, provisional                          string
}

func words(zh bool) wording {
	if zh {
		return wording{zh: true,
			step:       "%s:%d: %s，第%d步（%s %s.%s，%s）：%s",
			total:      "从 %[2]s 到 %[3]s，共 %[1]d 个步骤的结果改变",
			nowRefused: "原可办理，现因%s（%s）被拒绝", nowAllowed: "原因%s被拒绝，现可办理",
			otherRule: "原因%s被拒绝，现因%s被拒绝", state: "案件状态现为%s，原为%s", none: "无",
			deadline: "期限由%s改为%s", provisional: "期限是否暂定：现为%v，原为%v"}
	}
	return wording{
		step:       "%s:%d: %s, step %d (%s %s.%s on %s): %s",
		total:      "%d step outcomes changed from %s to %s",
		nowRefused: "was allowed, now refused by %s (%s)", nowAllowed: "was refused by %s, now allowed",
		otherRule: "was refused by %s, now by %s", state: "the case is now %s, was %s", none: "none",
		deadline: "the deadline moves from %s to %s", provisional: "the deadline is provisional: now %v, was %v"}
}

// Compare describes, in English, how a step's outcome under the new policy
// differs from the old: allowed or refused, the rule, the state, the
// deadline.
func Compare(a, b dandangtest.Outcome) []string { return words(false).compare(a, b) }

// compare describes how a step's outcome under the new policy differs from
// the old, in t's language.
func (t wording) compare(a, b dandangtest.Outcome) []string {
	var out []string
	switch {
	case a.Err == nil && b.Err != nil:
		out = append(out, fmt.Sprintf(t.nowRefused, b.Refused, t.summary(b.Refused)))
	case a.Err != nil && b.Err == nil:
		out = append(out, fmt.Sprintf(t.nowAllowed, a.Refused))
	case a.Err != nil && b.Err != nil && a.Refused != b.Refused:
		out = append(out, fmt.Sprintf(t.otherRule, a.Refused, b.Refused))
	}
	if a.State != b.State {
		out = append(out, fmt.Sprintf(t.state, t.orNone(b.State), t.orNone(a.State)))
	}
	if a.Due != b.Due {
		out = append(out, fmt.Sprintf(t.deadline, t.day(a.Due), t.day(b.Due)))
	}
	if a.Provisional != b.Provisional {
		out = append(out, fmt.Sprintf(t.provisional, b.Provisional, a.Provisional))
	}
	return out
}

func (t wording) summary(rule string) string {
	if r, ok := dandang.RuleByID(rule); ok {
		if t.zh {
			return r.SummaryZh
		}
		return r.SummaryEn
	}
	return t.none
}

func (t wording) day(d dandang.Day) string {
	if d == 0 {
		return t.none
	}
	return d.String()
}

func (t wording) orNone(s string) string {
	if s == "" {
		return t.none
	}
	return s
}
