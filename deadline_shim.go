package dandang

// Deadline is a stand-in until the statutory calendar lands.
func (c *Calendar) Deadline(from Day, n int) (Day, bool) {
	due := c.AddWorkdays(from, n)
	return due, !c.Covers(due.Date().Year())
}
