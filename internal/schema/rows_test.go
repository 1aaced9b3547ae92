package schema_test

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/followup"
	"github.com/dandang/dandang/internal/walk"
	"github.com/dandang/dandang/kit"
	"github.com/dandang/dandang/tolerance"
)

// writeRows writes the golden rows of testdata/rows from the walkthrough run
// on the current code: go test ./internal/schema -run TestWriteRows -write-rows.
// The rows committed there were written before the data contract (contract
// v0, Go field names); they are never rewritten, only added to.
var writeRows = flag.String("write-rows", "", "write the walkthrough's rows to testdata/rows/`name`-<kind>.json")

// goldenRecord is a history record as the PostgreSQL history table keeps
// it, column by column; Payload is the bytes of the payload column.
type goldenRecord struct {
	CaseKind  string          `json:"case_kind"`
	CaseID    string          `json:"case_id"`
	Seq       int             `json:"seq"`
	At        time.Time       `json:"at"`
	Actor     json.RawMessage `json:"actor"`
	Command   string          `json:"command"`
	From      string          `json:"from_state"`
	To        string          `json:"to_state"`
	Reason    string          `json:"reason"`
	Rules     []string        `json:"rules"`
	Payload   *string         `json:"payload"`
	StateHash string          `json:"state_hash"`
	PrevHash  string          `json:"prev_hash"`
	Hash      string          `json:"hash"`
}

// goldenCase is a case row: Data is the bytes of the data column, exactly
// as the store wrote them.
type goldenCase struct {
	ID      string         `json:"id"`
	Data    string         `json:"data"`
	History []goldenRecord `json:"history"`
}

// goldenEvent is an outbox row; Payload is the bytes of the payload column.
type goldenEvent struct {
	ID       string    `json:"id"`
	Kind     string    `json:"kind"`
	CaseKind string    `json:"case_kind"`
	CaseID   string    `json:"case_id"`
	At       time.Time `json:"at"`
	Payload  string    `json:"payload"`
}

// goldenRows are the rows of one case kind.
type goldenRows struct {
	Kind   string        `json:"kind"`
	Cases  []goldenCase  `json:"cases"`
	Events []goldenEvent `json:"events,omitempty"`
}

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
