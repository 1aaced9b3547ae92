// Command dandang is the command line of the dandang library.
//
//	dandang verify BUNDLE -key KEY [-checkpoint FILE]… [-lang zh-Hans|en]
//
// checks a case bundle offline with the log's public key alone (package
// audit): what holds, and the first thing that does not.
package main

import (
	"fmt"
	"io"
	"os"
)

// commands are the subcommands, by name.
var commands = map[string]func(args []string, stdout, stderr io.Writer) int{
	"verify": runVerify,
}

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		if cmd, ok := commands[args[0]]; ok {
			return cmd(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintln(stderr, "usage: dandang verify BUNDLE -key KEY [-checkpoint FILE]… [-lang zh-Hans|en]")
	return 2
}
