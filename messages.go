package dandang

import (
	"sync"

	"github.com/dandang/dandang/internal/text"
	"golang.org/x/text/language"
)

// rootCatalog is built on first use: the root's texts and the rules.
var rootCatalog = sync.OnceValue(func() *text.Catalog { return text.New(ruleTexts()) })

// ruleTexts are the rules' summaries by ID, in zh-Hans and English.
func ruleTexts() map[string][2]string {
	out := make(map[string][2]string, len(rules))
	for _, r := range rules {
		out[r.ID] = [2]string{r.SummaryZh, r.SummaryEn}
	}
	return out
}

// Explain renders err for the people who use the embedding system, in the
// language tag asks for (zh-Hans by default): what went wrong, the rule that
// refused and what it says, and the detail a user acts on — the field in
// words, the current state and the commands allowed there, the roles
// awaited, what is still outstanding — with the root's texts and the rules.
// Each process's Explain adds the names of its states, commands and fields.
// A nil err is "".
func Explain(err error, tag language.Tag) string {
	if err == nil {
		return ""
	}
	return rootCatalog().Explain(detailOf(err), tag)
}

// detailOf is what an explanation says of err.
func detailOf(err error) text.Detail {
	d := text.Detail{Code: string(ErrorCode(err)), Rule: ErrorRule(err), Field: ErrorField(err)}
	var e *Error
	if asError(err, &e) {
		d.Op = e.Op
	}
	if e := detail(err); e != nil {
		d.State, d.Allowed, d.Outstanding = e.State, e.Allowed, e.Outstanding
		for _, r := range e.Awaiting {
			d.Awaiting = append(d.Awaiting, string(r))
		}
	}
	return d
}

// detail returns the first *Error in err's chain that carries detail.
func detail(err error) *Error {
	for err != nil {
		var e *Error
		if !asError(err, &e) {
			return nil
		}
		if e.State != "" || len(e.Allowed) > 0 || len(e.Awaiting) > 0 || len(e.Outstanding) > 0 {
			return e
		}
		err = e.Err
	}
	return nil
}

// Text returns the role's name in the language tag asks for (zh-Hans by
// default), or the role itself when the catalog has none.
func (r Role) Text(tag language.Tag) string {
	return rootCatalog().Name(tag, "role."+string(r), string(r))
}

// Text returns the level's name in the language tag asks for.
func (l Level) Text(tag language.Tag) string {
	return rootCatalog().Name(tag, "level."+l.String(), l.String())
}
