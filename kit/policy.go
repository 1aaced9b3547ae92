package kit

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/dandang/dandang"
	"github.com/go-playground/validator/v10"
)

// Versioned is what a process policy is: a value that names its version and
// checks itself.
type Versioned interface {
	PolicyRef() PolicyRef
	Validate() error
}

// ValidatePolicy checks a policy value's `validate` struct tags with
// go-playground/validator — the library's one validator, built once — and returns an Invalid *Error naming the first
// field that fails and the tag it broke. op names the caller, rule the rule
// the policy encodes.
func ValidatePolicy(op, rule string, p any) error {
	err := validate().Struct(p)
	if err == nil {
		return nil
	}
	var ves validator.ValidationErrors
	if errors.As(err, &ves) && len(ves) > 0 {
		fe := ves[0]
		field := fe.StructNamespace()
		if i := strings.IndexByte(field, '.'); i >= 0 {
			field = field[i+1:]
		}
		msg := fmt.Sprintf("fails %q", fe.Tag())
		if fe.Param() != "" {
			msg = fmt.Sprintf("fails %q (%s)", fe.Tag(), fe.Param())
		}
		return &dandang.Error{Code: dandang.Invalid, Op: op, Rule: rule, Field: field, Message: msg, Err: err}
	}
	return &dandang.Error{Code: dandang.Invalid, Op: op, Rule: rule, Err: err}
}

// PolicySet keeps every version of a process's policies that cases were
// opened under, and which one new cases get. It is safe for concurrent use.
type PolicySet[P Versioned] struct {
	mu      sync.RWMutex
	all     map[PolicyRef]P
	current PolicyRef
}

// NewPolicySet returns a set whose current policy is current; older lists
// the versions that open cases may still name.
func NewPolicySet[P Versioned](current P, older ...P) *PolicySet[P] {
	s := &PolicySet[P]{all: make(map[PolicyRef]P)}
	for _, p := range older {
		s.all[p.PolicyRef()] = p
	}
	s.all[current.PolicyRef()] = current
	s.current = current.PolicyRef()
	return s
}

// Current returns the policy new cases are opened under.
func (s *PolicySet[P]) Current() P {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.all[s.current]
}

// Get returns the policy named by ref, for a case opened under it.
func (s *PolicySet[P]) Get(ref PolicyRef) (P, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	p, ok := s.all[ref]
	return p, ok
}

// Adopt makes p the current policy for new cases; cases opened under an
// earlier version keep theirs. A policy that does not validate is refused
// with its error, and a ref already held with a Conflict error: a version,
// once published, never changes.
func (s *PolicySet[P]) Adopt(p P) error {
	if err := p.Validate(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ref := p.PolicyRef()
	if _, ok := s.all[ref]; ok {
		return &dandang.Error{Code: dandang.Conflict, Op: "PolicySet.Adopt", Field: "PolicyRef", Message: ref.String() + " is already held; publish a new version"}
	}
	s.all[ref] = p
	s.current = ref
	return nil
}

// Validate validates every policy the set holds, and returns the first
// error.
func (s *PolicySet[P]) Validate() error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, p := range s.all {
		if err := p.Validate(); err != nil {
			return err
		}
	}
	return nil
}

// PolicyRef names one version of a policy. A case records the PolicyRef it
// was opened under and keeps being judged under it.
type PolicyRef struct {
	ID      string `json:"id" validate:"required"`
	Version int    `json:"version" validate:"min=1"`
}

// String returns "id@version".
func (r PolicyRef) String() string { return fmt.Sprintf("%s@%d", r.ID, r.Version) }
