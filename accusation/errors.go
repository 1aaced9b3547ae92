package accusation

import (
	"errors"

	"github.com/dandang/dandang"
)

func asError(err error, e **dandang.Error) bool { return errors.As(err, e) }
