package clearance

import "github.com/dandang/dandang/kit"

// Filter selects cases (closed and declined ones by their closing time),
// as every process selects them.
type Filter = kit.Query[State]
