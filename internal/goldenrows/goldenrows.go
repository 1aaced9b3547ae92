// Package goldenrows is the form of the golden rows kept under
// internal/schema/testdata/rows: cases, their history and their outbox
// events exactly as the PostgreSQL tables held them when they were written,
// so that tests pin that rows stored by earlier versions still read and
// verify (XC11).
package goldenrows

import (
	"encoding/json"
	"time"
)

// Record is a history record as the history table keeps it, column by
// column; Payload is the bytes of the payload column.
type Record struct {
	CaseKind  string          `json:"case_kind"`
	CaseID    string          `json:"case_id"`
	Seq       int             `json:"seq"`
	At        time.Time       `json:"at"`
	Actor     json.RawMessage `json:"actor"`
	Command   string          `json:"command"`
	From      string          `json:"from_state"`
	To        string          `json:"to_state"`
	Reason    string          `json:"reason"`
	Rules     []string        `json:"rules"`
	Payload   *string         `json:"payload"`
	StateHash string          `json:"state_hash"`
	PrevHash  string          `json:"prev_hash"`
	Hash      string          `json:"hash"`
}

// Case is a case row: Data is the bytes of the data column, exactly as the
// store wrote them.
type Case struct {
	ID      string   `json:"id"`
	Data    string   `json:"data"`
	History []Record `json:"history"`
}

// Event is an outbox row; Payload is the bytes of the payload column.
type Event struct {
	ID       string    `json:"id"`
	Kind     string    `json:"kind"`
	CaseKind string    `json:"case_kind"`
	CaseID   string    `json:"case_id"`
	At       time.Time `json:"at"`
	Payload  string    `json:"payload"`
}

// Rows are the rows of one case kind.
type Rows struct {
	Kind   string  `json:"kind"`
	Cases  []Case  `json:"cases"`
	Events []Event `json:"events,omitempty"`
}
