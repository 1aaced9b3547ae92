package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
)

func generatedFile(t *testing.T, n string) string {
	t.Helper()
	code, out, errs := runCLI(t, "import", "-generate", n, "-seed", "3")
	if code != 0 {
		t.Fatalf("generate: exit %d: %s", code, errs)
	}
	path := filepath.Join(t.TempDir(), "cases.jsonl")
	if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestImport_NoStoreRefused(t *testing.T) {
	t.Setenv("DANDANG_POSTGRES_URL", "")
	path := generatedFile(t, "4")
	code, _, errs := runCLI(t, "import", "-lang", "en", path)
	if code != 2 || !strings.Contains(errs, "-postgres") || !strings.Contains(errs, "gone when the command exits") {
		t.Errorf("exit %d, stderr %q: want 2 and a word on -postgres and -check", code, errs)
	}
}

func TestImport_CheckSummary(t *testing.T) {
	path := generatedFile(t, "60")
	code, out, errs := runCLI(t, "import", "-check", "-lang", "en", path)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{"memory (gone when the command exits)", "60 cases read, 60 written", "0 refused", "cases/s"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errs, "100%") {
		t.Errorf("no progress line on stderr: %q", errs)
	}
	code, out, _ = runCLI(t, "import", "-check", path)
	if code != 0 || !strings.Contains(out, "写入 60 件") {
		t.Errorf("zh summary: exit %d\n%s", code, out)
	}
}

// A line the rules refuse is listed with its rule (CL07: the approval
// awaits the principal leader, not the office), a line that does not
// read with XC06, and the others are written.
func TestImport_RefusedNamedByRule(t *testing.T) {
	path := generatedFile(t, "6")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	// Line 2 is a clearance: its leader's approval given by the office.
	lines[1] = strings.ReplaceAll(lines[1], `"roles":["principal_leader"]`, `"roles":["stationed_group"]`)
	lines = append(lines, `{"format":"dandang.import/9"}`)
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCLI(t, "import", "-check", "-lang", "en", path)
	if code != 1 {
		t.Errorf("exit %d, want 1 for refused cases", code)
	}
	for _, want := range []string{"5 written", "2 refused", "line 2 ", "step 4 clearance.Approve: CL07", "line 7 ", "XC06"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
}

// Into PostgreSQL, twice: the second run writes nothing and skips every
// case; without the host's key, reports are refused (AC16).
func TestImport_PostgresTwice(t *testing.T) {
	url := os.Getenv("DANDANG_POSTGRES_URL")
	if url == "" {
		t.Skip("DANDANG_POSTGRES_URL is not set")
	}
	ctx := context.Background()
	admin, err := pgxpool.New(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	var rb [6]byte
	_, _ = rand.Read(rb[:])
	schema := "dandang_test_" + hex.EncodeToString(rb[:])
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	defer func() { _, _ = admin.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE") }()
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	url += sep + "search_path=" + schema
	path := generatedFile(t, "40")
	key := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(key, []byte(strings.Repeat("ab", 32)), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI(t, "import", "-lang", "en", "-postgres", url, "-key-file", key, path)
	if code != 0 || !strings.Contains(out, "into PostgreSQL: 40 cases read, 40 written") {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = runCLI(t, "import", "-lang", "en", "-postgres", url, "-key-file", key, "-verify", path)
	if code != 0 || !strings.Contains(out, "0 written (0 records), 40 skipped") || !strings.Contains(out, "verified: 40 cases") {
		t.Fatalf("again: exit %d\n%s%s", code, out, errs)
	}
	code, out, _ = runCLI(t, "import", "-lang", "en", "-postgres", url, path)
	if code != 1 || !strings.Contains(out, "16 refused (AC16 16)") {
		t.Errorf("without the key: exit %d\n%s", code, out)
	}
}
