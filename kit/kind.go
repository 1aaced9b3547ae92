package kit

// Kind describes a kind of case to a store: its name, which keeps the cases
// of different kinds apart in shared tables, and how to make an empty case
// to decode a stored one into. A process exports one (clearance.Cases, …),
// so that a host opens any process's store the same way on any adapter —
// memdb.NewStore(db, clearance.Cases), postgres.NewStore(db, clearance.Cases)
// — and no adapter names a process.
type Kind[C any] struct {
	// Name is the kind's name, such as "clearance": lower case ASCII
	// letters, digits and '_', as records and events carry it.
	Name string
	// New returns a fresh, empty case.
	New func() C
}
