// Package followup runs the follow-up visits (回访) to disciplined and
// cleared officials: organs visit the person again, to see how they are
// doing, to help, and to report truthfully to the party committee and the
// organization department, whose appraisal and promotion decisions the
// results feed (FU01–FU08).
//
// # Who is followed up
//
// A follow-up opens for one person and one decision or clearance (FU01):
// from the root's discipline-decided event ([Service.HandleDisciplineDecided]),
// from the clearance-completed event (CL13, [Service.HandleClearanceCompleted]),
// directly ([Service.Open]), or in bulk by a campaign ([Service.Campaign]):
// the annual follow-up education week (回访教育周), or everyone handled under
// the first or second form since a date (FU02); [Service.Cadences] lists the
// yearly education week of every organ that follows people up, due and
// overdue. Each person has one file with one plan (一人一策、一人一档, FU04): a
// further discipline decision about a person the organ follows up joins the
// person's open file, listed within it with its own period and lift
// ([Case.Decisions]); a second follow-up of the same decision is refused,
// and the handlers and campaigns skip what exists. A party organization is not
// visited. A revoked clearance (the root's clearance-revoked event, CL20)
// stops its follow-up with a recorded step ([Service.HandleClearanceRevoked]).
//
// # Discipline periods
//
// A sanction's period comes from the policy's table in calendar months
// (FU07): party warning 12, serious warning 18, removal from party posts 24;
// administrative warning 6, demerit 12, major demerit 18, demotion and
// dismissal from post 24. [Period] documents how months are counted across
// month ends ([AddMonths]: 31 August plus 6 months is the last day of
// February). The sanction lifts by itself the day after the period's last
// day; [Service.Lift] and the sweep [Service.LiftDue] record it as a step of
// the case, with a [event.SanctionLifted] event.
//
// # The plan and the visits
//
// Each person gets a plan (一人一策, FU04) whose approach fits the person
// (FU03): explain the policy to the resistant, counsel those under pressure,
// encourage the slack; each problem gets its help (一病一方). Visits
// (FU05) — a meeting alone, a scheduled visit, a phone call — hear the person
// and, as the plan and the policy say, the unit (Jiangbei's 双回访) or the
// principal leader, colleagues, and family and friends (Wuyi's 一人四访,
// [FourWayPolicy]). Under the default policy (FU08) whoever imposed the
// discipline visits (谁处分谁回访), with at least two visitors, at least one
// visit a year and one when the period ends; each visit is recorded in the
// person's file (一访一档, 一人一档) and rated good, average or poor, a good
// rating yielding an appraisal for the organization department
// ([event.AppraisalIssued]). [Service.Overdue] lists the follow-ups past
// their deadline: a plan, a yearly visit, a lift, a visit at the period's
// end.
//
// # What the results feed
//
// [Service.Report] reports the results to the party committee and the
// organization department as a [event.FollowUpReported] event carrying
// the visits' ratings as recorded (FU06). A cadre whose period has run out,
// who was visited at its end and whose latest visit was rated good may be
// recommended for promotion ([Service.Recommend],
// [event.PromotionRecommended]); never before the period ends, never after
// a poor rating. [Service.Promote] records the promotion the organization
// department made. [Service.Stats] counts persons, visits, ratings,
// appraisals, lifts, reports, recommendations and promotions by organ and
// level over a period.
//
// # Commands
//
// Every command takes a context, the acting [dandang.Actor] and an input that
// names the case and the version last read ([Ref]), and runs on the kit's
// [kit.Engine] in its fixed order: context; actor, resolved in the host's
// directory (XC07); reference; input; load; version; state (XC09); the
// organ and role (FU08, XC02); the guards on the looplab/fsm machine; the
// change; a history record bound to the case's new state (XC01, XC11);
// outbox events; one store save conditional on the version. A refused
// command returns a *dandang.Error naming the rule and the field, and
// changes nothing; [Explain] renders it, zh-Hans by default and English.
//
// Deadlines: the plan's and the visit at the period's end are working days
// on the calendar (and provisional past the official schedule, XC10); the
// yearly visit and the day of the lift are calendar dates, counted in
// months.
//
// # States
//
// The state diagram, generated from the transition table ([Diagram]):
//
//	stateDiagram-v2
//	    [*] --> opened
//	    following --> closed: close
//	    following --> following: join
//	    following --> lifted: lift
//	    following --> following: lift_one
//	    following --> recommended: recommend
//	    following --> following: redate
//	    following --> following: report
//	    following --> following: revise_plan
//	    following --> stopped: stop
//	    following --> following: visit
//	    lifted --> closed: close
//	    lifted --> lifted: join
//	    lifted --> following: join_in_force
//	    lifted --> recommended: recommend
//	    lifted --> lifted: redate
//	    lifted --> lifted: report
//	    lifted --> lifted: revise_plan
//	    lifted --> stopped: stop
//	    lifted --> lifted: visit
//	    opened --> opened: join
//	    opened --> following: plan
//	    opened --> opened: redate
//	    opened --> stopped: stop
//	    recommended --> closed: close
//	    recommended --> recommended: join
//	    recommended --> following: join_in_force
//	    recommended --> recommended: promote
//	    recommended --> recommended: redate
//	    recommended --> recommended: report
//	    recommended --> recommended: revise_plan
//	    recommended --> stopped: stop
//	    recommended --> recommended: visit
//
// Commands that change no state (revising the plan, visits, reports,
// recording a promotion, and the redate of a provisional deadline, XC10) are
// loops on the same machine, recorded in the history all the same.
//
// Known limit: opening a case whose ID exists outside the opener's reach
// gives Conflict, not NotFound, so an opener can tell that the case exists
// (though not who handles it); see the kit package's "creation oracle".
package followup

//go:generate go run github.com/dandang/dandang/internal/enumgen
