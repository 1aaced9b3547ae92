package event

import (
	"encoding/json"
	"fmt"

	"github.com/dandang/dandang"
)

// Decode returns the payload of e as its concrete type (a value, such as
// ReportConcluded).
//
// Errors: Invalid (XC06) for an unknown kind or a payload that does not
// decode as its kind's type.
func Decode(e dandang.Event) (Payload, error) {
	var p Payload
	var err error
	switch e.Kind {
	case KindReportConcluded:
		var v ReportConcluded
		err, p = json.Unmarshal(e.Payload, &v), v
	case KindMaliciousEstablished:
		var v MaliciousEstablished
		err, p = json.Unmarshal(e.Payload, &v), v
	case KindClearanceCompleted:
		var v ClearanceCompleted
		err, p = json.Unmarshal(e.Payload, &v), v
	case KindDisciplineDecided:
		var v DisciplineDecided
		err, p = json.Unmarshal(e.Payload, &v), v
	case KindAccountabilityOpened:
		var v AccountabilityOpened
		err, p = json.Unmarshal(e.Payload, &v), v
	case KindClearanceRevoked:
		var v ClearanceRevoked
		err, p = json.Unmarshal(e.Payload, &v), v
	case KindSanctionLifted:
		var v SanctionLifted
		err, p = json.Unmarshal(e.Payload, &v), v
	case KindFollowUpReported:
		var v FollowUpReported
		err, p = json.Unmarshal(e.Payload, &v), v
	case KindAppraisalIssued:
		var v AppraisalIssued
		err, p = json.Unmarshal(e.Payload, &v), v
	case KindPromotionRecommended:
		var v PromotionRecommended
		err, p = json.Unmarshal(e.Payload, &v), v
	case KindAccountabilityDecided:
		var v AccountabilityDecided
		err, p = json.Unmarshal(e.Payload, &v), v
	case KindToleranceDecided:
		var v ToleranceDecided
		err, p = json.Unmarshal(e.Payload, &v), v
	case KindNoNegativeEvaluation:
		var v NoNegativeEvaluation
		err, p = json.Unmarshal(e.Payload, &v), v
	case KindToleranceRevoked:
		var v ToleranceRevoked
		err, p = json.Unmarshal(e.Payload, &v), v
	default:
		return nil, &dandang.Error{Code: dandang.Invalid, Op: "event.Decode", Rule: "XC06", Field: "Kind", Message: fmt.Sprintf("unknown event kind %q", e.Kind)}
	}
	if err != nil {
		return nil, &dandang.Error{Code: dandang.Invalid, Op: "event.Decode", Field: "Payload", Err: err}
	}
	return p, nil
}
