package main

import (
	"context"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/dandangtest"
	"github.com/dandang/dandang/followup"
	"github.com/dandang/dandang/policyfile"
	"github.com/dandang/dandang/tolerance"
)

func runTest(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(stderr)
	lang := fs.String("lang", "zh", "language of the report: zh (简体中文) or en")
	only := fs.String("run", "", "run only the scenarios whose name contains this text")
	junit := fs.String("junit", "", "write a JUnit XML report to this file")
	cover := fs.Bool("cover", false, "report, per rule, the steps it allowed and refused")
	coverMin := fs.Float64("cover-min", 0, "fail when fewer than this percent of the rules are exercised")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	paths := fs.Args()
	if len(paths) == 0 {
		paths = []string{"scenarios"}
	}
	files, err := dandangtest.Load(paths...)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	z := zh(*lang)
	cov := dandangtest.NewCoverage()
	var suites junitSuites
	failed, ran := 0, 0
	for _, f := range files {
		suite := junitSuite{Name: f.Name}
		for _, sc := range f.Scenarios {
			if *only != "" && !strings.Contains(sc.Name, *only) {
				continue
			}
			ran++
			res := dandangtest.Execute(ctx, sc, dandangtest.RunOptions{})
			cov.Merge(res.Coverage)
			tc := junitCase{Name: sc.Name, Classname: f.Name}
			status := map[bool]string{true: "ok  ", false: "FAIL"}[res.Passed()]
			if z {
				status = map[bool]string{true: "通过", false: "失败"}[res.Passed()]
			}
			fmt.Fprintf(stdout, "%s %s: %s (%d)\n", status, f.Name, sc.Name, len(res.Outcomes))
			if !res.Passed() {
				failed++
				fmt.Fprintf(stdout, "    %v\n", res.Err)
				tc.Failure = &junitFailure{Message: res.Err.Error()}
				suite.Failures++
			}
			suite.Tests++
			suite.Cases = append(suite.Cases, tc)
		}
		suites.Suites = append(suites.Suites, suite)
	}
	if *only != "" && ran == 0 {
		fmt.Fprintf(stderr, "no scenario's name contains %q\n", *only)
		return 1
	}
	if *junit != "" {
		b, _ := xml.MarshalIndent(suites, "", "  ")
		if err := os.WriteFile(*junit, append([]byte(xml.Header), b...), 0o644); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
	}
	if z {
		fmt.Fprintf(stdout, "%d 个场景，%d 个失败\n", ran, failed)
	} else {
		fmt.Fprintf(stdout, "%d scenarios, %d failed\n", ran, failed)
	}
	if *cover || *coverMin > 0 {
		cov.Report(stdout, z)
	}
	if failed > 0 {
		return 1
	}
	if *coverMin > 0 && cov.Percent() < *coverMin {
		fmt.Fprintf(stderr, "rule coverage %.1f%% is below %.1f%%\n", cov.Percent(), *coverMin)
		return 1
	}
	return 0
}

type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
}

func runCheck(_ context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage: dandang check POLICY")
		return 2
	}
	f, err := policyfile.Load(args[0])
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	fmt.Fprintf(stdout, "%s: %s policy %s is valid; %d values sourced\n", f.Name, f.Process, f.Policy.PolicyRef(), len(f.Sources))
	un := f.Unsourced()
	if len(un) > 0 {
		fmt.Fprintf(stdout, "%d values are the library's defaults or stand-ins; replace them with your own rules' and cite them:\n", len(un))
		for _, s := range un {
			fmt.Fprintf(stdout, "  %s:%d: %s: %s\n", f.Name, s.Line, s.Path, s.Text)
		}
	}
	return 0
}

func runRules(_ context.Context, args []string, stdout, _ io.Writer) int {
	for _, r := range dandang.Rules() {
		proc := r.Process
		if proc == "" {
			proc = "all"
		}
		pol := ""
		if r.Policy {
			pol = " (policy)"
		}
		src := r.Source
		if src == "" {
			src = "—"
		}
		fmt.Fprintf(stdout, "%s  %s%s  source: %s\n    %s\n    %s\n", r.ID, proc, pol, src, r.SummaryZh, r.SummaryEn)
	}
	return 0
}

func runDiagram(_ context.Context, args []string, stdout, stderr io.Writer) int {
	diagrams := map[string]func() string{"accusation": accusation.Diagram, "clearance": clearance.Diagram, "tolerance": tolerance.Diagram, "followup": followup.Diagram}
	if len(args) != 1 || diagrams[args[0]] == nil {
		fmt.Fprintln(stderr, "usage: dandang diagram accusation|clearance|tolerance|followup")
		return 2
	}
	fmt.Fprint(stdout, diagrams[args[0]]())
	return 0
}

func runExplain(_ context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage: dandang explain RULE")
		return 2
	}
	r, ok := dandang.RuleByID(strings.ToUpper(args[0]))
	if !ok {
		fmt.Fprintf(stderr, "no rule %q: `dandang rules` lists them\n", args[0])
		return 1
	}
	proc := r.Process
	if proc == "" {
		proc = "every process"
	}
	fmt.Fprintf(stdout, "%s (%s)\n  %s\n  %s\n  source: %s\n", r.ID, proc, r.SummaryZh, r.SummaryEn, orDash(r.Source))
	if r.Policy {
		fmt.Fprintln(stdout, "  a policy sets it; the default policy's values and their sources:")
	}
	for _, p := range policyfile.Processes() {
		f, err := policyfile.Default(p)
		if err != nil {
			continue
		}
		for _, s := range f.Sources {
			if strings.Contains(s.Text, r.ID) {
				fmt.Fprintf(stdout, "    %s %s: %s\n", p, s.Path, s.Text)
			}
		}
	}
	return 0
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
