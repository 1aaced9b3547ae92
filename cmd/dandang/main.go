// Command dandang lets a commission's policy staff test their process
// rules without writing Go: it runs scenario files with rule coverage,
// checks policy files, shows what a policy change does to past cases, and
// lists and explains the rules.
//
//	dandang test [-lang zh|en] [-run NAME] [-junit FILE] [-cover] [-cover-min N] [files|dirs]
//	dandang check POLICY
//	dandang diff [-lang zh|en] OLD NEW [files|dirs]
//	dandang rules
//	dandang diagram PROCESS
//	dandang explain RULE
//	dandang verify BUNDLE -key KEY [-checkpoint FILE]… [-lang zh-Hans|en]
//	dandang import [-postgres URL | -check] [-directory FILE] [-key-file FILE] [-lang zh|en] FILE|-
//	dandang import -generate N [-seed S]
//
// verify checks a case bundle offline with the log's public key alone
// (package audit): what holds, and the first thing that does not.
//
// import replays historical cases — one JSON line each, in the versioned
// format of schema/import.case.json — through the services on their
// original dates, so that every rule is checked, and writes them with
// their chained histories to PostgreSQL by COPY, skipping the cases held
// already; a refused case is listed with its rule and the others go on.
// Their events are not delivered.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// command is one subcommand: adding one is one line in commands.
type command struct {
	run   func(ctx context.Context, args []string, stdout, stderr io.Writer) int
	usage string
}

var commands = map[string]command{
	"test":    {runTest, "test [-lang zh|en] [-run NAME] [-junit FILE] [-cover] [-cover-min N] [files|dirs]: run scenario files"},
	"check":   {runCheck, "check POLICY: validate a policy file and list its defaults and stand-ins"},
	"diff":    {runDiff, "diff [-lang zh|en] OLD NEW [files|dirs]: run the scenarios under two policies and list the steps whose outcome changed"},
	"rules":   {runRules, "rules: list the rules with their texts and sources"},
	"diagram": {runDiagram, "diagram PROCESS: print the process's state diagram (Mermaid)"},
	"explain": {runExplain, "explain RULE: print a rule's texts, source and the policy values that encode it"},
	"verify": {func(_ context.Context, args []string, stdout, stderr io.Writer) int {
		return runVerify(args, stdout, stderr)
	},
		"verify BUNDLE -key KEY [-checkpoint FILE]… [-lang zh-Hans|en]: check a history bundle offline with the log's public key"},
	"import": {runImport, importUsage},
}

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "dandang: unknown command %q\n", args[0])
		usage(stderr)
		return 2
	}
	return c.run(ctx, args[1:], stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: dandang COMMAND [arguments]")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintln(w, "  dandang "+commands[n].usage)
	}
}

func zh(lang string) bool { return !strings.HasPrefix(lang, "en") }
