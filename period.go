package dandang

import "time"

// Period is what every process's Stats counts over: the closed period
// [From, To) and, where Region is not "", only the organs whose region code
// starts with it (XC04).
type Period struct {
	Region string    `json:"region,omitempty"`
	From   time.Time `json:"from"`
	To     time.Time `json:"to"`
}
