// Package floor is the hand-rolled floor every command of every process is
// measured against: clearance's Propose written by hand on a map and a
// mutex, with the work a command must do and nothing the kit adds — a copy
// of the case read, the state check and change, the deadline, the JSON
// payload, the SHA-256 state hash of the case, the record's SHA-256 hash
// chained to the previous one, and a copy of the case and the record kept.
//
// BenchmarkPropose is the floor; go run ./internal/floor/ratios runs it
// beside every command benchmark and prints each as a ratio to it.
package floor

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"slices"
	"sync"
	"time"
)

// Allegation is one allegation of a case.
type Allegation struct {
	ID      string `json:"id"`
	Summary string `json:"summary"`
	Finding string `json:"finding"`
}

// Step is a recorded step.
type Step struct {
	At    time.Time `json:"at"`
	Actor string    `json:"actor"`
	Role  string    `json:"role"`
	Note  string    `json:"note"`
}

// Case is about what a planned clearance case holds.
type Case struct {
	ID          string       `json:"id"`
	Version     int          `json:"version"`
	State       string       `json:"state"`
	Policy      string       `json:"policy"`
	OrganID     string       `json:"organId"`
	OrganName   string       `json:"organName"`
	Due         int          `json:"due"`
	DueStep     string       `json:"dueStep"`
	OpenedAt    time.Time    `json:"openedAt"`
	UpdatedAt   time.Time    `json:"updatedAt"`
	ClosedAt    time.Time    `json:"closedAt"`
	Head        string       `json:"head"`
	SubjectID   string       `json:"subjectId"`
	SubjectName string       `json:"subjectName"`
	Report      string       `json:"report"`
	Allegations []Allegation `json:"allegations"`
	Forms       []string     `json:"forms"`
	Effects     []string     `json:"effects"`
	Round       int          `json:"round"`
	Proposals   []Step       `json:"proposals"`
}

func (c *Case) clone() *Case {
	d := *c
	d.Allegations = slices.Clone(c.Allegations)
	d.Forms = slices.Clone(c.Forms)
	d.Effects = slices.Clone(c.Effects)
	d.Proposals = slices.Clone(c.Proposals)
	return &d
}

// Record is one history record.
type Record struct {
	Seq       int       `json:"seq"`
	At        time.Time `json:"at"`
	Actor     string    `json:"actor"`
	Command   string    `json:"command"`
	From, To  string
	Payload   []byte
	StateHash string
	PrevHash  string
	Hash      string
}

func (r *Record) hash() string {
	h := sha256.New()
	var n [8]byte
	for i := range n {
		n[i] = byte(r.Seq >> (8 * i))
	}
	h.Write(n[:])
	h.Write([]byte(r.At.Format(time.RFC3339Nano)))
	for _, s := range []string{r.Actor, r.Command, r.From, r.To, r.StateHash, r.PrevHash} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	h.Write(r.Payload)
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0]))
}

type row struct {
	c       *Case
	history []Record
}

// Store is a map of cases under a mutex.
type Store struct {
	mu    sync.Mutex
	cases map[string]*row
}

// NewStore returns an empty store.
func NewStore() *Store { return &Store{cases: map[string]*row{}} }

// Open stores a planned case with id.
func (s *Store) Open(id string, at time.Time) {
	c := &Case{ID: id, Version: 1, State: "opened", Policy: "default@1", OrganID: "jh", OrganName: "金华市纪委监委",
		Due: 20260315, DueStep: "propose", OpenedAt: at, UpdatedAt: at, SubjectID: "s-" + id, SubjectName: "张某",
		Report: "r-" + id, Allegations: []Allegation{{ID: "a1", Summary: "收受礼金", Finding: "unfounded"}},
		Forms: []string{"written", "faceToFace"}, Effects: []string{"onElection"}}
	rec := Record{Seq: 1, At: at, Actor: "t1", Command: "open", To: "opened"}
	rec.Hash = rec.hash()
	c.Head = rec.Hash
	s.mu.Lock()
	s.cases[id] = &row{c: c, history: []Record{rec}}
	s.mu.Unlock()
}

// ProposeInput is Propose's input.
type ProposeInput struct {
	CaseID  string `json:"caseId"`
	Version int    `json:"version"`
	Note    string `json:"note"`
}

// ErrState is Propose's refusal of a case not in state opened.
var ErrState = errors.New("floor: not in state opened")

// Propose moves an opened case to review and returns the case as saved.
func (s *Store) Propose(in ProposeInput, actor string, now time.Time) (*Case, error) {
	s.mu.Lock()
	r, ok := s.cases[in.CaseID]
	var c *Case
	if ok {
		c = r.c.clone()
	}
	s.mu.Unlock()
	switch {
	case !ok:
		return nil, errors.New("floor: no such case")
	case c.Version != in.Version:
		return nil, errors.New("floor: version conflict")
	case c.State != "opened":
		return nil, ErrState
	}
	payload, err := json.Marshal(in)
	if err != nil {
		return nil, err
	}
	from := c.State
	c.State, c.Round, c.Due, c.DueStep = "in_review", c.Round+1, c.Due+10, "approve"
	c.Proposals = append(c.Proposals, Step{At: now, Actor: actor, Role: "petition"})
	prevHead := c.Head
	c.Version, c.UpdatedAt, c.Head = c.Version+1, now, ""
	st := sha256.New()
	if err := json.NewEncoder(st).Encode(c); err != nil {
		return nil, err
	}
	var sum [sha256.Size]byte
	rec := Record{Seq: c.Version, At: now, Actor: actor, Command: "propose", From: from, To: c.State,
		Payload: payload, StateHash: hex.EncodeToString(st.Sum(sum[:0])), PrevHash: prevHead}
	rec.Hash = rec.hash()
	c.Head = rec.Hash
	kept := c.clone()
	s.mu.Lock()
	defer s.mu.Unlock()
	r = s.cases[in.CaseID]
	if r.c.Version != in.Version {
		return nil, errors.New("floor: version conflict")
	}
	s.cases[in.CaseID] = &row{c: kept, history: append(r.history[:len(r.history):len(r.history)], rec)}
	return c, nil
}
