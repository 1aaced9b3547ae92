package accusation_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/google/go-cmp/cmp"
)

// recorder is an Observer that keeps what it is told, in order.
type recorder struct {
	mu     sync.Mutex
	starts []dandang.CommandInfo
	ends   []ended
}

type ended struct {
	info dandang.CommandInfo
	err  error
}

type spanKey struct{}

func (r *recorder) CommandStart(ctx context.Context, info dandang.CommandInfo) context.Context {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.starts = append(r.starts, info)
	return context.WithValue(ctx, spanKey{}, len(r.starts)-1)
}

func (r *recorder) CommandEnd(ctx context.Context, info dandang.CommandInfo, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if i, ok := ctx.Value(spanKey{}).(int); !ok || i != len(r.ends) {
		panic("CommandEnd not on the context its CommandStart returned, or out of order")
	}
	r.ends = append(r.ends, ended{info, err})
}

func (r *recorder) DeliveryStart(ctx context.Context, _ dandang.DeliveryInfo) context.Context {
	return ctx
}
func (r *recorder) DeliveryEnd(context.Context, dandang.DeliveryInfo, error) {}

// hostEnv is an accusation service that logs as JSON into a buffer and
// reports to a recorder.
func hostEnv(t testing.TB) (*accusation.Service, *bytes.Buffer, *recorder) {
	t.Helper()
	var buf bytes.Buffer
	rec := &recorder{}
	db := memdb.New()
	svc, err := accusation.NewService(accusation.Config{Store: memdb.NewStore(db, accusation.Cases), Clock: dandang.NewFixedClock(t0),
		Directory: directory, Keys: testKeys(t), Logger: slog.New(slog.NewJSONHandler(&buf, nil)), Observer: rec})
	if err != nil {
		t.Fatal(err)
	}
	return svc, &buf, rec
}

// The log tells the commands refused, with their operation, code, rule and
// field, and never the reporter: not their name, ID number, phone, address
// nor the text of the report, even when a refused input carries them
// (AC16: the identity stays sealed).
func TestAccusation_AC16_LogNeverHoldsTheReporter(t *testing.T) {
	svc, buf, _ := hostEnv(t)
	c, err := svc.Receive(ctx, cPetition, report("r1", true), conf(true))
	if err != nil {
		t.Fatal(err)
	}
	// Refused: an actor without a handling role, with the reporter's name
	// in the note.
	if _, err := svc.Dispose(ctx, cLeader, accusation.DisposeInput{Ref: ref(c), Disposal: accusation.Preliminary,
		Note: "举报人" + liu.Name + "电话" + liu.Contact}); dandang.ErrorCode(err) != dandang.Forbidden {
		t.Fatalf("dispose by a leader: %v, want Forbidden", err)
	}
	// Refused: the same register number again, by the same named reporter.
	if _, err := svc.Receive(ctx, cPetition, report("r1", true), conf(true)); dandang.ErrorCode(err) != dandang.Conflict {
		t.Fatalf("second r1: %v, want Conflict", err)
	}
	// Refused: an anonymous report that holds the reporter's identity.
	_, invalid := svc.Receive(ctx, cPetition, report("r2", false), conf(true))
	if dandang.ErrorCode(invalid) != dandang.Invalid {
		t.Fatalf("anonymous report with an identity: %v, want Invalid", invalid)
	}

	log := buf.String()
	for _, secret := range []string{liu.Name, liu.IDNumber, liu.Contact, liu.Address, liu.Unit, text} {
		if strings.Contains(log, secret) {
			t.Errorf("log holds %q:\n%s", secret, log)
		}
	}
	var got []map[string]any
	sc := bufio.NewScanner(strings.NewReader(log))
	for sc.Scan() {
		var line map[string]any
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("log line %q: %v", sc.Text(), err)
		}
		delete(line, "time")
		got = append(got, line)
	}
	want := []map[string]any{
		{"level": "WARN", "msg": "command refused", "op": "accusation.Dispose", "kind": "accusation", "command": "dispose",
			"case_id": c.ID, "code": "forbidden", "err_op": "accusation.Dispose", "rule": "XC02", "field": "Actor.Roles"},
		{"level": "INFO", "msg": "command refused", "op": "accusation.Receive", "kind": "accusation", "command": "receive",
			"case_id": "", "code": "conflict", "err_op": "accusation.Receive", "rule": "AC15", "field": "ID"},
		{"level": "INFO", "msg": "command refused", "op": "accusation.Receive", "kind": "accusation", "command": "receive",
			"case_id": "", "code": "invalid", "err_op": "accusation.Receive", "rule": "AC01",
			"field": "Confidential.Reporter"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("log lines (-want +got):\n%s", diff)
	}
}

// The observer sees each command once, start then end on the context the
// start returned, with its kind, operation and case, and at the end how
// long it ran and, for a refusal, the code and the rule that refused it.
func TestAccusation_ObserverSeesEachCommand(t *testing.T) {
	svc, _, rec := hostEnv(t)
	c, err := svc.Receive(ctx, cPetition, report("r1", true), conf(true))
	if err != nil {
		t.Fatal(err)
	}
	_, refusal := svc.Dispose(ctx, cLeader, accusation.DisposeInput{Ref: ref(c), Disposal: accusation.Preliminary})
	if refusal == nil {
		t.Fatal("dispose by a leader succeeded")
	}
	if _, err := svc.GiveFeedback(ctx, cPetition, accusation.FeedbackInput{Ref: ref(c), Kind: accusation.AcceptanceNotice, InPerson: true}); err != nil {
		t.Fatal(err)
	}

	rec.mu.Lock()
	defer rec.mu.Unlock()
	wantStarts := []dandang.CommandInfo{
		{Kind: "accusation", Op: "accusation.Receive", Command: "receive"},
		{Kind: "accusation", Op: "accusation.Dispose", Command: "dispose", CaseID: c.ID},
		{Kind: "accusation", Op: "accusation.GiveFeedback", Command: "feedback", CaseID: c.ID},
	}
	if diff := cmp.Diff(wantStarts, rec.starts); diff != "" {
		t.Errorf("starts (-want +got):\n%s", diff)
	}
	if len(rec.ends) != len(rec.starts) {
		t.Fatalf("%d ends for %d starts", len(rec.ends), len(rec.starts))
	}
	wantEnds := []dandang.CommandInfo{
		{Kind: "accusation", Op: "accusation.Receive", Command: "receive", CaseID: c.ID},
		{Kind: "accusation", Op: "accusation.Dispose", Command: "dispose", CaseID: c.ID,
			Code: dandang.Forbidden, Rule: dandang.ErrorRule(refusal), Field: dandang.ErrorField(refusal)},
		{Kind: "accusation", Op: "accusation.GiveFeedback", Command: "feedback", CaseID: c.ID},
	}
	var gotEnds []dandang.CommandInfo
	for i, e := range rec.ends {
		if e.info.Duration <= 0 {
			t.Errorf("end %d: duration %v, want above zero", i, e.info.Duration)
		}
		e.info.Duration = 0
		gotEnds = append(gotEnds, e.info)
	}
	if diff := cmp.Diff(wantEnds, gotEnds); diff != "" {
		t.Errorf("ends (-want +got):\n%s", diff)
	}
	if wantEnds[1].Rule == "" {
		t.Error("the refusal names no rule")
	}
	if rec.ends[1].err != refusal {
		t.Errorf("end of the refusal got error %v, want the one Dispose returned", rec.ends[1].err)
	}
}
