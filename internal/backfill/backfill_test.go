package backfill

import (
	"bytes"
	"context"
	"testing"

	"github.com/dandang/dandang/internal/walk"
)

func TestGenerate_ChecksWithoutRefusal(t *testing.T) {
	var buf bytes.Buffer
	if err := Generate(&buf, 40, 1); err != nil {
		t.Fatal(err)
	}
	dir, err := walk.Directory()
	if err != nil {
		t.Fatal(err)
	}
	sum, err := Run(context.Background(), Config{Directory: dir}, &buf)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range sum.Refused {
		t.Errorf("line %d step %d %s: %v", r.Line, r.Step, r.Command, r.Err)
	}
	if sum.Checked != 40 {
		t.Errorf("checked %d, want 40", sum.Checked)
	}
}
