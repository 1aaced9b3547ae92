// Package clearance runs the clearing of names (澄清正名): a subject — a
// party member, cadre, public official or party organization — whose report
// was concluded with allegations found unfounded is cleared of those
// allegations, and only those (CL01, CL04).
//
// # The process
//
// A case opens from a concluded report, directly with [Service.Open] or from
// the root's report-concluded event through [Service.HandleReportConcluded]
// (CL01); the subject's written application is the other way in (CL17).
// One case exists per report and subject (CL03). The organ that verified the
// report, holding management authority over the subject, does the clearing
// (CL15).
//
// The handling organ grades the case (CL08), plans the forms — written, face
// to face, meeting, circular, with a written clearance alongside any other
// (CL05, CL16) — names the adverse effects that warrant clearing (CL17), and
// records the subject's opinion, which must agree before a meeting or a
// circular (CL06). The proposal then goes up the approval chain the policy
// sets (CL07): by default Zhejiang's, where a township proposes, its principal
// leader reviews and the county petition and reporting department approves;
// a self / joint / final chain with a three-office joint step is a policy too
// (CL08). Not clearing needs a reason and a committee leader's approval
// (CL02), and the subject is told why (CL18).
//
// Once approved, the forms are carried out within the policy's working days
// (CL18): the notice is served and copied to the head of the subject's unit,
// a named reporter gets feedback, and the material is filed in the integrity
// and personnel files and on the reporting platform (CL12). Closing writes a
// [event.ClearanceCompleted] event that asks for follow-up (CL13). A joint
// group of the offices the policy names scores concluded cases (CL09): each
// office once, by distinct signers (XC08); [QualityReview.Complete] once
// every office has scored, and the case's score is their mean.
//
// Every step has a deadline in working days (CL11); [Service.Overdue] lists
// the cases past it, and [Service.Supervise] records progress reports,
// registered supervision and formal talks for late cases, and escalation of
// sensitive ones to the principal leader (CL10), and the monthly
// three-office review of graded cases (三室会审, CL08); [Service.Cadences]
// lists the weekly progress reports and monthly reviews due and overdue.
// [Service.Sweep] finds the
// reports that should have been cleared and were not (CL14), and
// [Service.Stats] counts persons and organizations cleared by organ (XC04).
//
// # Commands
//
// Every command takes a context, the acting [dandang.Actor] and an input that
// names the case and the version last read ([Ref]). The commands are
// declared as data — the moves each may make, who may run it, the input
// check, the guard, the change — and run on the kit's [kit.Engine] in one
// fixed order: context; actor, resolved in the host's directory (XC07);
// reference; input; load; version; state (XC09, naming the state and the
// commands allowed there); authorization (the role, the organ, the approval
// chain's organ as the directory places it, and separation of duties,
// XC08); the guards, as the before-event callback of the one looplab/fsm
// machine definition of the process; the change; a history record bound to
// the case's new state; outbox events; and one store save conditional on
// the version. A refused command returns a *dandang.Error with a code, the
// rule ID and the field, and changes nothing; [Explain] renders it for
// users, zh-Hans by default and English. Reads take the actor too, and see
// the cases of its organ and the organs under it.
//
// # States
//
// The state diagram, generated from the transition table ([Diagram]):
//
//	stateDiagram-v2
//	    [*] --> opened
//	    approved --> approved: carry_out
//	    approved --> closed: close
//	    approved --> approved: consent_to_name
//	    approved --> approved: correct_notice
//	    approved --> approved: feedback
//	    approved --> approved: file
//	    approved --> approved: hand_over
//	    approved --> approved: malice_established
//	    approved --> approved: redate
//	    approved --> approved: refuse_public
//	    approved --> approved: serve_notice
//	    approved --> approved: supervise
//	    approved --> opened: withdraw_consent
//	    closed --> closed: correct_notice
//	    closed --> closed: malice_established
//	    closed --> closed: quality_review
//	    closed --> revoked: revoke
//	    decline_pending --> declined: approve_decline
//	    decline_pending --> decline_pending: hand_over
//	    decline_pending --> decline_pending: malice_established
//	    decline_pending --> decline_pending: redate
//	    decline_pending --> opened: reject_decline
//	    decline_pending --> decline_pending: supervise
//	    declined --> declined: malice_established
//	    declined --> declined: quality_review
//	    declined --> opened: reconsider
//	    in_review --> approved: approve
//	    in_review --> in_review: consent_to_name
//	    in_review --> in_review: grade
//	    in_review --> in_review: malice_established
//	    in_review --> decline_pending: propose_decline
//	    in_review --> in_review: redate
//	    in_review --> in_review: refuse_public
//	    in_review --> opened: reject
//	    in_review --> in_review: sign
//	    in_review --> in_review: supervise
//	    in_review --> opened: withdraw_consent
//	    opened --> opened: consent_to_name
//	    opened --> opened: consult
//	    opened --> opened: grade
//	    opened --> opened: hand_over
//	    opened --> opened: malice_established
//	    opened --> opened: plan
//	    opened --> in_review: propose
//	    opened --> decline_pending: propose_decline
//	    opened --> opened: redate
//	    opened --> opened: refuse_public
//	    opened --> opened: supervise
//	    opened --> opened: withdraw_consent
//	    revoked --> revoked: malice_established
//
// Commands that change no state (grade, plan, consult, a signature the chain
// goes on from, carrying out, serving the notice, feedback, filing,
// supervision, quality review, consent to be named, malice established
// recorded from the accusation process (AC12, in every state), and the
// redate of a provisional deadline, XC10) are loops on the same machine, and are
// recorded in the history all the same, with equal from and to states.
//
// Known limit: opening a case whose ID exists outside the opener's reach
// gives Conflict, not NotFound, so an opener can tell that the case exists
// (though not who handles it); see the kit package's "creation oracle".
package clearance

//go:generate go run github.com/dandang/dandang/internal/enumgen
