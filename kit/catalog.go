package kit

import (
	"errors"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/internal/text"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Catalog is a process's text catalog: the root's texts, every rule's
// summary ("rule.CL06", from dandang.Rules) and the process's own, in
// zh-Hans (the default) and English. It is immutable and safe for
// concurrent use.
type Catalog struct{ c *text.Catalog }

// NewCatalog returns the catalog of the root's texts, the rules and sets,
// later sets overriding earlier keys. A set holds user-facing texts keyed by
// ID, each in zh-Hans (index 0) and English (index 1): a process adds its
// own — the names of its states and commands under "<kind>.state.<name>"
// and "<kind>.command.<name>", its fields under "<kind>.field.<name>", its
// notices.
func NewCatalog(sets ...map[string][2]string) *Catalog {
	rules := map[string][2]string{}
	for _, r := range dandang.Rules() {
		rules[r.ID] = [2]string{r.SummaryZh, r.SummaryEn}
	}
	return &Catalog{c: text.New(rules, sets...)}
}

// Printer returns a printer for the supported language closest to tag,
// zh-Hans when none is close.
func (c *Catalog) Printer(tag language.Tag) *message.Printer { return c.c.Printer(tag) }

// Name returns the catalog's text for key in the language tag asks for, or
// fallback when the catalog has none.
func (c *Catalog) Name(tag language.Tag, key, fallback string) string {
	return c.c.Name(tag, key, fallback)
}

// Explain renders err for the people who use the embedding system, in the
// language tag asks for (zh-Hans by default): what went wrong, the rule that
// refused and what it says, and the detail a user acts on: the field in
// words, the current state and the commands allowed there, the roles
// awaited, what is still outstanding. Names of a process's states, commands
// and fields come from the keys the process added, found by the process
// named in the error's operation ("clearance.Propose"). A nil err is "".
func (c *Catalog) Explain(err error, tag language.Tag) string {
	if err == nil {
		return ""
	}
	d := text.Detail{Code: string(dandang.ErrorCode(err)), Rule: dandang.ErrorRule(err), Field: dandang.ErrorField(err)}
	var e *dandang.Error
	if errors.As(err, &e) {
		d.Op = e.Op
	}
	// The first error of the chain that carries detail.
	for cur := err; cur != nil; {
		var e *dandang.Error
		if !errors.As(cur, &e) {
			break
		}
		if e.State != "" || len(e.Allowed) > 0 || len(e.Awaiting) > 0 || len(e.Outstanding) > 0 {
			d.State, d.Allowed, d.Outstanding = e.State, e.Allowed, e.Outstanding
			for _, r := range e.Awaiting {
				d.Awaiting = append(d.Awaiting, string(r))
			}
			break
		}
		cur = e.Err
	}
	return c.c.Explain(d, tag)
}
