package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/dandang/dandang/audit"
	"golang.org/x/mod/sumdb/note"
)

// files is a flag given once per file: verify's -checkpoint (files of
// checkpoints the auditor holds), import's -policy.
type files []string

func (c *files) String() string     { return strings.Join(*c, ",") }
func (c *files) Set(v string) error { *c = append(*c, v); return nil }

// runVerify is `dandang verify BUNDLE -key KEY`: it checks the bundle
// offline with the log's public key (a note verifier key, or a file
// holding one), against each checkpoint file given, and prints what holds
// and the first thing that does not, in zh-Hans or English (-lang; by
// default from LANG). It exits 0 when everything holds, 1 when something
// does not, 2 for bad usage or unreadable input.
func runVerify(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	key := fs.String("key", "", "the log's public key (a note verifier key, or a file holding one)")
	lang := fs.String("lang", defaultLang(), "zh-Hans or en")
	var trusted files
	fs.Var(&trusted, "checkpoint", "a file of a signed checkpoint you hold (repeatable)")
	// The bundle may come before the flags, as in `dandang verify BUNDLE -key KEY`.
	var bundle string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		bundle, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if bundle == "" && fs.NArg() > 0 {
		bundle = fs.Arg(0)
	}
	if bundle == "" || *key == "" {
		fmt.Fprintln(stderr, "usage: dandang verify BUNDLE -key KEY [-checkpoint FILE]… [-lang zh-Hans|en]")
		return 2
	}
	vkey := strings.TrimSpace(*key)
	if b, err := os.ReadFile(vkey); err == nil {
		vkey = strings.TrimSpace(string(b))
	}
	v, err := note.NewVerifier(vkey)
	if err != nil {
		fmt.Fprintf(stderr, "dandang verify: -key: not a public key: %v\n", err)
		return 2
	}
	data, err := os.ReadFile(bundle)
	if err != nil {
		fmt.Fprintf(stderr, "dandang verify: %v\n", err)
		return 2
	}
	b, err := audit.Decode(data)
	if err != nil {
		fmt.Fprintf(stderr, "dandang verify: %s: %v\n", bundle, err)
		return 2
	}
	var held [][]byte
	for _, f := range trusted {
		c, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintf(stderr, "dandang verify: %v\n", err)
			return 2
		}
		held = append(held, c)
	}
	r := b.Check(v, held...)
	fmt.Fprint(stdout, r.Text(*lang))
	if !r.OK() {
		return 1
	}
	return 0
}

// defaultLang is zh-Hans when LANG or LC_ALL says Chinese, else English.
func defaultLang() string {
	for _, v := range []string{os.Getenv("LC_ALL"), os.Getenv("LANG")} {
		if strings.HasPrefix(v, "zh") {
			return "zh-Hans"
		}
	}
	return "en"
}
