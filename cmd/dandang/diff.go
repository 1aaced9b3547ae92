package main

import (
	"context"
	"fmt"
	"io"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/dandangtest"
	"github.com/dandang/dandang/policyfile"
)

// runDiff runs every scenario under OLD and under NEW and lists each step
// whose outcome changed, in words a commission reads.
func runDiff(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) < 2 {
		fmt.Fprintln(stderr, "usage: dandang diff OLD NEW [files|dirs]")
		return 2
	}
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
				for _, line := range Compare(a.Outcomes[i], b.Outcomes[i]) {
					st := a.Outcomes[i].Step
					fmt.Fprintf(stdout, "%s:%d: %s, step %d (%s %s.%s on %s): %s\n", f.Name, st.Line, sc.Name, i+1, st.Actor, st.Process, st.Command, st.On, line)
					changed++
				}
			}
		}
	}
	fmt.Fprintf(stdout, "%d step outcomes changed from %s to %s\n", changed, oldP.Policy.PolicyRef(), newP.Policy.PolicyRef())
	return 0
}

// Compare describes how a step's outcome under the new policy differs
// from the old: allowed or refused, the rule, the state, the deadline.
func Compare(a, b dandangtest.Outcome) []string {
	var out []string
	switch {
	case a.Err == nil && b.Err != nil:
		out = append(out, fmt.Sprintf("was allowed, now refused by %s (%s)", b.Refused, summary(b.Refused)))
	case a.Err != nil && b.Err == nil:
		out = append(out, fmt.Sprintf("was refused by %s, now allowed", a.Refused))
	case a.Err != nil && b.Err != nil && a.Refused != b.Refused:
		out = append(out, fmt.Sprintf("was refused by %s, now by %s", a.Refused, b.Refused))
	}
	if a.State != b.State {
		out = append(out, fmt.Sprintf("the case is now %s, was %s", orNone(b.State), orNone(a.State)))
	}
	if a.Due != b.Due {
		out = append(out, fmt.Sprintf("the deadline moves from %s to %s", day(a.Due), day(b.Due)))
	}
	if a.Provisional != b.Provisional {
		out = append(out, fmt.Sprintf("the deadline is provisional: now %v, was %v", b.Provisional, a.Provisional))
	}
	return out
}

func summary(rule string) string {
	if r, ok := dandang.RuleByID(rule); ok {
		return r.SummaryEn
	}
	return "no rule named"
}

func day(d dandang.Day) string {
	if d == 0 {
		return "none"
	}
	return d.String()
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
