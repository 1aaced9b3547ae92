package backfill

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/followup"
	"github.com/dandang/dandang/kit"
	"github.com/dandang/dandang/tolerance"
)

// Writer is a store that imports cases of one kind many at a time:
// memdb.Store and postgres.Store are.
type Writer[C kit.Stored[C]] interface {
	Import(ctx context.Context, cases []kit.Imported[C]) ([]kit.ImportOutcome, error)
}

// Target is the store the cases go to, a writer per process. A process
// without one refuses its cases; a Target without any writer checks the
// file without writing anything (a dry run).
type Target struct {
	Accusation Writer[*accusation.Case]
	Clearance  Writer[*clearance.Case]
	Tolerance  Writer[*tolerance.Case]
	FollowUp   Writer[*followup.Case]
}

func (t Target) none() bool {
	return t.Accusation == nil && t.Clearance == nil && t.Tolerance == nil && t.FollowUp == nil
}

// Policies are the policy sets the host's live services hold, a set per
// process; a nil set takes the process's default policy alone. A case
// replays under the policy its opening names, as live.
type Policies struct {
	Accusation *kit.PolicySet[accusation.Policy]
	Clearance  *kit.PolicySet[clearance.Policy]
	Tolerance  *kit.PolicySet[tolerance.Policy]
	FollowUp   *kit.PolicySet[followup.Policy]
}

// Config configures an import.
type Config struct {
	Directory *dandang.Directory // the host's organs (XC07); required
	Calendar  *dandang.Calendar  // default: dandang.DefaultCalendar()
	// Policies are the host's policies, as its live services hold them.
	Policies Policies
	// Clock says when the import runs: a step dated after its Now is
	// refused (XC06), since a historical case has happened. Default: the
	// system's time.
	Clock dandang.Clock
	// Keys seal what accusation's Receive takes confidential: the host's
	// keys, the ones its live service uses, or the reporters' identities
	// and the keyed content hashes would be of no use to it. Without them
	// every report is refused (AC16).
	Keys   accusation.Keys
	Target Target
	// Workers replay cases in parallel; default GOMAXPROCS.
	Workers int
	// Batch is the number of cases of a process written together; default
	// 1000.
	Batch int
	// Progress, when set, is called now and then while the import runs,
	// and once at its end, from the goroutine that called Run.
	Progress func(Progress)
	// Stored, when set, is called for each case written, or held already
	// with the same history, once its batch is written, from the
	// goroutine that called Run: its process, ID and handling organ, for
	// a host that verifies the cases after the import (dandang import
	// -verify).
	Stored func(process, id, organ string)
}

// Progress is how far an import has come.
type Progress struct {
	Lines    int // lines read and replayed or refused
	Written  int // cases written so far
	Bytes    int64
	Elapsed  time.Duration
	Finished bool
}

// Summary is what an import did.
type Summary struct {
	Lines     int            `json:"lines"`     // lines read
	Imported  int            `json:"imported"`  // cases written
	Checked   int            `json:"checked"`   // cases replayed without a refusal (a dry run writes none of them)
	Skipped   int            `json:"skipped"`   // cases the store held already with the same head
	Conflicts []Conflict     `json:"conflicts"` // cases the store holds with another history, or whose unique keys another case holds
	Refused   []Refusal      `json:"refused"`   // cases refused by a rule, or lines that do not decode
	ByRule    map[string]int `json:"byRule"`    // refused cases by rule ("" when none was named)
	Records   int            `json:"records"`   // history records written
	Events    int            `json:"events"`    // events the replayed commands wrote and the import dropped
	Elapsed   time.Duration  `json:"elapsed"`
}

// Conflict is a case not written because the store holds another case of
// its ID or of one of its unique keys.
type Conflict struct {
	Line   int    `json:"line"`
	Kind   string `json:"kind"`
	CaseID string `json:"caseId"`
}

// Rules returns the rules that refused cases, most first.
func (s *Summary) Rules() []string {
	out := make([]string, 0, len(s.ByRule))
	for r := range s.ByRule {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		if s.ByRule[out[i]] != s.ByRule[out[j]] {
			return s.ByRule[out[i]] > s.ByRule[out[j]]
		}
		return out[i] < out[j]
	})
	return out
}

// MaxLine is the longest line an import file may hold.
const MaxLine = 16 << 20

type job struct {
	line int
	data []byte
}

type outcome struct {
	r       *replayed
	refusal *Refusal
}

// Run imports the historical cases of the import file r into cfg.Target:
// each line is decoded and replayed by one of cfg.Workers, and the cases
// replayed are written cfg.Batch of a process at a time. A case refused,
// present or in conflict is counted in the summary and the others go on.
// The error is Invalid when cfg lacks the directory, and whatever a
// writer returns (the import stops; the batches written before stay, and
// running the file again resumes after them), or Canceled when ctx is
// done; the summary says what was done until then.
func Run(ctx context.Context, cfg Config, r io.Reader) (*Summary, error) {
	const op = "backfill.Run"
	start := time.Now()
	sum := &Summary{ByRule: map[string]int{}, Conflicts: []Conflict{}, Refused: []Refusal{}}
	if cfg.Directory == nil {
		return sum, kit.Invalidf(op, "XC07", "Directory", "an import needs the host's directory")
	}
	if cfg.Calendar == nil {
		cfg.Calendar = dandang.DefaultCalendar()
	}
	noKeys := cfg.Keys == nil
	if noKeys {
		// Not used: a report is refused before its replay (see below).
		cfg.Keys = accusation.RandomKeys()
	}
	if cfg.Clock == nil {
		cfg.Clock = wallClock{}
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 1000
	}
	reps := make([]*replayer, cfg.Workers)
	for i := range reps {
		var err error
		if reps[i], err = newReplayer(setup{dir: cfg.Directory, cal: cfg.Calendar, keys: cfg.Keys, pol: cfg.Policies, now: cfg.Clock}); err != nil {
			return sum, err
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan job, 4*cfg.Workers)
	results := make(chan outcome, cfg.Batch)
	var readErr error
	var bytesRead int64
	var mu sync.Mutex
	go func() {
		defer close(jobs)
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 0, 1<<20), MaxLine)
		n := 0
		for sc.Scan() {
			n++
			mu.Lock()
			bytesRead += int64(len(sc.Bytes())) + 1
			mu.Unlock()
			if len(bytes.TrimSpace(sc.Bytes())) == 0 {
				continue
			}
			select {
			case jobs <- job{line: n, data: bytes.Clone(sc.Bytes())}:
			case <-ctx.Done():
				return
			}
		}
		mu.Lock()
		readErr = sc.Err()
		mu.Unlock()
	}()
	var wg sync.WaitGroup
	for _, rep := range reps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				var o outcome
				c, err := Decode(j.data)
				switch {
				case err != nil:
					o.refusal = &Refusal{Line: j.line, Step: -1, Rule: dandang.ErrorRule(err), Field: dandang.ErrorField(err), Err: err}
				case c.Process == accusation.Kind && noKeys:
					// Sealed under keys the host does not hold, a reporter's
					// identity could never be read again.
					o.refusal = &Refusal{Line: j.line, Step: 0, Command: "accusation." + c.Open.Command, Rule: "AC16", Field: "Keys",
						Err: kit.Invalidf(op, "AC16", "Keys", "a report is imported only under the host's keys (Config.Keys)")}
				default:
					o.r, o.refusal = rep.replay(ctx, j.line, c)
				}
				select {
				case results <- o:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	w := &batcher{cfg: cfg, sum: sum, dry: cfg.Target.none()}
	progress := func(done bool) {
		if cfg.Progress != nil {
			mu.Lock()
			b := bytesRead
			mu.Unlock()
			cfg.Progress(Progress{Lines: sum.Lines, Written: sum.Imported, Bytes: b, Elapsed: time.Since(start), Finished: done})
		}
	}
	var err error
	last := time.Now()
	for o := range results {
		if err != nil {
			continue // drain: the workers stop at the cancel
		}
		sum.Lines++
		if o.refusal != nil {
			sum.Refused = append(sum.Refused, *o.refusal)
			sum.ByRule[o.refusal.Rule]++
			continue
		}
		sum.Checked++
		sum.Events += o.r.events
		if err = w.add(ctx, o.r); err != nil {
			cancel()
			continue
		}
		if time.Since(last) > 200*time.Millisecond {
			progress(false)
			last = time.Now()
		}
	}
	if err == nil {
		err = w.flush(ctx)
	}
	if err == nil {
		mu.Lock()
		if readErr != nil {
			err = &dandang.Error{Code: dandang.Invalid, Op: op, Rule: "XC06", Message: fmt.Sprintf("reading the file after line %d", sum.Lines), Err: readErr}
		}
		mu.Unlock()
	}
	if err == nil {
		err = kit.ContextError(ctx, op)
	}
	sort.Slice(sum.Refused, func(i, j int) bool { return sum.Refused[i].Line < sum.Refused[j].Line })
	sort.Slice(sum.Conflicts, func(i, j int) bool { return sum.Conflicts[i].Line < sum.Conflicts[j].Line })
	sum.Elapsed = time.Since(start)
	progress(true)
	return sum, err
}

// batcher gathers the cases replayed by process and writes each process's
// cases a batch at a time.
type batcher struct {
	cfg Config
	sum *Summary
	dry bool
	acc pending[*accusation.Case]
	clr pending[*clearance.Case]
	tol pending[*tolerance.Case]
	fu  pending[*followup.Case]
}

type pending[C kit.Stored[C]] struct {
	cases []kit.Imported[C]
	lines []int
}

func (b *batcher) add(ctx context.Context, r *replayed) error {
	if b.dry {
		return nil
	}
	switch c := r.c.(type) {
	case kit.Imported[*accusation.Case]:
		return push(ctx, b, &b.acc, b.cfg.Target.Accusation, accusation.Kind, r.line, c, false)
	case kit.Imported[*clearance.Case]:
		return push(ctx, b, &b.clr, b.cfg.Target.Clearance, clearance.Kind, r.line, c, false)
	case kit.Imported[*tolerance.Case]:
		return push(ctx, b, &b.tol, b.cfg.Target.Tolerance, tolerance.Kind, r.line, c, false)
	case kit.Imported[*followup.Case]:
		return push(ctx, b, &b.fu, b.cfg.Target.FollowUp, followup.Kind, r.line, c, false)
	}
	return fmt.Errorf("backfill: a case of type %T", r.c)
}

func (b *batcher) flush(ctx context.Context) error {
	if b.dry {
		return nil
	}
	return errors.Join(
		push(ctx, b, &b.acc, b.cfg.Target.Accusation, accusation.Kind, 0, kit.Imported[*accusation.Case]{}, true),
		push(ctx, b, &b.clr, b.cfg.Target.Clearance, clearance.Kind, 0, kit.Imported[*clearance.Case]{}, true),
		push(ctx, b, &b.tol, b.cfg.Target.Tolerance, tolerance.Kind, 0, kit.Imported[*tolerance.Case]{}, true),
		push(ctx, b, &b.fu, b.cfg.Target.FollowUp, followup.Kind, 0, kit.Imported[*followup.Case]{}, true))
}

// push adds c (unless flushing) to p and writes p once it holds a batch,
// or whatever it holds when flushing.
func push[C kit.Stored[C]](ctx context.Context, b *batcher, p *pending[C], w Writer[C], kind string, line int, c kit.Imported[C], flush bool) error {
	if !flush {
		if w == nil {
			b.sum.Refused = append(b.sum.Refused, Refusal{Line: line, CaseID: c.Case.Meta().ID, Step: -1, Rule: "",
				Err: &dandang.Error{Code: dandang.Invalid, Op: "backfill.Run", Message: "no store for " + kind + " cases"}})
			b.sum.ByRule[""]++
			return nil
		}
		p.cases, p.lines = append(p.cases, c), append(p.lines, line)
		if len(p.cases) < b.cfg.Batch {
			return nil
		}
	}
	if len(p.cases) == 0 || w == nil {
		return nil
	}
	outs, err := w.Import(ctx, p.cases)
	if err != nil {
		return err
	}
	for i, o := range outs {
		switch o {
		case kit.ImportWritten:
			b.sum.Imported++
			b.sum.Records += len(p.cases[i].Records)
		case kit.ImportPresent:
			b.sum.Skipped++
		default:
			b.sum.Conflicts = append(b.sum.Conflicts, Conflict{Line: p.lines[i], Kind: kind, CaseID: p.cases[i].Case.Meta().ID})
			continue
		}
		if b.cfg.Stored != nil {
			m := p.cases[i].Case.Meta()
			b.cfg.Stored(kind, m.ID, m.OrganID)
		}
	}
	p.cases, p.lines = p.cases[:0], p.lines[:0]
	return nil
}

// wallClock is the system's time.
type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }
