package dandang

import (
	"encoding/json"
)

// Ref names a case and the version the caller last read. A command on a
// case whose version moved on is refused with a Conflict error.
type Ref struct {
	CaseID  string `json:"caseId"`
	Version int    `json:"version"`
}

// Term is a deadline a case owes beside its step's ([Header.Due]), such as
// a reply owed to a reporter: Days working days from From on the engine's
// calendar, kept with what it was counted from so that a provisional one is
// counted again by [Engine.Redate] (XC10). The zero Term owes nothing.
type Term struct {
	Due         Day  `json:"due"`
	From        Day  `json:"from,omitempty"`
	Days        int  `json:"days,omitempty"`
	Provisional bool `json:"provisional,omitempty"` // Due falls past the official holiday schedule (XC10)
}

// Owed reports whether t is a deadline still owed.
func (t Term) Owed() bool { return t.Due != 0 }

// MarshalJSON encodes a term that keeps only its day as that day, the way
// a deadline was encoded before it became a Term, so that cases stored
// then encode, and hash, as they did (XC11); any other term is an object.
func (t Term) MarshalJSON() ([]byte, error) {
	if t.From == 0 && t.Days == 0 && !t.Provisional {
		return json.Marshal(t.Due)
	}
	type plain Term
	return json.Marshal(plain(t))
}

// UnmarshalJSON decodes a term from an object, or from a bare day as
// earlier cases hold it.
func (t *Term) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] != '{' {
		*t = Term{}
		return json.Unmarshal(b, &t.Due)
	}
	type plain Term
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	*t = Term(p)
	return nil
}
