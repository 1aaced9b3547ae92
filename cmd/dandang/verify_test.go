package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/adapters/storetest"
	"github.com/dandang/dandang/audit"
	"golang.org/x/mod/sumdb/note"
)

// bundleFile exports the bundle of a case of 3 records to a file, after
// edit changes it, and returns the file and the log's public key.
func bundleFile(t *testing.T, edit func(b *audit.Bundle)) (string, string) {
	t.Helper()
	ctx := context.Background()
	db := memdb.New()
	store := memdb.NewStore(db, storetest.Toys)
	storetest.Saved(t, store, storetest.ToyKind, "c1", 3)
	skey, vkey, err := note.GenerateKey(nil, "test.log")
	if err != nil {
		t.Fatal(err)
	}
	signer, _ := note.NewSigner(skey)
	key, _ := note.NewVerifier(vkey)
	signed, err := (&audit.Checkpointer{Log: db.Log(), Origin: "test.log", Signer: signer}).Checkpoint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b, err := (&audit.Exporter{Log: db.Log(), Key: key, Sources: []audit.Source{audit.From(storetest.Toys, store)}}).Case(ctx, signed, storetest.ToyKind, "c1")
	if err != nil {
		t.Fatal(err)
	}
	edit(b)
	data, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "c1.bundle.json")
	if err := os.WriteFile(f, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return f, vkey
}

func TestVerify_XC01(t *testing.T) {
	for _, tt := range []struct {
		name, lang string
		edit       func(b *audit.Bundle)
		code       int
		want       string
	}{
		{"holds, English", "en", func(*audit.Bundle) {}, 0, "Verified: everything above holds."},
		{"holds, zh-Hans", "zh-Hans", func(*audit.Bundle) {}, 0, "核验通过"},
		{"record edited", "en", func(b *audit.Bundle) { b.Cases[0].Records[1].Record.Reason = "edited" }, 1,
			"the history chain breaks"},
		{"record edited, zh-Hans", "zh-Hans", func(b *audit.Bundle) { b.Cases[0].Records[1].Record.Reason = "edited" }, 1,
			"历史链断裂"},
		{"last record cut", "en", func(b *audit.Bundle) { b.Cases[0].Records = b.Cases[0].Records[:2] }, 1,
			"records were deleted, or the row was edited"},
		{"checkpoint changed", "en", func(b *audit.Bundle) { b.Checkpoint = strings.Replace(b.Checkpoint, "\n3\n", "\n4\n", 1) }, 1,
			"the checkpoint does not verify with the key given"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, key := bundleFile(t, tt.edit)
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), []string{"verify", f, "-key", key, "-lang", tt.lang}, &stdout, &stderr)
			if code != tt.code || !strings.Contains(stdout.String(), tt.want) {
				t.Errorf("exit %d, want %d; output:\n%s%s\nwant it to say %q", code, tt.code, stdout.String(), stderr.String(), tt.want)
			}
		})
	}
}

func TestVerify_Usage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"verify", "x.json"}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "usage") {
		t.Errorf("verify without -key: exit %d, %q; want 2 and the usage", code, stderr.String())
	}
}
