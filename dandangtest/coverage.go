package dandangtest

import (
	"fmt"
	"io"
	"sort"
	"sync"

	"github.com/dandang/dandang"
)

// Count is how many steps a rule allowed and refused.
type Count struct {
	Allowed int `json:"allowed"`
	Refused int `json:"refused"`
}

// Coverage counts, per policy version and rule of the catalog, the steps
// that the engine recorded the rule as applied in (allowed) and the steps
// it refused with the rule. It comes from the history records and the
// errors, never from the rule IDs a scenario names. It is safe for
// concurrent use.
type Coverage struct {
	mu     sync.Mutex
	counts map[string]map[string]*Count // policy ref -> rule -> count
}

// NewCoverage returns an empty coverage.
func NewCoverage() *Coverage { return &Coverage{counts: map[string]map[string]*Count{}} }

func (c *Coverage) add(applied, refused map[string]map[string]bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	get := func(pol, rule string) *Count {
		if c.counts[pol] == nil {
			c.counts[pol] = map[string]*Count{}
		}
		if c.counts[pol][rule] == nil {
			c.counts[pol][rule] = &Count{}
		}
		return c.counts[pol][rule]
	}
	for pol, rules := range applied {
		for rule := range rules {
			get(pol, rule).Allowed++
		}
	}
	for pol, rules := range refused {
		for rule := range rules {
			get(pol, rule).Refused++
		}
	}
}

// Merge adds o's counts to c.
func (c *Coverage) Merge(o *Coverage) {
	o.mu.Lock()
	defer o.mu.Unlock()
	c.mu.Lock()
	defer c.mu.Unlock()
	for pol, rules := range o.counts {
		if c.counts[pol] == nil {
			c.counts[pol] = map[string]*Count{}
		}
		for rule, n := range rules {
			if c.counts[pol][rule] == nil {
				c.counts[pol][rule] = &Count{}
			}
			c.counts[pol][rule].Allowed += n.Allowed
			c.counts[pol][rule].Refused += n.Refused
		}
	}
}

// Total returns a rule's counts over every policy.
func (c *Coverage) Total(rule string) Count {
	c.mu.Lock()
	defer c.mu.Unlock()
	var t Count
	for _, rules := range c.counts {
		if n := rules[rule]; n != nil {
			t.Allowed += n.Allowed
			t.Refused += n.Refused
		}
	}
	return t
}

// Policies returns the policy versions counted, sorted.
func (c *Coverage) Policies() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for p := range c.counts {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Get returns a rule's counts under one policy version.
func (c *Coverage) Get(policy, rule string) Count {
	c.mu.Lock()
	defer c.mu.Unlock()
	if n := c.counts[policy][rule]; n != nil {
		return *n
	}
	return Count{}
}

// Uncovered returns the rules of the catalog no step applied or refused
// with.
func (c *Coverage) Uncovered() []dandang.Rule {
	var out []dandang.Rule
	for _, r := range dandang.Rules() {
		if t := c.Total(r.ID); t.Allowed+t.Refused == 0 {
			out = append(out, r)
		}
	}
	return out
}

// Percent returns the share of the catalog's rules covered, 0 to 100.
func (c *Coverage) Percent() float64 {
	all := len(dandang.Rules())
	if all == 0 {
		return 100
	}
	return 100 * float64(all-len(c.Uncovered())) / float64(all)
}

// Report writes a table: per rule, the steps it allowed and refused in
// total and under each policy version, then the rules no step exercised.
func (c *Coverage) Report(w io.Writer, zh bool) {
	pols := c.Policies()
	head, allowed, refused := "rule", "allowed", "refused"
	if zh {
		head, allowed, refused = "规则", "允许", "拒绝"
	}
	fmt.Fprintf(w, "%-6s %7s %7s", head, allowed, refused)
	for _, p := range pols {
		fmt.Fprintf(w, "  %s", p)
	}
	fmt.Fprintln(w)
	for _, r := range dandang.Rules() {
		t := c.Total(r.ID)
		fmt.Fprintf(w, "%-6s %7d %7d", r.ID, t.Allowed, t.Refused)
		for _, p := range pols {
			n := c.Get(p, r.ID)
			fmt.Fprintf(w, "  %*s", len(p), fmt.Sprintf("%d/%d", n.Allowed, n.Refused))
		}
		fmt.Fprintln(w)
	}
	un := c.Uncovered()
	all := len(dandang.Rules())
	if zh {
		fmt.Fprintf(w, "覆盖 %d/%d 条规则（%.1f%%）\n", all-len(un), all, c.Percent())
	} else {
		fmt.Fprintf(w, "covered %d of %d rules (%.1f%%)\n", all-len(un), all, c.Percent())
	}
	for _, r := range un {
		s := r.SummaryEn
		if zh {
			s = r.SummaryZh
		}
		if zh {
			fmt.Fprintf(w, "  未覆盖 %s %s\n", r.ID, s)
		} else {
			fmt.Fprintf(w, "  not exercised %s %s\n", r.ID, s)
		}
	}
}
