package postgres_test

import (
	"flag"
	"fmt"
	"os"
	"testing"
)

// TestMain runs none of the package's tests when DANDANG_POSTGRES_URL is
// not set, since every one of them needs the server: go test ./... then
// says so in its one line for the package ("[no tests to run]"), and -v
// says why, rather than listing a skip per test.
func TestMain(m *testing.M) {
	flag.Parse()
	if os.Getenv("DANDANG_POSTGRES_URL") == "" {
		fmt.Println("adapters/postgres: DANDANG_POSTGRES_URL is not set, so its PostgreSQL tests do not run " +
			"(set it to a server's URL, such as postgres://postgres@127.0.0.1:5432/test?sslmode=disable)")
		if err := flag.Set("test.run", "^$"); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		if err := flag.Set("test.bench", ""); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
	os.Exit(m.Run())
}
