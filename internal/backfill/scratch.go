package backfill

import (
	"context"
	"fmt"
	"slices"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
)

// scratch is the store a case is replayed on: it holds one case, the one
// being replayed, and is emptied before the next. It checks saves as a
// store does (kit.CheckSave, the version, a second opening) and keeps the
// records and the number of events the commands wrote. A worker owns it:
// it is not safe for concurrent use.
type scratch[C kit.Stored[C]] struct {
	kind    string
	has     bool
	c       C
	records []dandang.Record
	events  int
}

func (s *scratch[C]) reset() {
	var zero C
	s.has, s.c, s.records, s.events = false, zero, nil, 0
}

func (s *scratch[C]) notFound(op, id string) error {
	return &dandang.Error{Code: dandang.NotFound, Op: op, Message: fmt.Sprintf("no %s case %q", s.kind, id)}
}

func (s *scratch[C]) holds(id string) bool { return s.has && s.c.Meta().ID == id }

func (s *scratch[C]) Get(ctx context.Context, id string) (C, error) {
	var zero C
	if !s.holds(id) {
		return zero, s.notFound("backfill.Get", id)
	}
	return s.c.Clone(), nil
}

func (s *scratch[C]) Load(ctx context.Context, id string) (C, []dandang.Record, error) {
	var zero C
	if !s.holds(id) {
		return zero, nil, s.notFound("backfill.Load", id)
	}
	return s.c.Clone(), slices.Clone(s.records), nil
}

func (s *scratch[C]) History(ctx context.Context, id string) ([]dandang.Record, error) {
	if !s.holds(id) {
		return nil, s.notFound("backfill.History", id)
	}
	return slices.Clone(s.records), nil
}

func (s *scratch[C]) Save(ctx context.Context, c C, prev int, records []dandang.Record, events []dandang.Event) error {
	const op = "backfill.Save"
	m := c.Meta()
	if err := kit.CheckSave(op, s.kind, m, prev, records); err != nil {
		return err
	}
	switch {
	case prev == 0 && s.has:
		return &dandang.Error{Code: dandang.Conflict, Op: op, Message: fmt.Sprintf("a line opens one %s case: %q after %q", s.kind, m.ID, s.c.Meta().ID)}
	case prev > 0 && !s.holds(m.ID):
		return s.notFound(op, m.ID)
	case prev > 0 && s.c.Meta().Version != prev:
		return &dandang.Error{Code: dandang.Conflict, Op: op, Message: fmt.Sprintf("%s case %q is at version %d, not %d", s.kind, m.ID, s.c.Meta().Version, prev)}
	}
	// The engine hands c over: it never changes a case after saving it,
	// and the replay only reads the case a command returns.
	s.has, s.c = true, c
	s.records = append(s.records, records...)
	s.events += len(events)
	return nil
}

func (s *scratch[C]) Find(ctx context.Context, f kit.Filter) ([]C, error) {
	if s.has && f.Match(s.c.Meta()) {
		return []C{s.c.Clone()}, nil
	}
	return []C{}, nil
}

func (s *scratch[C]) imported() kit.Imported[C] {
	return kit.Imported[C]{Case: s.c, Records: s.records}
}
