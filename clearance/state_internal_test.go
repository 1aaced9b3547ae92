package clearance

import (
	"strings"
	"testing"
)

// NewFSM drops callback keys it does not know: every key we build must name
// a real event, and every transition must change state.
func TestFSM_CallbackKeysNameRealEvents(t *testing.T) {
	events := map[string]bool{}
	for _, tr := range transitions {
		events[string(tr.Event)] = true
		for _, from := range tr.From {
			if from == tr.To {
				t.Errorf("%s from %s does not change state", tr.Event, from)
			}
			if !from.Valid() || !tr.To.Valid() {
				t.Errorf("%s names an unknown state", tr.Event)
			}
		}
	}
	for ev := range events {
		for key := range callbacks(Event(ev), func() error { return nil }) {
			name, ok := strings.CutPrefix(key, "before_")
			if !ok || !events[name] {
				t.Errorf("callback key %q names no event", key)
			}
		}
	}
	if len(callbacks(Propose, nil)) != 0 {
		t.Errorf("a nil guard registers a callback")
	}
}
