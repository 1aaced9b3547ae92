package dandang

import (
	"fmt"
)

// PolicyRef names one version of a policy. A case records the PolicyRef it
// was opened under and keeps being judged under it.
type PolicyRef struct {
	ID      string `json:"id" validate:"required"`
	Version int    `json:"version" validate:"min=1"`
}

// String returns "id@version".
func (r PolicyRef) String() string { return fmt.Sprintf("%s@%d", r.ID, r.Version) }
