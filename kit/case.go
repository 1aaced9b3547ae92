package kit

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dandang/dandang"
)

// Header is the part of a case that every process keeps the same way. A
// process's case type embeds it (its fields are promoted, and encode flat
// in JSON); S is the process's state type. The engine alone writes the
// version, head, state, deadline and times.
type Header[S ~string] struct {
	ID      string        `json:"id"`
	Version int           `json:"version"` // the number of history records; a save must name it (optimistic locking)
	State   S             `json:"state"`
	Policy  PolicyRef     `json:"policy"` // the policy the case was opened under
	Organ   dandang.Organ `json:"organ"`  // the organ handling the case, as the directory had it

	// Due is the current step's deadline (0 when none or closed); DueStep
	// says what is due; DueFrom and DueDays are what it was counted from, so
	// that a provisional deadline can be re-dated (XC10).
	Due         dandang.Day `json:"due"`
	DueStep     string      `json:"dueStep"`
	DueFrom     dandang.Day `json:"dueFrom"`
	DueDays     int         `json:"dueDays"`
	Provisional bool        `json:"provisional"` // Due falls past the official holiday schedule (XC10)

	OpenedAt  time.Time `json:"openedAt"`
	UpdatedAt time.Time `json:"updatedAt"`
	ClosedAt  time.Time `json:"closedAt"` // zero while open
	Head      string    `json:"head"`     // hash of the last history record

	// Contract is the version of the data contract the case was last
	// saved in, and its state hashed over ([Contract]); 0 for a case saved
	// before the contract, whose last record hashed its Go field names
	// ([LegacyStateHash]).
	Contract int `json:"contract,omitempty"`
}

// Termed is implemented by a case type that owes deadlines beside its
// step's. Terms returns pointers into the case, to each deadline it owes
// at least; [Engine.Redate] counts the provisional ones again, and the
// case's Meta should report Provisional when any owed one is.
type Termed interface {
	Terms() []*Term
}

// header is how the engine reaches the header of any case type that embeds
// it (the Case constraint).
//
//lint:ignore U1000 called through the Case constraint, which staticcheck does not follow
func (h *Header[S]) header() *Header[S] { return h }

// Ref returns the reference to the case at its current version.
func (h *Header[S]) Ref() dandang.Ref { return dandang.Ref{CaseID: h.ID, Version: h.Version} }

// Ended reports whether the case has ended (closed, declined, …).
func (h *Header[S]) Ended() bool { return !h.ClosedAt.IsZero() }

// Overdue reports whether an open case is past its deadline on day.
func (h *Header[S]) Overdue(day dandang.Day) bool { return !h.Ended() && h.Due != 0 && h.Due < day }

// Meta returns what stores index of every case; a process's Meta adds the
// subjects and the priority.
func (h *Header[S]) Meta() Meta {
	m := Meta{ID: h.ID, Version: h.Version, State: string(h.State), OrganID: h.Organ.ID, OrganRegion: h.Organ.Region,
		Due: h.Due, Provisional: h.Provisional, ClosedAt: h.ClosedAt, Head: h.Head}
	if h.Ended() {
		m.Due, m.Provisional = 0, false
	}
	return m
}

// Validate checks what every stored case keeps; op names the caller. The
// error is Internal (rule XC11) and names the case: a store calls it on what
// it reads back, so that a row changed behind the library's back is
// reported, never returned as silent zero values.
func (h *Header[S]) Validate(op string) error {
	bad := func(field, msg string) error { return Corrupt(op, h.ID, field, msg) }
	switch {
	case h.ID == "":
		return bad("ID", "no ID")
	case h.Version < 1:
		return bad("Version", "no version")
	case h.Policy.ID == "" || h.Policy.Version < 1:
		return bad("Policy", "no policy")
	case h.Head == "":
		return bad("Head", "no history head")
	case h.OpenedAt.IsZero():
		return bad("OpenedAt", "no opening time")
	case h.Organ.ID == "":
		return bad("Organ", "no handling organ")
	}
	return nil
}

// CheckState is [Header.Validate] and the state checks every process's
// Validate makes: the state is one the process knows, and the case has
// ended exactly when its state is one that ends it. The error is Internal
// (XC11), as from Validate.
func (h *Header[S]) CheckState(op string, known, ends func(S) bool) error {
	if err := h.Validate(op); err != nil {
		return err
	}
	switch {
	case !known(h.State):
		return Corrupt(op, h.ID, "State", fmt.Sprintf("unknown state %q", h.State))
	case ends(h.State) != h.Ended():
		return Corrupt(op, h.ID, "ClosedAt", fmt.Sprintf("state %s with closing time %v", h.State, h.ClosedAt))
	}
	return nil
}

// Corrupt returns the error a case's Validate reports of a case a store
// read back that no command could have left so: Internal, rule XC11,
// naming the case id and the field.
func Corrupt(op, id, field, msg string) *dandang.Error {
	return &dandang.Error{Code: dandang.Internal, Op: op, Rule: "XC11", Field: field, Message: fmt.Sprintf("case %q: %s", id, msg)}
}

// Meta is what a store indexes and checks of a case of any process.
type Meta struct {
	ID          string
	Version     int
	State       string
	SubjectIDs  []string // the subjects the case is about
	OrganID     string   // the handling organ
	OrganRegion string
	// Due is the earliest deadline the case owes; 0 when none. An ended
	// case owes none, unless its process keeps one owed past the end (a
	// reporter's objection to a closed report, say).
	Due         dandang.Day
	Provisional bool // Due is provisional (XC10)
	ClosedAt    time.Time
	Priority    bool // listed first (CL08)
	Head        string
	// Keys are the case's named secondary keys: each key name (such as
	// "content_hash") holds one or more values, and a store indexes each
	// (name, value) pair, so that [Filter.Keys] finds the cases holding a
	// value through the index. A save replaces the keys of the case's
	// previous save: a name or value dropped is no longer found. Names are
	// not empty; neither names nor values hold a NUL byte. Keys of one
	// kind are never found through a store of another.
	Keys map[string][]string
	// Unique are keys the case claims when it is created: a store refuses
	// the creation, with a Conflict naming the field "Unique", when another
	// case of the kind holds one of them, across every instance sharing the
	// store. Keys are held for good; later saves neither add nor drop any.
	Unique []string
}

// Stored is what a store needs of a process's case type C (a pointer type).
type Stored[C any] interface {
	Meta() Meta
	Clone() C // a deep copy: nothing shared
	Validate() error
}

// Filter selects cases of one kind. Empty fields select all; set fields
// must all match.
type Filter struct {
	SubjectID string
	OrganIDs  []string // the handling organ is one of these (a reader's reach); nil: any
	Region    string   // the handling organ's region code starts with this
	State     string

	// Keys selects cases by their named secondary keys ([Meta.Keys]): for
	// each name, the case holds at least one of the values listed under
	// it. A name listed with no value selects none. nil: any.
	Keys map[string][]string

	// ClosedFrom and ClosedTo bound ClosedAt (from inclusive, to
	// exclusive); either set selects ended cases only.
	ClosedFrom time.Time
	ClosedTo   time.Time
	// DueBefore, when set, selects cases whose deadline (Meta.Due) is
	// before it, and orders them by deadline, earliest first, then by ID
	// (CL11).
	DueBefore dandang.Day
	// Provisional selects cases whose deadline is provisional (XC10).
	Provisional bool
	// Limit caps the number of cases returned, after ordering; 0: no cap.
	Limit int
}

// Query is what a process's Find takes from its caller: a [Filter] with
// the state typed as the process's, and one handling organ rather than a
// list (the actor's reach bounds the organs). Empty fields select all; set
// fields must all match.
type Query[S ~string] struct {
	SubjectID string `json:"subjectId"`
	OrganID   string `json:"organId"`
	Region    string `json:"region"` // organ region code prefix: "3307" is every organ in Jinhua
	State     S      `json:"state"`
	// ClosedFrom and ClosedTo bound the closing time (from inclusive, to
	// exclusive); either set selects ended cases only.
	ClosedFrom time.Time `json:"closedFrom"`
	ClosedTo   time.Time `json:"closedTo"`
	Limit      int       `json:"limit"` // 0: no limit; applied after the order
}

// Filter returns the store filter q selects by.
func (q Query[S]) Filter() Filter {
	f := Filter{SubjectID: q.SubjectID, Region: q.Region, State: string(q.State),
		ClosedFrom: q.ClosedFrom, ClosedTo: q.ClosedTo, Limit: q.Limit}
	if q.OrganID != "" {
		f.OrganIDs = []string{q.OrganID}
	}
	return f
}

// Match reports whether a case with meta m passes the filter.
func (f Filter) Match(m Meta) bool {
	ended := !m.ClosedAt.IsZero()
	switch {
	case f.SubjectID != "" && !containsString(m.SubjectIDs, f.SubjectID),
		!f.matchKeys(m.Keys),
		f.OrganIDs != nil && !containsString(f.OrganIDs, m.OrganID),
		f.Region != "" && !strings.HasPrefix(m.OrganRegion, f.Region),
		f.State != "" && m.State != f.State,
		f.DueBefore != 0 && (m.Due == 0 || m.Due >= f.DueBefore),
		f.Provisional && !m.Provisional:
		return false
	}
	if !f.ClosedFrom.IsZero() || !f.ClosedTo.IsZero() {
		if !ended || m.ClosedAt.Before(f.ClosedFrom) || (!f.ClosedTo.IsZero() && !m.ClosedAt.Before(f.ClosedTo)) {
			return false
		}
	}
	return true
}

// matchKeys reports whether keys hold, for each name of f.Keys, one of the
// values listed under it.
func (f Filter) matchKeys(keys map[string][]string) bool {
	for name, values := range f.Keys {
		if !slices.ContainsFunc(keys[name], func(v string) bool { return slices.Contains(values, v) }) {
			return false
		}
	}
	return true
}

// Less orders two cases the way [Store.Find] returns them: by deadline,
// then ID, when f.DueBefore is set; otherwise priority cases first (CL08),
// then by ID.
func (f Filter) Less(a, b Meta) int {
	if f.DueBefore != 0 {
		if a.Due != b.Due {
			return int(a.Due) - int(b.Due)
		}
		return strings.Compare(a.ID, b.ID)
	}
	if a.Priority != b.Priority {
		if a.Priority {
			return -1
		}
		return 1
	}
	return strings.Compare(a.ID, b.ID)
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Store is the storage of one process's cases, generic over the case type
// C. Every method is atomic and safe for concurrent use, and shares no
// memory with its caller: a returned case is the caller's to change, and a
// saved one is copied. Errors are *Error values: NotFound, Conflict,
// Canceled, and Internal for anything else.
type Store[C Stored[C]] interface {
	// Get returns the case with id, or NotFound. A stored row that does
	// not decode or validate is Internal (XC11) wrapping a *[RowError]
	// (Load and History alike).
	Get(ctx context.Context, id string) (C, error)
	// Load returns the case with id and its history, oldest first, read in
	// one snapshot, or NotFound.
	Load(ctx context.Context, id string) (C, []dandang.Record, error)
	// Save writes c, its new history records and its outbox events in one
	// transaction, if the stored version is still prev (0: the case must
	// not exist yet), claiming c's Meta.Unique keys when it is new.
	// Otherwise it returns Conflict (with the field "Unique" when another
	// case of the kind holds one of the keys; NotFound when prev > 0 and
	// there is no such case) and writes nothing.
	Save(ctx context.Context, c C, prev int, records []dandang.Record, events []dandang.Event) error
	// History returns the case's records in order, or NotFound.
	History(ctx context.Context, id string) ([]dandang.Record, error)
	// Find returns the cases f selects, in the order [Filter.Less] gives,
	// at most f.Limit of them, through an index on a secondary key,
	// subject, organ, state, deadline or closing time. A stored row that
	// does not validate is left out: Find then returns the cases it read
	// (non-nil) with an Internal (XC11) error naming the rows left out,
	// which the engine logs for the host and keeps from the reader.
	Find(ctx context.Context, f Filter) ([]C, error)
}

// RowError is what a store wraps in the Internal (XC11) error of a stored
// row that does not decode or validate: the case and the organ the row's
// index names. The engine logs the whole error for the host and tells the
// reader only what its reach allows: a reader outside OrganID's reach gets
// the NotFound every missing case gives ([Engine.NotFound]), one in reach
// an Internal (XC11) error naming the case and nothing of the row. A store
// that cannot tell the organ leaves OrganID empty, and every reader then
// gets NotFound.
type RowError struct {
	Kind, ID string
	OrganID  string // the organ the row's index names; "" when unknown
	Err      error  // what is wrong with the row
}

func (e *RowError) Error() string {
	return fmt.Sprintf("stored %s case %q (organ %q) does not read back: %v", e.Kind, e.ID, e.OrganID, e.Err)
}

func (e *RowError) Unwrap() error { return e.Err }

// CaseID joins the parts of a case's natural key (such as a report and a
// subject) into an ID. Each part has '%' and '/' escaped before the parts
// are joined with '/', so that different keys never give the same ID:
// ("r/1", "x") and ("r", "1/x") stay apart.
func CaseID(parts ...string) string {
	esc := make([]string, len(parts))
	for i, p := range parts {
		esc[i] = idEscaper.Replace(p)
	}
	return strings.Join(esc, "/")
}

var idEscaper = strings.NewReplacer("%", "%25", "/", "%2F")

// Pending says who must act next on a case: the organ, its level and the
// roles the pending step awaits. Hosts build to-do lists from it.
type Pending struct {
	Step    string         `json:"step"` // the command or approval step due, such as "approve"
	OrganID string         `json:"organId"`
	Level   dandang.Level  `json:"level"`
	Roles   []dandang.Role `json:"roles"`
	Due     dandang.Day    `json:"due"`
}

// CheckSave checks, for a store's Save of kind under op, that a case with
// meta m follows version prev by records: it has an ID, its keys are
// well-formed ([Meta.Keys]), its version is prev plus the number of
// records, and each record is the next of this case.
// The error is Internal: a caller broke the store contract.
func CheckSave(op, kind string, m Meta, prev int, records []dandang.Record) error {
	bad := func(format string, args ...any) error {
		return &dandang.Error{Code: dandang.Internal, Op: op, Message: fmt.Sprintf(format, args...)}
	}
	if m.ID == "" {
		return bad("a %s case without an ID", kind)
	}
	for name, values := range m.Keys {
		if name == "" || strings.ContainsRune(name, 0) || slices.ContainsFunc(values, func(v string) bool { return strings.ContainsRune(v, 0) }) {
			return bad("%s case %q has key %q: a key name is empty or a key holds a NUL byte", kind, m.ID, name)
		}
	}
	if want := prev + len(records); m.Version != want {
		return bad("%s case %q at version %d after %d records on %d", kind, m.ID, m.Version, len(records), prev)
	}
	for i, r := range records {
		if r.CaseKind != kind || r.CaseID != m.ID || r.Seq != prev+i+1 {
			return bad("record %d is %s %q #%d, not %s %q #%d", i, r.CaseKind, r.CaseID, r.Seq, kind, m.ID, prev+i+1)
		}
	}
	return nil
}

// TermOn returns the deadline n working days after from on cal as a
// [Term], kept with what it was counted from, provisional as
// [dandang.Calendar.Deadline] says.
func TermOn(cal *dandang.Calendar, from dandang.Day, n int) Term {
	due, prov := cal.Deadline(from, n)
	return Term{Due: due, From: from, Days: n, Provisional: prov}
}

// Term is a deadline a case owes beside its step's ([Header.Due]), such as
// a reply owed to a reporter: Days working days from From on the engine's
// calendar, kept with what it was counted from so that a provisional one is
// counted again by [Engine.Redate] (XC10). The zero Term owes nothing.
type Term struct {
	Due         dandang.Day `json:"due"`
	From        dandang.Day `json:"from,omitempty"`
	Days        int         `json:"days,omitempty"`
	Provisional bool        `json:"provisional,omitempty"` // Due falls past the official holiday schedule (XC10)
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

// KeepLast returns s with its oldest entries dropped so that at most n
// remain, for a repeated entry a case keeps: the case holds the last n, and
// the history ([dandang.Record]) holds every one, so that a case's stored
// size does not grow with the number of steps. It reuses s's array.
func KeepLast[T any](s []T, n int) []T {
	if len(s) <= n {
		return s
	}
	return slices.Delete(s, 0, len(s)-n)
}
