package dandang

import (
	"sync"
	"time"
)

// China is the time zone deadlines are counted in: UTC+8, without daylight
// saving, so that no tz database is needed.
var China = time.FixedZone("CST", 8*60*60)

// Clock tells the time. Services take one so that tests can fix it.
type Clock interface {
	Now() time.Time
}

// systemClock is the Clock of the wall, time.Now: what every service and
// dispatcher runs on when its config names no Clock.
type systemClock struct{}

// Now returns time.Now().
func (systemClock) Now() time.Time { return time.Now() }

// FixedClock is a Clock that only moves when told to. It is safe for
// concurrent use. The zero value reads the zero time.
type FixedClock struct {
	mu sync.Mutex
	t  time.Time
}

// NewFixedClock returns a FixedClock reading t.
func NewFixedClock(t time.Time) *FixedClock { return &FixedClock{t: t} }

// Now returns the clock's time.
func (c *FixedClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t.
func (c *FixedClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// Advance moves the clock forward by d.
func (c *FixedClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}
