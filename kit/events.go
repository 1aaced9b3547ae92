package kit

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/event"
)

// NewEvent encodes p as a pending outbox event.
func NewEvent(id, caseKind, caseID string, at time.Time, p event.Payload) (dandang.Event, error) {
	b, err := json.Marshal(p)
	if err != nil {
		return dandang.Event{}, &dandang.Error{Code: dandang.Internal, Op: "kit.NewEvent", Err: err}
	}
	return dandang.Event{ID: id, Kind: p.Kind(), CaseKind: caseKind, CaseID: caseID, At: at, Payload: b, State: dandang.EventPending}, nil
}

// DecodeAs decodes e's payload for a handler of T's kind. An event of
// another kind is an Invalid error naming rule and the field Kind; a
// payload that does not decode is [event.Decode]'s error.
func DecodeAs[T event.Payload](op, rule string, e dandang.Event) (T, error) {
	var zero T
	p, err := event.Decode(e)
	if err != nil {
		return zero, err
	}
	v, ok := p.(T)
	if !ok {
		return zero, Invalidf(op, rule, "Kind", fmt.Sprintf("event %s is a %s, not a %s", e.ID, e.Kind, zero.Kind()))
	}
	return v, nil
}
