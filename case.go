package dandang

// Ref names a case and the version the caller last read. A command on a
// case whose version moved on is refused with a Conflict error.
type Ref struct {
	CaseID  string `json:"caseId"`
	Version int    `json:"version"`
}
