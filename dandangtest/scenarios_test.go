package dandangtest_test

import (
	"testing"

	"github.com/dandang/dandang/dandangtest"
)

// The library's own scenarios pass as Go subtests.
func TestScenarios(t *testing.T) {
	dandangtest.Run(t, "../scenarios")
}
