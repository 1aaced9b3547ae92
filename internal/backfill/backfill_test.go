package backfill

import (
	"bytes"
	"context"
	"testing"

	"github.com/dandang/dandang/accusation"
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

func BenchmarkReplay(b *testing.B) {
	var buf bytes.Buffer
	if err := Generate(&buf, 200, 1); err != nil {
		b.Fatal(err)
	}
	dir, err := walk.Directory()
	if err != nil {
		b.Fatal(err)
	}
	r, err := newReplayer(setup{dir: dir, keys: accusation.RandomKeys()})
	if err != nil {
		b.Fatal(err)
	}
	var cases []*Case
	for _, l := range bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n")) {
		c, err := Decode(l)
		if err != nil {
			b.Fatal(err)
		}
		cases = append(cases, c)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, ref := r.replay(context.Background(), 1, cases[i%len(cases)]); ref != nil {
			b.Fatal(ref.Err)
		}
	}
}
