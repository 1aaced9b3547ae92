package schema_test

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/followup"
	"github.com/dandang/dandang/internal/goldenrows"
	"github.com/dandang/dandang/internal/walk"
	"github.com/dandang/dandang/kit"
	"github.com/dandang/dandang/tolerance"
)

// writeRows writes the golden rows of testdata/rows from the walkthrough run
// on the current code: go test ./internal/schema -run TestWriteRows -write-rows.
// The rows committed there were written before the data contract (v0, Go
// field names) and in contract 1 (v1, json names, the state hashed over
// the case's JSON); they are never rewritten, only added to.
var writeRows = flag.String("write-rows", "", "write the walkthrough's rows to testdata/rows/`name`-<kind>.json")

type (
	goldenRecord = goldenrows.Record
	goldenCase   = goldenrows.Case
	goldenEvent  = goldenrows.Event
	goldenRows   = goldenrows.Rows
)

func toGolden(recs []dandang.Record) ([]goldenRecord, error) {
	var out []goldenRecord
	for _, r := range recs {
		actor, err := json.Marshal(r.Actor)
		if err != nil {
			return nil, err
		}
		g := goldenRecord{CaseKind: r.CaseKind, CaseID: r.CaseID, Seq: r.Seq, At: r.At, Actor: actor, Command: r.Command,
			From: r.From, To: r.To, Reason: r.Reason, Rules: r.Rules, StateHash: r.StateHash, PrevHash: r.PrevHash, Hash: r.Hash}
		if r.Payload != nil {
			p := string(r.Payload)
			g.Payload = &p
		}
		out = append(out, g)
	}
	return out, nil
}

// dump returns the rows of every case of st.
func dump[C kit.Stored[C]](ctx context.Context, kind string, st kit.Store[C]) (goldenRows, error) {
	rows := goldenRows{Kind: kind}
	cs, err := st.Find(ctx, kit.Filter{})
	if err != nil {
		return rows, err
	}
	for _, c := range cs {
		id := c.Meta().ID
		c, recs, err := st.Load(ctx, id)
		if err != nil {
			return rows, err
		}
		data, err := json.Marshal(c) // as the PostgreSQL store writes the data column
		if err != nil {
			return rows, err
		}
		hist, err := toGolden(recs)
		if err != nil {
			return rows, err
		}
		rows.Cases = append(rows.Cases, goldenCase{ID: id, Data: string(data), History: hist})
	}
	return rows, nil
}

func TestWriteRows(t *testing.T) {
	if *writeRows == "" {
		t.Skip("writes golden rows only with -write-rows")
	}
	ctx := context.Background()
	db := memdb.New()
	if err := walk.All(ctx, io.Discard, walk.Stores{Clearance: memdb.NewStore(db, clearance.Cases), FollowUp: memdb.NewStore(db, followup.Cases), Tolerance: memdb.NewStore(db, tolerance.Cases),
		Accusation: memdb.NewStore(db, accusation.Cases), Outbox: db.Outbox()}); err != nil {
		t.Fatal(err)
	}
	all := map[string]func() (goldenRows, error){
		"clearance":  func() (goldenRows, error) { return dump(ctx, "clearance", memdb.NewStore(db, clearance.Cases)) },
		"followup":   func() (goldenRows, error) { return dump(ctx, "followup", memdb.NewStore(db, followup.Cases)) },
		"tolerance":  func() (goldenRows, error) { return dump(ctx, "tolerance", memdb.NewStore(db, tolerance.Cases)) },
		"accusation": func() (goldenRows, error) { return dump(ctx, "accusation", memdb.NewStore(db, accusation.Cases)) },
	}
	evs, err := db.Outbox().All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for kind, f := range all {
		rows, err := f()
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range evs {
			if ev.CaseKind == kind {
				rows.Events = append(rows.Events, goldenEvent{ID: ev.ID, Kind: string(ev.Kind), CaseKind: ev.CaseKind,
					CaseID: ev.CaseID, At: ev.At, Payload: string(ev.Payload)})
			}
		}
		b, err := json.MarshalIndent(rows, "", "\t")
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("testdata", "rows", *writeRows+"-"+kind+".json")
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d cases, %d events", path, len(rows.Cases), len(rows.Events))
	}
}
