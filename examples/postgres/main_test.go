package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestPostgresWalkthrough(t *testing.T) {
	url := os.Getenv("DANDANG_POSTGRES_URL")
	if url == "" {
		t.Skip("DANDANG_POSTGRES_URL is not set")
	}
	var out bytes.Buffer
	schema := fmt.Sprintf("dandang_example_test_%d", os.Getpid())
	if err := run(context.Background(), &out, url, schema, false); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if n := strings.Count(got, "records  verifies"); n != 5 {
		t.Errorf("%d chains verify on PostgreSQL, want 5:\n%s", n, got)
	}
	if !strings.Contains(got, "共为受到失实检举控告的3名党员干部和1个党组织澄清正名") {
		t.Errorf("statistics missing:\n%s", got)
	}
}

func TestNoDatabaseSaysSo(t *testing.T) {
	err := run(context.Background(), &bytes.Buffer{}, "", "s", false)
	if err == nil || !strings.Contains(err.Error(), "DANDANG_POSTGRES_URL") {
		t.Errorf("run without a URL = %v, want a message naming DANDANG_POSTGRES_URL", err)
	}
	err = run(context.Background(), &bytes.Buffer{}, "postgres://nobody@127.0.0.1:1/none?connect_timeout=2", "s", false)
	if err == nil || !strings.Contains(err.Error(), "cannot connect to 127.0.0.1:1") {
		t.Errorf("run against no server = %v, want a clear message", err)
	}
}
